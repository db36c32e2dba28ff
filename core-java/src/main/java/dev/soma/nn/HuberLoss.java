package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Huber loss with threshold delta (torch.nn.HuberLoss); see {@link Functional#huberLoss}. */
public final class HuberLoss extends Loss {
    public final double delta;

    public HuberLoss() { this(Reduction.MEAN, 1.0); }

    public HuberLoss(Reduction reduction, double delta) {
        super(reduction);
        if (!(delta > 0)) throw new IllegalArgumentException("HuberLoss: delta must be positive, got " + delta);
        this.delta = delta;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return Functional.huberLoss(input, target, reduction, delta); }

    @Override public Config config() { return baseConfig().put("delta", delta); }

    static HuberLoss fromConfig(Config c) { return new HuberLoss(reductionOf(c), c.getDouble("delta", 1.0)); }
}
