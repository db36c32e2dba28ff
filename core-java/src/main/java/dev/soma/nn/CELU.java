package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** max(0, x) + min(0, alpha·(e^(x/alpha) − 1)) (torch.nn.CELU); see {@link Functional#celu}. */
public final class CELU extends Module {
    public final double alpha;

    public CELU() { this(1.0); }

    public CELU(double alpha) { this.alpha = alpha; }

    @Override public Tensor forward(Tensor input) { return Functional.celu(input, alpha); }

    @Override protected String extraRepr() { return "alpha=" + alpha; }

    @Override public Config config() { return Config.of("CELU").put("alpha", alpha); }

    static CELU fromConfig(Config c) { return new CELU(c.getDouble("alpha", 1.0)); }
}
