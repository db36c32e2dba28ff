package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * Cross-entropy from logits with class weights, ignore_index and label smoothing (torch.nn.CrossEntropyLoss);
 * see {@link Functional#crossEntropy}.
 */
public final class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    public final int ignoreIndex;
    public final double labelSmoothing;

    public CrossEntropyLoss() { this(null, -100, Reduction.MEAN, 0.0); }

    /** {@code weight} (may be null) holds one weight per class and is kept as the buffer "weight". */
    public CrossEntropyLoss(Tensor weight, int ignoreIndex, Reduction reduction, double labelSmoothing) {
        super(reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        this.weight = weight == null ? null : registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override public Tensor forward(Tensor input, Tensor target) {
        return Functional.crossEntropy(input, target, namedBuffers().get("weight"), ignoreIndex, reduction, labelSmoothing);
    }

    @Override public Config config() {
        return baseConfig().put("weight", values(weight)).put("ignore_index", ignoreIndex).put("label_smoothing", labelSmoothing);
    }

    static CrossEntropyLoss fromConfig(Config c) {
        return new CrossEntropyLoss(tensorOf(c.has("weight") ? c.getDoubles("weight") : null), c.getInt("ignore_index", -100),
                reductionOf(c), c.getDouble("label_smoothing", 0.0));
    }
}
