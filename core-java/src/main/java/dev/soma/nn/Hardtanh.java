package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x clamped to [min_val, max_val] (torch.nn.Hardtanh; defaults −1, 1); see {@link Functional#hardtanh}. */
public final class Hardtanh extends Module {
    public final double minVal, maxVal;

    public Hardtanh() { this(-1.0, 1.0); }

    public Hardtanh(double minVal, double maxVal) {
        if (maxVal <= minVal)
            throw new IllegalArgumentException("Hardtanh: max_val must be greater than min_val, got " + minVal + " and " + maxVal);
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override public Tensor forward(Tensor input) { return Functional.hardtanh(input, minVal, maxVal); }

    @Override protected String extraRepr() { return "min_val=" + minVal + ", max_val=" + maxVal; }

    @Override public Config config() { return Config.of("Hardtanh").put("min_val", minVal).put("max_val", maxVal); }

    static Hardtanh fromConfig(Config c) { return new Hardtanh(c.getDouble("min_val", -1.0), c.getDouble("max_val", 1.0)); }
}
