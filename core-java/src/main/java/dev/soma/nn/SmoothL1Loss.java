package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Smooth L1 loss with threshold beta (torch.nn.SmoothL1Loss); see {@link Functional#smoothL1Loss}. */
public final class SmoothL1Loss extends Loss {
    public final double beta;

    public SmoothL1Loss() { this(Reduction.MEAN, 1.0); }

    public SmoothL1Loss(Reduction reduction, double beta) {
        super(reduction);
        if (beta < 0) throw new IllegalArgumentException("SmoothL1Loss: beta must be non-negative, got " + beta);
        this.beta = beta;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return Functional.smoothL1Loss(input, target, reduction, beta); }

    @Override public Config config() { return baseConfig().put("beta", beta); }

    static SmoothL1Loss fromConfig(Config c) { return new SmoothL1Loss(reductionOf(c), c.getDouble("beta", 1.0)); }
}
