package dev.soma.data.transforms;

import dev.soma.tensor.Tensor;

/** (x − mean[c]) / std[c] for each channel c of a (C, …) sample (torchvision Normalize). */
public final class Normalize implements Transform {
    private final float[] mean, std;

    public Normalize(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0)
            throw new IllegalArgumentException("Normalize: mean and std need one value per channel, got " + mean.length + " and " + std.length);
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("Normalize: std must be positive, got " + s);
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override public Tensor apply(Tensor x) {
        if (x.dim() == 0 || x.size(0) != mean.length)
            throw new IllegalArgumentException("Normalize: expected a sample with " + mean.length + " channels in dim 0, got shape "
                    + java.util.Arrays.toString(x.shape()));
        int[] shape = new int[x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = mean.length;
        return x.sub(Tensor.of(mean, shape)).div(Tensor.of(std, shape));
    }
}
