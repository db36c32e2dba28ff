package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x where |x| > lambd, else 0 (torch.nn.Hardshrink); see {@link Functional#hardshrink}. */
public final class Hardshrink extends Module {
    public final double lambd;

    public Hardshrink() { this(0.5); }

    public Hardshrink(double lambd) { this.lambd = lambd; }

    @Override public Tensor forward(Tensor input) { return Functional.hardshrink(input, lambd); }

    @Override protected String extraRepr() { return "lambd=" + lambd; }

    @Override public Config config() { return Config.of("Hardshrink").put("lambd", lambd); }

    static Hardshrink fromConfig(Config c) { return new Hardshrink(c.getDouble("lambd", 0.5)); }
}
