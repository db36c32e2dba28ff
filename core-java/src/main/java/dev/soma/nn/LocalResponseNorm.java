package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * torch.nn.LocalResponseNorm: divides each value of (N, C, *) by (k + α·mean of x² over {@code size} neighbouring
 * channels)^β, the lateral inhibition of AlexNet.
 */
public final class LocalResponseNorm extends Module {
    public final int size;
    public final double alpha, beta, k;

    /** α 1e-4, β 0.75, k 1. */
    public LocalResponseNorm(int size) { this(size, 1e-4, 0.75, 1.0); }

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        if (size <= 0) throw new IllegalArgumentException("LocalResponseNorm: size must be positive, got " + size);
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Functional.localResponseNorm(x, size, alpha, beta, k);
    }

    /** The input's shape, (N, C, *) with at least one dim after C. */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        if (x.length < 3) throw shapeError("(N, C, *) of 3 or more dims", x);
        return x.clone();
    }

    @Override protected String extraRepr() {
        return size + ", alpha=" + BatchNormNd.pyFloat(alpha) + ", beta=" + BatchNormNd.pyFloat(beta) + ", k=" + BatchNormNd.pyFloat(k);
    }

    @Override public Config config() {
        return Config.of("LocalResponseNorm").put("size", size).put("alpha", alpha).put("beta", beta).put("k", k);
    }

    static LocalResponseNorm fromConfig(Config c) {
        return new LocalResponseNorm(c.getInt("size"), c.getDouble("alpha", 1e-4), c.getDouble("beta", 0.75), c.getDouble("k", 1.0));
    }
}
