package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Cosine embedding loss for ±1 pair labels (torch.nn.CosineEmbeddingLoss); see {@link Functional#cosineEmbeddingLoss}. */
public final class CosineEmbeddingLoss extends PairLoss {
    public CosineEmbeddingLoss() { this(0.0, Reduction.MEAN); }

    public CosineEmbeddingLoss(double margin, Reduction reduction) { super(margin, reduction); }

    @Override public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Functional.cosineEmbeddingLoss(input1, input2, target, margin, reduction);
    }

    static CosineEmbeddingLoss fromConfig(Config c) { return new CosineEmbeddingLoss(c.getDouble("margin", 0.0), Loss.reductionOf(c)); }
}
