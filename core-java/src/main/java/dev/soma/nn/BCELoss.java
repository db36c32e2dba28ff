package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Binary cross-entropy of probabilities, optionally weighted per element (torch.nn.BCELoss). */
public final class BCELoss extends Loss {
    private final Tensor weight;

    public BCELoss() { this(null, Reduction.MEAN); }

    /** {@code weight} (may be null) rescales each element's loss and is kept as the buffer "weight". */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropy(input, target, namedBuffers().get("weight"), reduction);
    }

    @Override public Config config() { return baseConfig().put("weight", values(weight)); }

    static BCELoss fromConfig(Config c) { return new BCELoss(tensorOf(c.has("weight") ? c.getDoubles("weight") : null), reductionOf(c)); }
}
