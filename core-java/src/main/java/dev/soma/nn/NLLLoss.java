package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Negative log-likelihood of log-probabilities at class indices (torch.nn.NLLLoss); see {@link Functional#nllLoss}. */
public final class NLLLoss extends Loss {
    private final Tensor weight;
    public final int ignoreIndex;

    public NLLLoss() { this(null, -100, Reduction.MEAN); }

    public NLLLoss(Tensor weight, int ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        return Functional.nllLoss(input, target, namedBuffers().get("weight"), ignoreIndex, reduction);
    }

    @Override public Config config() { return baseConfig().put("weight", values(weight)).put("ignore_index", ignoreIndex); }

    static NLLLoss fromConfig(Config c) {
        return new NLLLoss(tensorOf(c.has("weight") ? c.getDoubles("weight") : null), c.getInt("ignore_index", -100), reductionOf(c));
    }
}
