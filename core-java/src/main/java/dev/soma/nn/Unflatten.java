package dev.soma.nn;

import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;

/** Splits one dim into the given sizes (torch.nn.Unflatten). */
public final class Unflatten extends Module {
    public final int dim;
    private final int[] unflattenedSize;

    public Unflatten(int dim, int... unflattenedSize) {
        if (unflattenedSize.length == 0) throw new IllegalArgumentException("Unflatten: unflattened_size must not be empty");
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    /** The sizes the dim is split into. */
    public int[] unflattenedSize() { return unflattenedSize.clone(); }

    @Override public Tensor forward(Tensor input) { return input.unflatten(dim, unflattenedSize); }

    /** Dim {@code dim} replaced by the unflattened sizes (one −1 is inferred), as {@link Tensor#unflatten}. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        if (inputShape.length == 0) throw shapeError("with at least one dim", inputShape);
        int d = shapeDim(dim, inputShape), size = inputShape[d];
        int[] inner = unflattenedSize.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < inner.length; i++) {
            if (inner[i] == -1 && infer < 0) infer = i;
            else if (inner[i] < 0) throw shapeError("that unflattened_size " + Shape.str(unflattenedSize) + " can describe (one -1 at most)", inputShape);
            else known *= inner[i];
        }
        if (infer >= 0 && known != 0 && size % known == 0) inner[infer] = (int) (size / known);
        else if (infer >= 0 || known != size)
            throw shapeError("whose dim " + dim + " has a size unflattened_size " + Shape.str(unflattenedSize) + " multiplies to", inputShape);
        int[] out = new int[inputShape.length - 1 + inner.length];
        int k = 0;
        for (int i = 0; i < d; i++) out[k++] = inputShape[i];
        for (int s : inner) out[k++] = s;
        for (int i = d + 1; i < inputShape.length; i++) out[k++] = inputShape[i];
        return out;
    }

    @Override protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + java.util.Arrays.toString(unflattenedSize).replace('[', '(').replace(']', ')');
    }

    @Override public Config config() { return Config.of("Unflatten").put("dim", dim).put("unflattened_size", unflattenedSize); }

    static Unflatten fromConfig(Config c) { return new Unflatten(c.getInt("dim"), c.getInts("unflattened_size")); }
}
