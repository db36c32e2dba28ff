package dev.soma.bench;

import java.util.SplittableRandom;

/** Seeded random inputs for workloads, as torch.randn and torch.randint make them on the PyTorch side. */
public final class RandomData {
    private RandomData() {}

    /** n floats from the standard normal distribution, reproducible from the seed. */
    public static float[] normal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller: two normals from two uniforms.
            double u = 1.0 - r.nextDouble(), v = r.nextDouble();
            double radius = Math.sqrt(-2.0 * Math.log(u)), angle = 2.0 * Math.PI * v;
            x[i] = (float) (radius * Math.cos(angle));
            if (i + 1 < n) x[i + 1] = (float) (radius * Math.sin(angle));
        }
        return x;
    }
}
