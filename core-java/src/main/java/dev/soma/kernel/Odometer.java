package dev.soma.kernel;

/**
 * A multi-dimensional index over a shape that counts like an odometer (the last dim fastest, carrying into the one
 * before), keeping each operand's storage offset in step with it: the one index walk behind every strided kernel.
 * It allocates when made, never per step. Kernels that run the innermost dim as a tight loop walk only the outer
 * dims ({@link #rows}); those that step element by element walk them all.
 */
public final class Odometer {
    private final int[] shape;
    private final int[][] strides;    // [operand][dim]
    private final int dims;
    /** The current index over the walked dims (read-only for callers). */
    public final int[] index;
    /** The current storage offset of each operand (read-only for callers). */
    public final int[] offsets;

    /**
     * Walks dims [0, dims) of {@code shape}; operand o starts at {@code bases[o]} and moves by {@code strides[o][d]}
     * along dim d. No operands is fine: the walk then only counts.
     */
    public Odometer(int[] shape, int dims, int[] bases, int[][] strides) {
        if (dims < 0 || dims > shape.length) throw new IllegalArgumentException("odometer over " + dims + " of " + shape.length + " dims");
        this.shape = shape;
        this.strides = strides;
        this.dims = dims;
        this.index = new int[dims];
        this.offsets = bases.clone();
    }

    /** Every dim of {@code shape}, element by element, for the operands' bases and strides. */
    public static Odometer elements(int[] shape, int[] bases, int[]... strides) {
        return new Odometer(shape, shape.length, bases, strides);
    }

    /** All dims but the innermost of {@code shape} (rank ≥ 1): one step per row of the innermost dim. */
    public static Odometer rows(int[] shape, int[] bases, int[]... strides) {
        return new Odometer(shape, Math.max(0, shape.length - 1), bases, strides);
    }

    /** Advances by one; returns false when every walked dim wrapped back to 0 (the walk is over). */
    public boolean next() {
        int ops = offsets.length;
        for (int d = dims - 1; d >= 0; d--) {
            for (int o = 0; o < ops; o++) offsets[o] += strides[o][d];
            if (++index[d] < shape[d]) return true;
            for (int o = 0; o < ops; o++) offsets[o] -= strides[o][d] * shape[d];
            index[d] = 0;
        }
        return false;
    }

    /**
     * Advances by {@code n} ≥ 1 steps that stay within the innermost walked dim or end exactly at its end: n calls
     * of {@link #next()} in one. Returns false when the walk is over.
     */
    public boolean skip(int n) {
        if (n > 1) {
            int d = dims - 1;
            for (int o = 0; o < offsets.length; o++) offsets[o] += (n - 1) * strides[o][d];
            index[d] += n - 1;
        }
        return next();
    }

    /** Moves to row-major position {@code flat} of the walked dims (from the start of the walk). */
    public void seek(long flat) {
        for (int o = 0; o < offsets.length; o++) offsets[o] -= offset(o);
        for (int d = dims - 1; d >= 0; d--) {
            index[d] = (int) (flat % shape[d]);
            flat /= shape[d];
        }
        for (int o = 0; o < offsets.length; o++) offsets[o] += offset(o);
    }

    // Operand o's offset from its base at the current index.
    private int offset(int o) {
        int off = 0;
        for (int d = 0; d < dims; d++) off += index[d] * strides[o][d];
        return off;
    }

    /**
     * The offset, from the base, of row-major position {@code flat} (0 &le; flat &lt; the shape's element count) of
     * {@code shape} read through {@code strides}.
     */
    public static int offsetOf(int[] shape, int[] strides, long flat) {
        if (shape.length == 1) return (int) flat * strides[0];    // coalesced layouts mostly end here: no division
        int off = 0;
        for (int d = shape.length - 1; d >= 0 && flat > 0; d--) {
            off += (int) (flat % shape[d]) * strides[d];
            flat /= shape[d];
        }
        return off;
    }
}
