package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x − lambd·sign(x) where |x| > lambd, else 0 (torch.nn.Softshrink); see {@link Functional#softshrink}. */
public final class Softshrink extends Module {
    public final double lambd;

    public Softshrink() { this(0.5); }

    public Softshrink(double lambd) { this.lambd = lambd; }

    @Override public Tensor forward(Tensor input) { return Functional.softshrink(input, lambd); }

    @Override protected String extraRepr() { return "lambd=" + lambd; }

    @Override public Config config() { return Config.of("Softshrink").put("lambd", lambd); }

    static Softshrink fromConfig(Config c) { return new Softshrink(c.getDouble("lambd", 0.5)); }
}
