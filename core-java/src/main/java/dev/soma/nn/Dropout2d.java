package dev.soma.nn;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * Zeroes whole channels of (N, C, *) with probability p in training and scales the others by 1/(1−p); identity in eval
 * (torch.nn.Dropout2d). Neighbouring pixels of a feature map are correlated, so dropping single ones regularises little.
 */
public final class Dropout2d extends Module {
    public final double p;
    private final Generator generator;

    public Dropout2d() { this(0.5); }

    public Dropout2d(double p) { this(p, Generator.defaultGenerator()); }

    /** Channel dropout drawing its masks from {@code generator}. */
    public Dropout2d(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout2d: probability has to be between 0 and 1, but got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override public Tensor forward(Tensor input) {
        outputShape(input.shape());
        return Functional.dropout2d(input, p, isTraining(), generator);
    }

    /** The input's shape, (N, C, *). */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        if (x.length < 2) throw shapeError("(N, C, *) of 2 or more dims", x);
        return x.clone();
    }

    @Override protected String extraRepr() { return "p=" + p + ", inplace=False"; }

    @Override public Config config() { return Config.of("Dropout2d").put("p", p); }

    static Dropout2d fromConfig(Config c) { return new Dropout2d(c.getDouble("p", 0.5)); }
}
