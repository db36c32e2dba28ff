package dev.soma.nn;

import dev.soma.tensor.Pooling;
import dev.soma.tensor.Tensor;

/**
 * Global average pooling as Keras' GlobalAveragePooling2D: the mean over H and W, (N, C, H, W) to (N, C) or (C, H, W) to
 * (C), i.e. {@code AdaptiveAvgPool2d(1)} followed by {@code Flatten()}, in one layer to put before the classifier.
 * PyTorch has no such class: a model file holding it is read by Soma, and its (empty) state dict matches the PyTorch
 * pair's, so weights move either way.
 */
public final class GlobalAvgPool2d extends Module {
    private static final int[] ONE = {1};

    @Override public Tensor forward(Tensor x) {
        int[] out = outputShape(x.shape());
        return Pooling.adaptiveAvgPool(x, 2, ONE).reshape(out);
    }

    /** (N, C, H, W) to (N, C); (C, H, W) to (C). */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        int[] pooled = Pooling.adaptiveShape(toString(), x, 2, ONE);
        return java.util.Arrays.copyOf(pooled, pooled.length - 2);
    }

    @Override public Config config() { return Config.of("GlobalAvgPool2d"); }
}
