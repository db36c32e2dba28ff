package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** log(1 + e^(beta·x)) / beta, linear above threshold (torch.nn.Softplus); see {@link Functional#softplus}. */
public final class Softplus extends Module {
    public final double beta, threshold;

    public Softplus() { this(1.0, 20.0); }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override public Tensor forward(Tensor input) { return Functional.softplus(input, beta, threshold); }

    @Override protected String extraRepr() { return "beta=" + beta + ", threshold=" + threshold; }

    @Override public Config config() { return Config.of("Softplus").put("beta", beta).put("threshold", threshold); }

    static Softplus fromConfig(Config c) { return new Softplus(c.getDouble("beta", 1.0), c.getDouble("threshold", 20.0)); }
}
