package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x where x > threshold, else value (torch.nn.Threshold); see {@link Functional#threshold}. */
public final class Threshold extends Module {
    public final double threshold, value;

    public Threshold(double threshold, double value) {
        this.threshold = threshold;
        this.value = value;
    }

    @Override public Tensor forward(Tensor input) { return Functional.threshold(input, threshold, value); }

    @Override protected String extraRepr() { return "threshold=" + threshold + ", value=" + value; }

    @Override public Config config() { return Config.of("Threshold").put("threshold", threshold).put("value", value); }

    static Threshold fromConfig(Config c) { return new Threshold(c.getDouble("threshold"), c.getDouble("value")); }
}
