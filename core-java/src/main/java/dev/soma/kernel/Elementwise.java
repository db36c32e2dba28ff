package dev.soma.kernel;

import java.util.Arrays;

/**
 * Element-wise ops over strided operands of one shape (strides already broadcast, 0 on expanded dims) into an
 * output that may itself be strided (in-place writes). Every layout reduces to runs along the innermost dim:
 * unit-stride runs and broadcast scalars go to the {@link FloatKernel} loops, other runs are gathered into a
 * small buffer first, so a value never depends on its operands' layout. Dims are coalesced first (a contiguous
 * tensor is one run; a row bias is rows × one run), and large ops split over {@link KernelThreads} in blocks.
 */
public final class Elementwise {
    private Elementwise() {}

    /** Elements per parallel block: a multiple of every vector width, large enough to amortise a fork. */
    static final int BLOCK = 1 << 14;
    /** A repeated run is copied into alignment only when this many rows read it: the copy then costs at most 1/16 more. */
    private static final int ALIGNED_COPY_MIN_RUNS = 16;
    /** Buffer length for gathered runs. */
    private static final int CHUNK = 256;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
            new float[CHUNK], new float[CHUNK], new float[CHUNK]});

    /** out = op(a, b) elementwise over shape. */
    public static void binary(BinaryOp op, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides,
                              int[] shape, float[] out, int oOff, int[] oStrides) {
        Layout l = Layout.of(shape, aStrides, bStrides, oStrides);
        if (l == null) return;
        FloatKernel k = Kernels.FLOAT;
        int sa = l.innerStride(0), sb = l.innerStride(1), so = l.innerStride(2);
        // A run every row reads (a bias): which operand, if any, is read from an aligned copy.
        int repeated = so != 1 || sa != 1 || sb != 1 || l.runs() < ALIGNED_COPY_MIN_RUNS ? -1
                : l.repeatsOneRun(1) ? 1 : l.repeatsOneRun(0) ? 0 : -1;
        int at = LineAligned.START + Math.floorMod(oOff - LineAligned.START, LineAligned.LINE_FLOATS);
        float[] fa = repeated == 0 ? copyRun(a, aOff, l.innerLength(), at) : a;
        float[] fb = repeated == 1 ? copyRun(b, bOff, l.innerLength(), at) : b;
        int fa0 = repeated == 0 ? at : aOff, fb0 = repeated == 1 ? at : bOff;
        l.forEachRun(1, (run, len, rows) -> {
            for (int r = 0; r < rows; r++) {
                int ao = fa0 + run.offset(0, r), bo = fb0 + run.offset(1, r), oo = oOff + run.offset(2, r);
                if (so == 1 && sa == 1 && sb == 1) k.binary(op, fa, ao, fb, bo, out, oo, len);
                else if (so == 1 && sa == 1 && sb == 0) k.binaryScalar(op, fa, ao, fb[bo], out, oo, len);
                else if (so == 1 && sa == 0 && sb == 1) k.scalarBinary(op, fa[ao], fb, bo, out, oo, len);
                else if (so == 1 && sa == 0 && sb == 0) Arrays.fill(out, oo, oo + len, op.apply(fa[ao], fb[bo]));    // expanded scalars (mean's backward)
                else for (int j = 0; j < len; j++) out[oo + j * so] = op.apply(fa[ao + j * sa], fb[bo + j * sb]);
            }
        });
    }

    /**
     * The run every row reads (a bias) copied into the caller's {@link Workspace#repeatedRun} from index {@code at},
     * chosen to sit where the output's first element does within a cache line: the kernels align their stores on the
     * output, so the copy's loads are whole-line too. Left where it lay, a bias at another alignment made a row bias
     * 7–8% slower (4096 rows of 1024 floats, both ways in one JVM).
     */
    private static float[] copyRun(float[] src, int from, int len, int at) {
        float[] copy = Workspace.get().repeatedRun(at + len - LineAligned.START);
        System.arraycopy(src, from, copy, at, len);
        return copy;
    }

    /** out = op(x) elementwise over shape. */
    public static void unary(UnaryOp op, float[] x, int xOff, int[] xStrides, int[] shape, float[] out, int oOff,
                             int[] oStrides) {
        Layout l = Layout.of(shape, xStrides, oStrides);
        if (l == null) return;
        FloatKernel k = Kernels.FLOAT;
        int sx = l.innerStride(0), so = l.innerStride(1);
        l.forEachRun(cost(op), (run, len, rows) -> {
            float[][] s = sx == 1 && so == 1 ? null : SCRATCH.get();
            for (int r = 0; r < rows; r++) {
                int xo = xOff + run.offset(0, r), oo = oOff + run.offset(1, r);
                if (s == null) {
                    k.unary(op, x, xo, out, oo, len);
                    continue;
                }
                for (int c = 0; c < len; c += CHUNK) {
                    int m = Math.min(CHUNK, len - c);
                    for (int j = 0; j < m; j++) s[0][j] = x[xo + (c + j) * sx];
                    k.unary(op, s[0], 0, s[1], 0, m);
                    for (int j = 0; j < m; j++) out[oo + (c + j) * so] = s[1][j];
                }
            }
        });
    }

    /** out = g·op'(x) elementwise over shape (x is the op's output where {@link UnaryOp#backwardFromOutput()}). */
    public static void unaryBackward(UnaryOp op, float[] x, int xOff, int[] xStrides, float[] g, int gOff, int[] gStrides,
                                     int[] shape, float[] out, int oOff, int[] oStrides) {
        Layout l = Layout.of(shape, xStrides, gStrides, oStrides);
        if (l == null) return;
        FloatKernel k = Kernels.FLOAT;
        int sx = l.innerStride(0), sg = l.innerStride(1), so = l.innerStride(2);
        l.forEachRun(cost(op), (run, len, rows) -> {
            float[][] s = sx == 1 && sg == 1 && so == 1 ? null : SCRATCH.get();
            for (int r = 0; r < rows; r++) {
                int xo = xOff + run.offset(0, r), go = gOff + run.offset(1, r), oo = oOff + run.offset(2, r);
                if (s == null) {
                    k.unaryBackward(op, x, xo, g, go, out, oo, len);
                    continue;
                }
                for (int c = 0; c < len; c += CHUNK) {
                    int m = Math.min(CHUNK, len - c);
                    for (int j = 0; j < m; j++) {
                        s[0][j] = x[xo + (c + j) * sx];
                        s[1][j] = g[go + (c + j) * sg];
                    }
                    k.unaryBackward(op, s[0], 0, s[1], 0, s[2], 0, m);
                    for (int j = 0; j < m; j++) out[oo + (c + j) * so] = s[2][j];
                }
            }
        });
    }

    /** y += alpha·x over shape, y possibly strided, x strided or broadcast. */
    public static void axpy(float alpha, float[] x, int xOff, int[] xStrides, int[] shape, float[] y, int yOff, int[] yStrides) {
        Layout l = Layout.of(shape, xStrides, yStrides);
        if (l == null) return;
        FloatKernel k = Kernels.FLOAT;
        int sx = l.innerStride(0), sy = l.innerStride(1);
        l.forEachRun(1, (run, len, rows) -> {
            for (int r = 0; r < rows; r++) {
                int xo = xOff + run.offset(0, r), yo = yOff + run.offset(1, r);
                if (sx == 1 && sy == 1) k.axpy(len, alpha, x, xo, y, yo);
                else for (int j = 0; j < len; j++) y[yo + j * sy] = Math.fma(alpha, x[xo + j * sx], y[yo + j * sy]);
            }
        });
    }

    // Relative cost per element, so cheap ops need more elements than transcendental ones before they fork.
    private static int cost(UnaryOp op) {
        return switch (op) {
            case RELU, NEG, ABS, SQUARE -> 1;
            case RECIPROCAL, SQRT -> 2;
            default -> 8;
        };
    }
}
