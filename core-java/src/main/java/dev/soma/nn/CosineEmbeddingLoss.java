package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Cosine embedding loss for ±1 pair labels (torch.nn.CosineEmbeddingLoss): called with (input1, input2, target). */
public final class CosineEmbeddingLoss extends Module {
    public final double margin;
    public final Reduction reduction;

    public CosineEmbeddingLoss() { this(0.0, Reduction.MEAN); }

    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction;
    }

    /** The loss of the pairs (input1, input2) under labels {@code target} (±1). */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    @Override public Tensor forward(Tensor input) {
        throw new IllegalStateException("CosineEmbeddingLoss: takes (input1, input2, target); call forward(input1, input2, target)");
    }

    @Override public Config config() { return Config.of("CosineEmbeddingLoss").put("margin", margin).put("reduction", reduction.torchName()); }

    static CosineEmbeddingLoss fromConfig(Config c) { return new CosineEmbeddingLoss(c.getDouble("margin", 0.0), Loss.reductionOf(c)); }
}
