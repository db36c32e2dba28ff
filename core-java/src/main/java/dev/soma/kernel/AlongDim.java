package dev.soma.kernel;

/**
 * Per-element indexing along one dimension (torch.gather and scatter_add): element p of the index tensor
 * names, for the same coordinates p, which position along {@code dim} to read or write. Indices are
 * already validated; {@code shape} (the index shape) has rank ≥ 1.
 */
public final class AlongDim {
    private AlongDim() {}

    /** out[p] = x[p with coordinate dim replaced by index[p]]; index and out are contiguous of shape. */
    public static void gather(float[] x, int xOff, int[] xStrides, float[] index, int dim, int[] shape, float[] out) {
        int rank = shape.length, n = numel(shape);
        if (n == 0) return;
        int[] base = xStrides.clone();
        base[dim] = 0;
        int along = xStrides[dim];
        int[] idx = new int[rank];
        int xo = xOff;
        for (int p = 0; p < n; p++) {
            out[p] = x[xo + (int) index[p] * along];
            xo = step(shape, base, idx, xo);
        }
    }

    /** out[p with coordinate dim replaced by index[p]] += src[p], src read through srcStrides over shape, in order. */
    public static void scatterAdd(float[] src, int srcOff, int[] srcStrides, float[] index, int dim, int[] shape,
                                  float[] out, int outOff, int[] outStrides) {
        int rank = shape.length, n = numel(shape);
        if (n == 0) return;
        int[] base = outStrides.clone();
        base[dim] = 0;
        int along = outStrides[dim];
        int[] idx = new int[rank], idx2 = new int[rank];
        int oo = outOff, so = srcOff;
        for (int p = 0; p < n; p++) {
            out[oo + (int) index[p] * along] += src[so];
            oo = step(shape, base, idx, oo);
            so = step(shape, srcStrides, idx2, so);
        }
    }

    /** Advances the odometer idx over shape by one element and returns the moved offset. */
    private static int step(int[] shape, int[] strides, int[] idx, int off) {
        for (int d = shape.length - 1; d >= 0; d--) {
            off += strides[d];
            if (++idx[d] < shape[d]) return off;
            off -= strides[d] * shape[d];
            idx[d] = 0;
        }
        return off;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
