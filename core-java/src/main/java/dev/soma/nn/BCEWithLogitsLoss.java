package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Sigmoid + binary cross-entropy in one stable step, with per-class pos_weight (torch.nn.BCEWithLogitsLoss). */
public final class BCEWithLogitsLoss extends Loss {
    private final Tensor weight, posWeight;

    public BCEWithLogitsLoss() { this(null, null, Reduction.MEAN); }

    /** {@code weight} and {@code posWeight} may be null; they are kept as buffers "weight" and "pos_weight". */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.posWeight = posWeight == null ? null : registerBuffer("pos_weight", posWeight);
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        return Functional.binaryCrossEntropyWithLogits(input, target, namedBuffers().get("weight"), namedBuffers().get("pos_weight"), reduction);
    }

    @Override public Config config() { return baseConfig().put("weight", values(weight)).put("pos_weight", values(posWeight)); }

    static BCEWithLogitsLoss fromConfig(Config c) {
        return new BCEWithLogitsLoss(tensorOf(c.has("weight") ? c.getDoubles("weight") : null),
                tensorOf(c.has("pos_weight") ? c.getDoubles("pos_weight") : null), reductionOf(c));
    }
}
