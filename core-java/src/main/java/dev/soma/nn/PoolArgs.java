package dev.soma.nn;

import dev.soma.tensor.Shape;

/** Argument checks and Python-style printing shared by the pooling layers. */
final class PoolArgs {
    private PoolArgs() {}

    // One value for every dim or one per dim, kept as given; each positive (or non-negative), else an error naming the layer.
    static int[] sizes(String layer, String what, int[] v, int rank, boolean positive) {
        if (v == null || (v.length != 1 && v.length != rank))
            throw new IllegalArgumentException(layer + ": " + what + " must be an int or a tuple of " + rank + " ints, got "
                    + (v == null ? "null" : Shape.str(v)));
        for (int e : v)
            if (positive ? e <= 0 : e < 0)
                throw new IllegalArgumentException(layer + ": " + what + " must be " + (positive ? "positive" : "non-negative")
                        + ", got " + Shape.str(v));
        return v.clone();
    }

    // padding ≤ kernel/2 in every dim.
    static void checkPadding(String layer, int[] kernel, int[] padding, int rank) {
        for (int i = 0; i < rank; i++) {
            int k = kernel[kernel.length == 1 ? 0 : i], p = padding[padding.length == 1 ? 0 : i];
            if (p > k / 2)
                throw new IllegalArgumentException(layer + ": pad should be at most half of kernel size, but got pad=" + p
                        + " and kernel_size=" + k);
        }
    }

    // An int as Python prints it, a tuple for several.
    static String py(int[] v) { return v.length == 1 ? Integer.toString(v[0]) : ConvNd.pyTuple(v); }

    static String py(boolean b) { return b ? "True" : "False"; }

    // An output_size entry: −1 is PyTorch's None.
    static String pyOutput(int[] v) {
        if (v.length == 1) return v[0] == -1 ? "None" : Integer.toString(v[0]);
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(v[i] == -1 ? "None" : Integer.toString(v[i]));
        return b.append(")").toString();
    }
}
