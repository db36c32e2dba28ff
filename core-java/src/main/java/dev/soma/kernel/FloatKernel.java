package dev.soma.kernel;

/**
 * The contiguous loops under element-wise ops, reductions and row normalisation: arrays and offsets in, nothing
 * allocated. One scalar and one Vector-API implementation exist; {@link Kernels#FLOAT} is chosen once at start-up.
 * Callers (the layout dispatchers {@link Elementwise}, {@link Reduce}, {@link RowOps}) reduce every layout to these.
 */
public interface FloatKernel {
    /** out[oo+i] = op(a[ao+i], b[bo+i]) for i &lt; n. */
    void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** out[oo+i] = op(a[ao+i], s) for i &lt; n. */
    void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n);

    /** out[oo+i] = op(s, b[bo+i]) for i &lt; n. */
    void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n);

    /** out[oo+i] = op(x[xo+i]) for i &lt; n. */
    void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n);

    /**
     * out[oo+i] = g[go+i]·op'(…) for i &lt; n, where x holds the op's input, or its output for ops whose
     * {@link UnaryOp#backwardFromOutput()} is true.
     */
    void unaryBackward(UnaryOp op, float[] x, int xo, float[] g, int go, float[] out, int oo, int n);

    /** Σ x[xo+i] for i &lt; n, accumulated in double. */
    double sum(float[] x, int xo, int n);

    /**
     * out[oo+r] = sum(x, xo + r·rowStride, n) for r &lt; rows, each the same value {@link #sum} gives for that row
     * (so how rows are grouped into calls never changes a result). The vector kernel reads four rows at once, four
     * streams of memory requests in flight where one row at a time kept one.
     */
    default void sumRows(float[] x, int xo, int rowStride, int rows, int n, double[] out, int oo) {
        for (int r = 0; r < rows; r++) out[oo + r] = sum(x, xo + r * rowStride, n);
    }

    /** acc[ao+i] += x[xo+i] for i &lt; n (column sums accumulated in double). */
    default void accumulate(float[] x, int xo, double[] acc, int ao, int n) {
        accumulate(x, xo, 0, 1, acc, ao, n);
    }

    /**
     * acc[ao+i] += Σ x[xo + r·rowStride + i] over r &lt; rows, for i &lt; n, in double: each group of four rows is
     * summed first, ((x0 + x1) + x2) + x3, then added to acc; rows left over are added one at a time.
     */
    void accumulate(float[] x, int xo, int rowStride, int rows, double[] acc, int ao, int n);

    /** acc[ao+i] += a[aOff+i]·b[bo+i] for i &lt; n, in double (column sums of products, e.g. of squares with b = a). */
    void accumulateProducts(float[] a, int aOff, float[] b, int bo, double[] acc, int ao, int n);

    /** Σ (x[xo+i] − mean)² for i &lt; n, accumulated in double. */
    double squaredDeviations(float[] x, int xo, int n, double mean);

    /**
     * out[oo] = the mean and out[oo + 1] = the population variance (Σ (x − mean)² / n) of x[xo .. xo+n), in one pass:
     * sums of d = x − x[xo] and of d² in double, then mean = x[xo] + Σd/n and variance = (Σd² − (Σd)²/n)/n (never
     * below 0). Shifting by one of the row's own values keeps Σd² − (Σd)²/n free of cancellation unless that value
     * lies many standard deviations from the rest. NaN for n = 0.
     */
    void meanAndVariance(float[] x, int xo, int n, double[] out, int oo);

    /** Σ a[ao+i]·b[bo+i] for i &lt; n, accumulated in double. */
    double dot(float[] a, int ao, float[] b, int bo, int n);

    /** The largest of x[xo..xo+n) (n ≥ 1), NaN if any is NaN. */
    float max(float[] x, int xo, int n);

    /** out[oo+i] = e^(x[xo+i] − shift), returning their sum in double (softmax's numerator and denominator). */
    double expShifted(float[] x, int xo, float shift, float[] out, int oo, int n);

    /** out[oo+i] = (x[xo+i] − mean)·scale·w[i] + b[i], with w and b (offset 0) optional (null). */
    void normalize(float[] x, int xo, float mean, float scale, float[] w, float[] b, float[] out, int oo, int n);

    /** y[yo+i] += s·x[xo+i] for i &lt; n. */
    void axpy(int n, float s, float[] x, int xo, float[] y, int yo);

    /**
     * acc[ao] = Σ a[ao'+i] and acc[ao+1] = Σ a[ao'+i]·b[bo+i] for i &lt; n, both in double and in one pass over the data
     * (b = a gives the sum and the sum of squares: a plane's moments; b = x, a = g gives the sums a norm's backward needs).
     */
    void sumAndDot(float[] a, int ao, float[] b, int bo, int n, double[] acc, int accOffset);

    /**
     * out[oo+i] = (x[xo+i] − shift)·scale + g[go+i]·gScale + add for i &lt; n, with the g term absent when g is null:
     * a norm's per-plane affine map forward (g null) and its input gradient backward.
     */
    void shiftScaleAdd(float[] x, int xo, float shift, float scale, float[] g, int go, float gScale, float add,
                       float[] out, int oo, int n);
}
