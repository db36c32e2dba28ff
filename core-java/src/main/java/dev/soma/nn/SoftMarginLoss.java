package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Two-class logistic loss log(1 + e^(−y·x)) (torch.nn.SoftMarginLoss). */
public final class SoftMarginLoss extends Loss {

    public SoftMarginLoss() { this(Reduction.MEAN); }

    public SoftMarginLoss(Reduction reduction) {
        super(reduction);

    }

    @Override public Tensor forward(Tensor input, Tensor target) { return Functional.softMarginLoss(input, target, reduction); }

    @Override public Config config() { return baseConfig(); }

    static SoftMarginLoss fromConfig(Config c) { return new SoftMarginLoss(reductionOf(c)); }
}
