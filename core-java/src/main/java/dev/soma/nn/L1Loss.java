package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Mean absolute error (torch.nn.L1Loss); see {@link Functional#l1Loss}. */
public final class L1Loss extends Loss {

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) {
        super(reduction);

    }

    @Override public Tensor forward(Tensor input, Tensor target) { return Functional.l1Loss(input, target, reduction); }

    @Override public Config config() { return baseConfig(); }

    static L1Loss fromConfig(Config c) { return new L1Loss(reductionOf(c)); }
}
