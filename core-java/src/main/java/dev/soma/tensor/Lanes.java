package dev.soma.tensor;

/**
 * A tensor seen as contiguous lanes along one dimension: the dimension is swapped to the end and the values
 * copied, so ops that scan along a dim (cumsum, softmax) run over plain rows; {@link #toTensor} swaps back.
 */
final class Lanes {
    final float[] data;
    final int count, length;
    private final int[] swappedShape;
    private final int dim, last;

    private Lanes(float[] data, int count, int length, int[] swappedShape, int dim, int last) {
        this.data = data;
        this.count = count;
        this.length = length;
        this.swappedShape = swappedShape;
        this.dim = dim;
        this.last = last;
    }

    /** The lanes of x along the (already wrapped) dim; a 0-d tensor is one lane of length one. */
    static Lanes of(Tensor x, int dim) {
        if (x.dim() == 0) return new Lanes(x.toFloatArray(), 1, 1, new int[0], 0, 0);
        int last = x.dim() - 1;
        Tensor swapped = x.detach().transpose(dim, last);
        int length = x.shape[dim];
        int count = length == 0 ? 0 : x.numel() / length;
        return new Lanes(swapped.toFloatArray(), count, length, swapped.shape.clone(), dim, last);
    }

    /** Values laid out as these lanes, as a contiguous tensor in the original dimension order. */
    Tensor toTensor(float[] values, DType type) {
        Tensor t = Tensor.wrap(values, swappedShape.clone(), type);
        return dim == last ? t : t.transpose(dim, last).contiguous();
    }
}
