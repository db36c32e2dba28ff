package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Hinge embedding loss for ±1 targets (torch.nn.HingeEmbeddingLoss). */
public final class HingeEmbeddingLoss extends Loss {
    public final double margin;

    public HingeEmbeddingLoss() { this(Reduction.MEAN, 1.0); }

    public HingeEmbeddingLoss(Reduction reduction, double margin) {
        super(reduction);
        this.margin = margin;
    }

    @Override public Tensor forward(Tensor input, Tensor target) { return Functional.hingeEmbeddingLoss(input, target, margin, reduction); }

    @Override public Config config() { return baseConfig().put("margin", margin); }

    static HingeEmbeddingLoss fromConfig(Config c) { return new HingeEmbeddingLoss(reductionOf(c), c.getDouble("margin", 1.0)); }
}
