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
        int n = numel(shape);
        if (n == 0) return;
        int[] base = xStrides.clone();
        base[dim] = 0;
        int along = xStrides[dim];
        Odometer at = Odometer.elements(shape, new int[] {xOff}, base);
        for (int p = 0; p < n; p++, at.next()) out[p] = x[at.offsets[0] + (int) index[p] * along];
    }

    /** out[p with coordinate dim replaced by index[p]] += src[p], src read through srcStrides over shape, in order. */
    public static void scatterAdd(float[] src, int srcOff, int[] srcStrides, float[] index, int dim, int[] shape,
                                  float[] out, int outOff, int[] outStrides) {
        int n = numel(shape);
        if (n == 0) return;
        int[] base = outStrides.clone();
        base[dim] = 0;
        int along = outStrides[dim];
        Odometer at = Odometer.elements(shape, new int[] {outOff, srcOff}, base, srcStrides);
        for (int p = 0; p < n; p++, at.next()) out[at.offsets[0] + (int) index[p] * along] += src[at.offsets[1]];
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
