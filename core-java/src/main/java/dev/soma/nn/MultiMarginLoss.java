package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** The multi-class SVM hinge loss (torch.nn.MultiMarginLoss); see {@link Functional#multiMarginLoss}. */
public final class MultiMarginLoss extends Loss {
    public final int p;
    public final double margin;
    private final Tensor weight;

    public MultiMarginLoss() { this(1, 1.0, null, Reduction.MEAN); }

    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        super(reduction);
        if (p != 1 && p != 2) throw new IllegalArgumentException("MultiMarginLoss: only p == 1 and p == 2 supported, got " + p);
        this.p = p;
        this.margin = margin;
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        return Functional.multiMarginLoss(input, target, p, margin, namedBuffers().get("weight"), reduction);
    }

    @Override public Config config() { return baseConfig().put("p", p).put("margin", margin).put("weight", values(weight)); }

    static MultiMarginLoss fromConfig(Config c) {
        return new MultiMarginLoss(c.getInt("p", 1), c.getDouble("margin", 1.0),
                tensorOf(c.has("weight") ? c.getDoubles("weight") : null), reductionOf(c));
    }
}
