package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Softmax along {@code dim} (torch.nn.Softmax); numerically stable, see {@link Functional#softmax}. */
public final class Softmax extends Module {
    public final int dim;

    public Softmax(int dim) { this.dim = dim; }

    @Override public Tensor forward(Tensor input) { return Functional.softmax(input, dim); }

    /** The input's shape; dim must exist in it. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        shapeDim(dim, inputShape);
        return inputShape.clone();
    }

    @Override protected String extraRepr() { return "dim=" + dim; }

    @Override public Config config() { return Config.of("Softmax").put("dim", dim); }

    static Softmax fromConfig(Config c) { return new Softmax(c.getInt("dim")); }
}
