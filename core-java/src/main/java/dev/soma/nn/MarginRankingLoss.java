package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Ranking hinge loss max(0, −y·(x1 − x2) + margin) (torch.nn.MarginRankingLoss); see {@link Functional#marginRankingLoss}. */
public final class MarginRankingLoss extends PairLoss {
    public MarginRankingLoss() { this(0.0, Reduction.MEAN); }

    public MarginRankingLoss(double margin, Reduction reduction) { super(margin, reduction); }

    @Override public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Functional.marginRankingLoss(input1, input2, target, margin, reduction);
    }

    static MarginRankingLoss fromConfig(Config c) { return new MarginRankingLoss(c.getDouble("margin", 0.0), Loss.reductionOf(c)); }
}
