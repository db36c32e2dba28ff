package dev.soma.tensor;

import java.util.Arrays;

/** Static helpers over shapes (int[]): element counts, strides, dimension wrapping, broadcasting. */
public final class Shape {
    private Shape() {}

    /** Number of elements of a tensor of this shape (1 for the 0-d shape). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension " + s + " in shape " + str(shape));
            n *= s;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** Wraps a possibly negative dimension into [0, rank), with PyTorch's message when out of range. */
    public static int wrapDim(int dim, int rank) {
        int r = Math.max(rank, 1);    // a 0-d tensor accepts dims -1 and 0, like PyTorch
        if (dim < -r || dim >= r)
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of ["
                    + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
        return dim < 0 ? dim + r : dim;
    }

    /** Wraps a list of dims, rejecting repeats. An empty list means all dims. */
    public static boolean[] dimMask(int[] dims, int rank) {
        boolean[] mask = new boolean[rank];
        if (dims == null || dims.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int w = wrapDim(d, rank);
            if (rank == 0) continue;
            if (mask[w]) throw new IllegalArgumentException("dim " + w + " appears multiple times in the list of dims");
            mask[w] = true;
        }
        return mask;
    }

    /** The broadcast shape of a and b by NumPy rules, or an error naming both shapes. */
    public static int[] broadcast(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("The size of tensor a (" + da + ") must match the size of tensor b ("
                        + db + ") at non-singleton dimension " + i + ": shapes " + str(a) + " and " + str(b)
                        + " do not broadcast");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor (shape, strides) as if broadcast to {@code target}: 0 on expanded dims. */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) out[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        return out;
    }

    /** PyTorch-style rendering, e.g. [2, 3]. */
    /**
     * A size argument PyTorch takes as an int or a tuple (kernel_size, stride, padding, …) as one value per dim: one
     * value is repeated, {@code rank} values are copied, null or none gives {@code dflt} in every dim; anything else is
     * an error naming the op and the argument.
     */
    public static int[] perDim(String op, String what, int[] v, int rank, int dflt) {
        if (v == null || v.length == 0) {
            int[] out = new int[rank];
            Arrays.fill(out, dflt);
            return out;
        }
        return perDim(op, what, v, rank);
    }

    /** As {@link #perDim(String, String, int[], int, int)} for a required argument: null or none is an error. */
    public static int[] perDim(String op, String what, int[] v, int rank) {
        if (v == null || v.length == 0) throw new IllegalArgumentException(op + ": " + what + " is required");
        if (v.length == rank) return v.clone();
        if (v.length != 1)
            throw new IllegalArgumentException(op + ": " + what + " must either be a single int, or a tuple of " + rank + " ints, got "
                    + str(v));
        int[] out = new int[rank];
        Arrays.fill(out, v[0]);
        return out;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }
}
