package dev.soma.nn;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/** Zeroes elements with probability p in training and scales the rest by 1/(1−p); identity in eval (torch.nn.Dropout). */
public final class Dropout extends Module {
    public final double p;
    private final Generator generator;

    public Dropout() { this(0.5); }

    public Dropout(double p) { this(p, Generator.defaultGenerator()); }

    /** Dropout drawing its masks from {@code generator}. */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: probability has to be between 0 and 1, but got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override public Tensor forward(Tensor input) { return Functional.dropout(input, p, isTraining(), generator); }

    @Override protected String extraRepr() { return "p=" + p + ", inplace=False"; }

    @Override public Config config() { return Config.of("Dropout").put("p", p); }

    static Dropout fromConfig(Config c) { return new Dropout(c.getDouble("p", 0.5)); }
}
