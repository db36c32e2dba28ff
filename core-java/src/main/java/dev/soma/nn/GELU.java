package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x·Φ(x), exact ("none") or with the tanh approximation ("tanh") (torch.nn.GELU); see {@link Functional#gelu}. */
public final class GELU extends Module {
    public final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) { this.approximate = approximate; }

    @Override public Tensor forward(Tensor input) { return Functional.gelu(input, approximate); }

    @Override protected String extraRepr() { return "approximate='" + approximate + "'"; }

    @Override public Config config() { return Config.of("GELU").put("approximate", approximate); }

    static GELU fromConfig(Config c) { return new GELU(c.getString("approximate", "none")); }
}
