package dev.soma.spark.scaling;

import dev.soma.nn.BatchNorm2d;
import dev.soma.nn.Conv2d;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.IntsOrString;
import dev.soma.nn.Linear;
import dev.soma.nn.MSELoss;
import dev.soma.nn.Module;
import dev.soma.nn.ReLU;
import dev.soma.nn.Residual;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.optim.Optimizer;
import dev.soma.optim.SGD;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.function.BiFunction;

/** Training-step seconds per sample on this machine for the simulated workloads, measured as the median of a few steps. */
final class ComputeCost {
    private ComputeCost() {}

    /** W3: 784 → 256 → 128 → 10 MLP, cross-entropy, Adam, batch 64. */
    static final long W3_PARAMS = 235_146;
    /** W4a: ResNet basic block, 64 channels, 32×32, two 3×3 convolutions without bias and two BatchNorms. */
    static final long W4A_PARAMS = 2L * 64 * 64 * 9 + 4 * 64;
    /** The 10M Transformer: 3 encoder layers, d_model 512, ffn 2048, 8 heads, sequence 128, vocabulary 1024. */
    static final int T_LAYERS = 3, T_D = 512, T_FFN = 2048, T_SEQ = 128, T_VOCAB = 1024;
    static final long TRANSFORMER_PARAMS = (long) T_LAYERS * (4L * T_D * T_D + 4 * T_D + 2L * T_D * T_FFN + T_FFN + T_D + 4 * T_D)
            + (long) T_VOCAB * T_D;

    static double w3(int steps) {
        Generator g = new Generator(0);
        Sequential m = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
        return perSample(m, new Adam(m.parameters(), 1e-3), Tensor.randn(g, 64, 784), labels(g, 64, 10), new CrossEntropyLoss()::forward, steps);
    }

    static double w4a(int batch, int steps) {
        Generator g = new Generator(0);
        Sequential m = new Sequential(new Residual(new Sequential(conv(g), new BatchNorm2d(64), new ReLU(), conv(g), new BatchNorm2d(64))), new ReLU());
        return perSample(m, new SGD(m.parameters(), 0.01), Tensor.randn(g, batch, 64, 32, 32), Tensor.randn(g, batch, 64, 32, 32),
                new MSELoss()::forward, steps);
    }

    /** Floating-point operations per second of training GEMMs: an MLP 1024 → 4096 → 1024 step at batch 256 does 6·weights·batch. */
    static double trainingFlops(int steps) {
        Generator g = new Generator(0);
        Sequential m = new Sequential(new Linear(1024, 4096), new ReLU(), new Linear(4096, 1024));
        double perSample = perSample(m, new SGD(m.parameters(), 0.01), Tensor.randn(g, 256, 1024), Tensor.randn(g, 256, 1024),
                new MSELoss()::forward, steps);
        return 6.0 * 2 * 1024 * 4096 / perSample;
    }

    /** The Transformer's training FLOPs per sequence: 6·P·L for its matrices plus 12·L²·d per layer for attention's two products. */
    static double transformerFlopsPerSample() {
        return 6.0 * (TRANSFORMER_PARAMS - (long) T_VOCAB * T_D) * T_SEQ + 12.0 * T_LAYERS * T_SEQ * T_SEQ * T_D;
    }

    private static Conv2d conv(Generator g) {
        return new Conv2d(64, 64, new int[] {3}, new int[] {1}, IntsOrString.of(1), new int[] {1}, 1, false, "zeros", g);
    }

    private static Tensor labels(Generator g, int n, int classes) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = (int) g.nextLong(classes);
        return Tensor.adopt(y, DType.INT64, n);
    }

    private static double perSample(Module m, Optimizer opt, Tensor x, Tensor y, BiFunction<Tensor, Tensor, Tensor> loss, int steps) {
        double[] t = new double[steps];
        for (int i = -2; i < steps; i++) {
            long s = System.nanoTime();
            opt.zeroGrad();
            loss.apply(m.forward(x), y).backward();
            opt.step();
            if (i >= 0) t[i] = (System.nanoTime() - s) / 1e9;
        }
        Arrays.sort(t);
        return t[steps / 2] / x.size(0);
    }
}
