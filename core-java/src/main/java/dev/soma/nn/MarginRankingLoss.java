package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Ranking hinge loss max(0, −y·(x1 − x2) + margin) (torch.nn.MarginRankingLoss): called with (input1, input2, target). */
public final class MarginRankingLoss extends Module {
    public final double margin;
    public final Reduction reduction;

    public MarginRankingLoss() { this(0.0, Reduction.MEAN); }

    public MarginRankingLoss(double margin, Reduction reduction) {
        this.margin = margin;
        this.reduction = reduction;
    }

    /** The loss of the pairs (input1, input2) under labels {@code target} (±1). */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Losses.marginRankingLoss(input1, input2, target, margin, reduction);
    }

    @Override public Tensor forward(Tensor input) {
        throw new IllegalStateException("MarginRankingLoss: takes (input1, input2, target); call forward(input1, input2, target)");
    }

    @Override public Config config() { return Config.of("MarginRankingLoss").put("margin", margin).put("reduction", reduction.torchName()); }

    static MarginRankingLoss fromConfig(Config c) { return new MarginRankingLoss(c.getDouble("margin", 0.0), Loss.reductionOf(c)); }
}
