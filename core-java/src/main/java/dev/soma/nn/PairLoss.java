package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.List;

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

    private static final List<String> INPUTS = List.of("input1", "input2", "target");

    /** A pair loss takes (input1, input2, target). */
    @Override public List<String> inputNames() { return INPUTS; }

    /** {@link #forward(Tensor, Tensor, Tensor)} through the general entry point: exactly (input1, input2, target). */
    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        return forward(inputs[0], inputs[1], inputs[2]);
    }

    @Override protected String extraRepr() { return "margin=" + margin + (reduction == Reduction.MEAN ? "" : ", reduction=" + reduction.torchName()); }

    @Override public Config config() { return Config.of(typeName()).put("margin", margin).put("reduction", reduction.torchName()); }
}
