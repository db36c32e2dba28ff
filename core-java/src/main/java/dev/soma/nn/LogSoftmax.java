package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** LogSoftmax along {@code dim} (torch.nn.LogSoftmax); numerically stable, see {@link Functional#logSoftmax}. */
public final class LogSoftmax extends Module {
    public final int dim;

    public LogSoftmax(int dim) { this.dim = dim; }

    @Override public Tensor forward(Tensor input) { return Functional.logSoftmax(input, dim); }

    /** The input's shape; dim must exist in it. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        shapeDim(dim, inputShape);
        return inputShape.clone();
    }

    @Override protected String extraRepr() { return "dim=" + dim; }

    @Override public Config config() { return Config.of("LogSoftmax").put("dim", dim); }

    static LogSoftmax fromConfig(Config c) { return new LogSoftmax(c.getInt("dim")); }
}
