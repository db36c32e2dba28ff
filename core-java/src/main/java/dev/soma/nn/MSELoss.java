package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Mean squared error (torch.nn.MSELoss); see {@link Functional#mseLoss}. */
public final class MSELoss extends Loss {

    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) {
        super(reduction);

    }

    @Override public Tensor forward(Tensor input, Tensor target) { return Functional.mseLoss(input, target, reduction); }

    @Override public Config config() { return baseConfig(); }

    static MSELoss fromConfig(Config c) { return new MSELoss(reductionOf(c)); }
}
