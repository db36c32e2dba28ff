package dev.soma.kernel;

/**
 * Elementwise kernels over strided N-d operands written into a contiguous output of {@code shape}.
 * Operand strides are already broadcast to {@code shape} (0 on expanded dims). The innermost dimension
 * runs as a tight loop; outer dimensions advance like an odometer.
 */
public final class Strided {
    private Strided() {}

    private static boolean isContiguous(int[] shape, int[] strides) {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** out[i] = x[i] read through (xOff, xStrides); out is contiguous of shape. */
    public static void copy(float[] x, int xOff, int[] xStrides, int[] shape, float[] out, int outOff) {
        int n = numel(shape);
        if (n == 0) return;
        if (isContiguous(shape, xStrides)) {
            System.arraycopy(x, xOff, out, outOff, n);
            return;
        }
        int rank = shape.length;
        int inner = shape[rank - 1], xs = xStrides[rank - 1];
        int outer = n / inner;
        int[] idx = new int[rank];
        int xo = xOff, o = outOff;
        for (int r = 0; r < outer; r++) {
            if (xs == 1) System.arraycopy(x, xo, out, o, inner);
            else for (int j = 0; j < inner; j++) out[o + j] = x[xo + j * xs];
            o += inner;
            for (int d = rank - 2; d >= 0; d--) {
                xo += xStrides[d];
                if (++idx[d] < shape[d]) break;
                xo -= xStrides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** Writes contiguous src (of shape) into the strided destination (dOff, dStrides). */
    public static void scatter(float[] src, int srcOff, int[] shape, float[] dst, int dOff, int[] dStrides) {
        int n = numel(shape);
        if (n == 0) return;
        if (shape.length == 0) {
            dst[dOff] = src[srcOff];
            return;
        }
        int rank = shape.length;
        int inner = shape[rank - 1], ds = dStrides[rank - 1];
        int outer = n / inner;
        int[] idx = new int[rank];
        int d0 = dOff, s = srcOff;
        for (int r = 0; r < outer; r++) {
            for (int j = 0; j < inner; j++) dst[d0 + j * ds] = src[s + j];
            s += inner;
            for (int d = rank - 2; d >= 0; d--) {
                d0 += dStrides[d];
                if (++idx[d] < shape[d]) break;
                d0 -= dStrides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** out[i] = f(x[i]). */
    public static void map(FloatUnaryOp f, float[] x, int xOff, int[] xStrides, int[] shape, float[] out) {
        int n = numel(shape);
        if (n == 0) return;
        if (isContiguous(shape, xStrides)) {
            for (int i = 0; i < n; i++) out[i] = f.apply(x[xOff + i]);
            return;
        }
        int rank = shape.length;
        int inner = shape[rank - 1], xs = xStrides[rank - 1];
        int outer = n / inner;
        int[] idx = new int[rank];
        int xo = xOff, o = 0;
        for (int r = 0; r < outer; r++) {
            for (int j = 0; j < inner; j++) out[o++] = f.apply(x[xo + j * xs]);
            for (int d = rank - 2; d >= 0; d--) {
                xo += xStrides[d];
                if (++idx[d] < shape[d]) break;
                xo -= xStrides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** out[i] = f(a[i], b[i]). */
    public static void map(FloatBinaryOp f, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides,
                           int[] shape, float[] out) {
        int n = numel(shape);
        if (n == 0) return;
        if (shape.length == 0) {
            out[0] = f.apply(a[aOff], b[bOff]);
            return;
        }
        if (isContiguous(shape, aStrides) && isContiguous(shape, bStrides)) {
            for (int i = 0; i < n; i++) out[i] = f.apply(a[aOff + i], b[bOff + i]);
            return;
        }
        int rank = shape.length;
        int inner = shape[rank - 1], as = aStrides[rank - 1], bs = bStrides[rank - 1];
        int outer = n / inner;
        int[] idx = new int[rank];
        int ao = aOff, bo = bOff, o = 0;
        for (int r = 0; r < outer; r++) {
            for (int j = 0; j < inner; j++) out[o++] = f.apply(a[ao + j * as], b[bo + j * bs]);
            for (int d = rank - 2; d >= 0; d--) {
                ao += aStrides[d];
                bo += bStrides[d];
                if (++idx[d] < shape[d]) break;
                ao -= aStrides[d] * shape[d];
                bo -= bStrides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** out[i] = f(a[i], b[i], c[i]). */
    public static void map(FloatTernaryOp f, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides,
                           float[] c, int cOff, int[] cStrides, int[] shape, float[] out) {
        int n = numel(shape);
        if (n == 0) return;
        if (shape.length == 0) {
            out[0] = f.apply(a[aOff], b[bOff], c[cOff]);
            return;
        }
        int rank = shape.length;
        int inner = shape[rank - 1], as = aStrides[rank - 1], bs = bStrides[rank - 1], cs = cStrides[rank - 1];
        int outer = n / inner;
        int[] idx = new int[rank];
        int ao = aOff, bo = bOff, co = cOff, o = 0;
        for (int r = 0; r < outer; r++) {
            for (int j = 0; j < inner; j++) out[o++] = f.apply(a[ao + j * as], b[bo + j * bs], c[co + j * cs]);
            for (int d = rank - 2; d >= 0; d--) {
                ao += aStrides[d];
                bo += bStrides[d];
                co += cStrides[d];
                if (++idx[d] < shape[d]) break;
                ao -= aStrides[d] * shape[d];
                bo -= bStrides[d] * shape[d];
                co -= cStrides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }
}
