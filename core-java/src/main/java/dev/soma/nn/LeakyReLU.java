package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** max(0, x) + negative_slope·min(0, x) (torch.nn.LeakyReLU); see {@link Functional#leakyRelu}. */
public final class LeakyReLU extends Module {
    public final double negativeSlope;

    public LeakyReLU() { this(0.01); }

    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override public Tensor forward(Tensor input) { return Functional.leakyRelu(input, negativeSlope); }

    @Override protected String extraRepr() { return "negative_slope=" + negativeSlope; }

    @Override public Config config() { return Config.of("LeakyReLU").put("negative_slope", negativeSlope); }

    static LeakyReLU fromConfig(Config c) { return new LeakyReLU(c.getDouble("negative_slope", 0.01)); }
}
