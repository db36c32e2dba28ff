package dev.soma.kernel;

/**
 * Elementwise kernels over strided N-d operands written into a contiguous output of {@code shape}.
 * Operand strides are already broadcast to {@code shape} (0 on expanded dims). The innermost dimension
 * runs as a tight loop; outer dimensions advance through an {@link Odometer}.
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
        int inner = shape[shape.length - 1], xs = xStrides[shape.length - 1];
        int outer = n / inner;
        Odometer rows = Odometer.rows(shape, new int[] {xOff}, xStrides);
        for (int r = 0, o = outOff; r < outer; r++, o += inner, rows.next()) {
            int xo = rows.offsets[0];
            if (xs == 1) System.arraycopy(x, xo, out, o, inner);
            else for (int j = 0; j < inner; j++) out[o + j] = x[xo + j * xs];
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
        int inner = shape[shape.length - 1], ds = dStrides[shape.length - 1];
        int outer = n / inner;
        Odometer rows = Odometer.rows(shape, new int[] {dOff}, dStrides);
        for (int r = 0, s = srcOff; r < outer; r++, s += inner, rows.next()) {
            int d0 = rows.offsets[0];
            for (int j = 0; j < inner; j++) dst[d0 + j * ds] = src[s + j];
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
        int inner = shape[shape.length - 1], xs = xStrides[shape.length - 1];
        int outer = n / inner;
        Odometer rows = Odometer.rows(shape, new int[] {xOff}, xStrides);
        for (int r = 0, o = 0; r < outer; r++, rows.next()) {
            int xo = rows.offsets[0];
            for (int j = 0; j < inner; j++) out[o++] = f.apply(x[xo + j * xs]);
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
        Odometer rows = Odometer.rows(shape, new int[] {aOff, bOff}, aStrides, bStrides);
        for (int r = 0, o = 0; r < outer; r++, rows.next()) {
            int ao = rows.offsets[0], bo = rows.offsets[1];
            for (int j = 0; j < inner; j++) out[o++] = f.apply(a[ao + j * as], b[bo + j * bs]);
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
        Odometer rows = Odometer.rows(shape, new int[] {aOff, bOff, cOff}, aStrides, bStrides, cStrides);
        for (int r = 0, o = 0; r < outer; r++, rows.next()) {
            int ao = rows.offsets[0], bo = rows.offsets[1], co = rows.offsets[2];
            for (int j = 0; j < inner; j++) out[o++] = f.apply(a[ao + j * as], b[bo + j * bs], c[co + j * cs]);
        }
    }
}
