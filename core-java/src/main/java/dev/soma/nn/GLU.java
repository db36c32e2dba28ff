package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Gated linear unit: the first half of dim times σ of the second half (torch.nn.GLU); see {@link Functional#glu}. */
public final class GLU extends Module {
    public final int dim;

    public GLU() { this(-1); }

    public GLU(int dim) { this.dim = dim; }

    @Override public Tensor forward(Tensor input) { return Functional.glu(input, dim); }

    /** The input's shape with dim halved; that size must be even. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        if (inputShape.length == 0) throw shapeError("with at least one dim (GLU halves a dimension)", inputShape);
        int d = shapeDim(dim, inputShape);
        if (inputShape[d] % 2 != 0) throw shapeError("with an even size along dim " + dim, inputShape);
        int[] out = inputShape.clone();
        out[d] /= 2;
        return out;
    }

    @Override protected String extraRepr() { return "dim=" + dim; }

    @Override public Config config() { return Config.of("GLU").put("dim", dim); }

    static GLU fromConfig(Config c) { return new GLU(c.getInt("dim", -1)); }
}
