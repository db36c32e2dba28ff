package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x for x > 0, alpha·(e^x − 1) otherwise (torch.nn.ELU); see {@link Functional#elu}. */
public final class ELU extends Module {
    public final double alpha;

    public ELU() { this(1.0); }

    public ELU(double alpha) { this.alpha = alpha; }

    @Override public Tensor forward(Tensor input) { return Functional.elu(input, alpha); }

    @Override protected String extraRepr() { return "alpha=" + alpha; }

    @Override public Config config() { return Config.of("ELU").put("alpha", alpha); }

    static ELU fromConfig(Config c) { return new ELU(c.getDouble("alpha", 1.0)); }
}
