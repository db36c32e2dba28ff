package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** A loss over pairs (input1, input2) with ±1 labels and a margin, as MarginRankingLoss and CosineEmbeddingLoss. */
public abstract class PairLoss extends Module {
    public final double margin;
    public final Reduction reduction;

    protected PairLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction;
    }

    /** The loss of the pairs (input1, input2) under labels {@code target} (±1). */
    public abstract Tensor forward(Tensor input1, Tensor input2, Tensor target);

    /** Pair losses take three arguments; calling the one-argument forward is a usage error. */
    @Override public Tensor forward(Tensor input) {
        throw new IllegalStateException(typeName() + ": takes (input1, input2, target); call forward(input1, input2, target)");
    }

    @Override public int[] outputShape(int[] inputShape) {
        throw new IllegalStateException(typeName() + ": a pair loss takes (input1, input2, target); it has no single-input shape rule");
    }

    @Override protected String extraRepr() { return "margin=" + margin + (reduction == Reduction.MEAN ? "" : ", reduction=" + reduction.torchName()); }

    @Override public Config config() { return Config.of(typeName()).put("margin", margin).put("reduction", reduction.torchName()); }
}
