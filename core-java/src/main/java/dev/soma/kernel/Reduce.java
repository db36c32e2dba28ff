package dev.soma.kernel;

import java.util.Arrays;

/**
 * Reductions over any set of dims, read straight from strided memory (no permuted copy). The kept dims and the
 * reduced dims are coalesced separately; then one of three loops runs: when the innermost reduced dim has unit
 * stride, each output reduces contiguous runs with the {@link FloatKernel} (rows); when the innermost kept dim
 * has unit stride, a line of outputs accumulates whole input lines at once (columns); otherwise a plain strided
 * loop. Every output is accumulated in an order fixed by the layout alone, so results never depend on the
 * thread count; sums accumulate in double.
 */
public final class Reduce {
    private Reduce() {}

    /** The reductions with vector loops. */
    public enum Kind {
        SUM, MAX, MIN,
        /** Σ (x − mean)² with one mean per output, given by the caller. */
        SQUARED_DEVIATIONS
    }

    /** A reduction of one output's elements, gathered in order into row[offset .. offset + n). */
    @FunctionalInterface
    public interface RowFunction {
        float apply(float[] row, int offset, int n);
    }

    /**
     * out[o] = f(the elements of x that output o reduces, in the order of the reduced dims): reductions with no
     * vector loop (prod, arg-extremes, logsumexp, norms) read x through this, each thread gathering one output's
     * elements at a time instead of the whole input being permuted first. Outputs split over {@link KernelThreads}.
     */
    public static void rows(float[] x, int xOff, int[] xStrides, int[] shape, boolean[] reduced, RowFunction f,
                            float[] out) {
        Split s = new Split(shape, xStrides, reduced);
        int outs = s.keptCount();
        if (outs == 0) return;
        int count = (int) s.reducedCount();
        KernelThreads.forRange(outs, (long) outs * Math.max(count, 1), (o0, o1) -> {
            float[] row = new float[count];
            for (int o = o0; o < o1; o++) {
                s.gather(x, xOff + s.keptOffset(o), row);
                out[o] = f.apply(row, 0, count);
            }
        });
    }

    /** Elements per block when a single output's reduction is split over threads. */
    private static final int SPLIT_BLOCK = 1 << 16;
    /** Reduced rows per block when the sum of one line is split along the reduced rows (sum(0) of a matrix). */
    private static final int ROW_BLOCK = 512;
    /** At most this many partial sums (doubles) for a split along the reduced rows; wider lines split columns. */
    private static final long MAX_PARTIALS = 1 << 20;

    /**
     * out[o] (contiguous over the kept dims, in order, in double so that a mean feeds the variance unrounded) = the reduction of x over the dims flagged in {@code reduced};
     * {@code means} (per output) is read only by SQUARED_DEVIATIONS. MAX and MIN need a non-empty reduction; a NaN
     * wins.
     */
    public static void reduce(Kind kind, float[] x, int xOff, int[] xStrides, int[] shape, boolean[] reduced,
                              double[] means, double[] out) {
        Split s = new Split(shape, xStrides, reduced);
        int outs = s.keptCount();
        if (outs == 0) return;
        long count = s.reducedCount();
        if (count == 0) {
            Arrays.fill(out, 0, outs, 0f);    // empty sums; callers refuse empty max/min
            return;
        }
        FloatKernel k = Kernels.FLOAT;
        long work = (long) outs * count;
        if (s.rInnerStride() == 1) {
            int runLen = s.rInner(), runs = (int) (count / runLen);
            if (outs == 1 && count >= 2L * SPLIT_BLOCK && runs == 1 && kind != Kind.SQUARED_DEVIATIONS) {
                out[0] = oneLongRun(kind, x, xOff + s.keptOffset(0), runLen);
                return;
            }
            KernelThreads.forRange(outs, work, (o0, o1) -> {
                int o = o0;
                if (kind == Kind.SUM && runs == 1) {    // rows along the innermost kept dim in one call each stretch
                    int line = s.kInnerOrOne();
                    for (int rows; o < o1; o += rows) {
                        rows = Math.min(o1 - o, line - o % line);
                        k.sumRows(x, xOff + s.keptOffset(o), s.kInnerStride(), rows, runLen, out, o);
                    }
                }
                for (; o < o1; o++) {
                    int base = xOff + s.keptOffset(o);
                    double acc = kind == Kind.SUM || kind == Kind.SQUARED_DEVIATIONS ? 0 : Double.NaN;
                    float m = Float.NaN;
                    for (int r = 0; r < runs; r++) {
                        int ro = base + s.reducedOffset(r * runLen);
                        switch (kind) {
                            case SUM -> acc += k.sum(x, ro, runLen);
                            case SQUARED_DEVIATIONS -> acc += k.squaredDeviations(x, ro, runLen, means[o]);
                            case MAX -> { float v = k.max(x, ro, runLen); m = r == 0 ? v : Math.max(m, v); }
                            case MIN -> { float v = min(x, ro, runLen); m = r == 0 ? v : Math.min(m, v); }
                        }
                    }
                    out[o] = kind == Kind.MAX || kind == Kind.MIN ? m : acc;
                }
            });
            return;
        }
        if (s.kInnerStride() == 1 && kind != Kind.SQUARED_DEVIATIONS) {
            int line = s.kInner(), lines = outs / line;
            int inner = s.rInnerOrOne(), innerStride = s.rInnerStride();    // the rows one kernel call adds
            long rowBlocks = (count + ROW_BLOCK - 1) / ROW_BLOCK;
            if (kind == Kind.SUM && lines == 1 && rowBlocks >= 2 && rowBlocks * line <= MAX_PARTIALS) {
                sumInRowBlocks(x, xOff + s.keptOffset(0), s, inner, innerStride, line, count, (int) rowBlocks, work, out);
                return;
            }
            // Column blocks split the line when there are fewer lines than threads.
            int colBlock = lines >= KernelThreads.threads() ? line : Math.max(64, (line + KernelThreads.threads() - 1) / KernelThreads.threads());
            int colBlocks = (line + colBlock - 1) / colBlock;
            KernelThreads.forRange(lines * colBlocks, work, (t0, t1) -> {
                double[] acc = kind == Kind.SUM ? new double[colBlock] : null;
                float[] m = kind == Kind.SUM ? null : new float[colBlock];    // running max or min of the line
                for (int t = t0; t < t1; t++) {
                    int ln = t / colBlocks, c0 = (t % colBlocks) * colBlock, w = Math.min(colBlock, line - c0);
                    int o0 = ln * line + c0, base = xOff + s.keptOffset(o0);
                    if (kind == Kind.SUM) {
                        Arrays.fill(acc, 0, w, 0);
                        for (long r = 0; r < count; r += inner) k.accumulate(x, base + s.reducedOffset(r), innerStride, inner, acc, 0, w);
                        System.arraycopy(acc, 0, out, o0, w);
                    } else {
                        BinaryOp op = kind == Kind.MAX ? BinaryOp.MAX : BinaryOp.MIN;
                        System.arraycopy(x, base + s.reducedOffset(0), m, 0, w);
                        for (long r = 1; r < count; r++) k.binary(op, m, 0, x, base + s.reducedOffset(r), m, 0, w);
                        for (int j = 0; j < w; j++) out[o0 + j] = m[j];
                    }
                }
            });
            return;
        }
        KernelThreads.forRange(outs, work, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int base = xOff + s.keptOffset(o);
                double acc = 0;
                float m = x[base + s.reducedOffset(0)];
                for (long r = 0; r < count; r++) {
                    float v = x[base + s.reducedOffset(r)];
                    switch (kind) {
                        case SUM -> acc += v;
                        case SQUARED_DEVIATIONS -> { double d = v - means[o]; acc += d * d; }
                        case MAX -> m = Math.max(m, v);
                        case MIN -> m = Math.min(m, v);
                    }
                }
                out[o] = kind == Kind.MAX || kind == Kind.MIN ? m : acc;
            }
        });
    }

    /*
     * The sum of one line (sum(0) of a matrix) over many reduced rows: the rows are cut into blocks of ROW_BLOCK (a fixed
     * size, so the sum is the same whatever the thread count), each block summed into its own partial line, and the
     * partials added in block order. Each thread then reads whole rows in one stream, where splitting the line's
     * columns between the threads had each read half of every row.
     */
    private static void sumInRowBlocks(float[] x, int base, Split s, int inner, int innerStride, int line, long count,
                                       int blocks, long work, double[] out) {
        FloatKernel k = Kernels.FLOAT;
        double[] partial = new double[blocks * line];
        KernelThreads.forRange(blocks, work, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                // Runs of rows that are innerStride apart (within one stretch of the innermost reduced dim), each one call.
                for (long r = (long) b * ROW_BLOCK, end = Math.min(count, r + ROW_BLOCK); r < end; ) {
                    int rows = (int) Math.min(end - r, inner - r % inner);
                    k.accumulate(x, base + s.reducedOffset(r), innerStride, rows, partial, b * line, line);
                    r += rows;
                }
            }
        });
        System.arraycopy(partial, 0, out, 0, line);
        for (int b = 1; b < blocks; b++)
            for (int j = 0, p = b * line; j < line; j++) out[j] += partial[p + j];
    }

    // A reduction of one long contiguous run split into fixed blocks (the same blocks whatever the thread count),
    // combined in block order.
    private static double oneLongRun(Kind kind, float[] x, int xo, int n) {
        FloatKernel k = Kernels.FLOAT;
        int blocks = (n + SPLIT_BLOCK - 1) / SPLIT_BLOCK;
        double[] part = new double[blocks];
        KernelThreads.forRange(blocks, n, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int from = b * SPLIT_BLOCK, len = Math.min(SPLIT_BLOCK, n - from);
                part[b] = switch (kind) {
                    case SUM -> k.sum(x, xo + from, len);
                    case MAX -> k.max(x, xo + from, len);
                    default -> min(x, xo + from, len);
                };
            }
        });
        double acc = part[0];
        for (int b = 1; b < blocks; b++)
            acc = switch (kind) {
                case SUM -> acc + part[b];
                case MAX -> Math.max(acc, part[b]);
                default -> Math.min(acc, part[b]);
            };
        return acc;
    }

    // The smallest of a run, NaN kept: min is rare enough in training for a scalar loop.
    private static float min(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) m = Math.min(m, x[xo + i]);
        return m;
    }

    /** The kept and reduced dims of one reduction, each coalesced, with offset lookups by flat index. */
    static final class Split {
        final int[] kShape, kStrides, rShape, rStrides;

        Split(int[] shape, int[] strides, boolean[] reduced) {
            int nk = 0, nr = 0;
            for (boolean b : reduced) if (b) nr++; else nk++;
            int[] ks = new int[nk], kst = new int[nk], rs = new int[nr], rst = new int[nr];
            int a = 0, c = 0;
            for (int d = 0; d < shape.length; d++) {
                if (reduced[d]) { rs[c] = shape[d]; rst[c++] = strides[d]; }
                else { ks[a] = shape[d]; kst[a++] = strides[d]; }
            }
            int[][] k = coalesce(ks, kst), r = coalesce(rs, rst);
            kShape = k[0]; kStrides = k[1]; rShape = r[0]; rStrides = r[1];
        }

        int keptCount() { return count(kShape); }

        long reducedCount() {
            long n = 1;
            for (int s : rShape) n *= s;
            return n;
        }

        int rInner() { return rShape[rShape.length - 1]; }

        int rInnerOrOne() { return rShape.length == 0 ? 1 : rInner(); }

        int rInnerStride() { return rShape.length == 0 ? 0 : rStrides[rStrides.length - 1]; }

        int kInner() { return kShape[kShape.length - 1]; }

        int kInnerOrOne() { return kShape.length == 0 ? 1 : kInner(); }

        int kInnerStride() { return kShape.length == 0 ? 0 : kStrides[kStrides.length - 1]; }

        int keptOffset(int flat) { return Odometer.offsetOf(kShape, kStrides, flat); }

        /** Copies the reduced elements of the output at base into row, in the reduced dims' order. */
        void gather(float[] x, int base, float[] row) {
            int r = rShape.length;
            if (r == 0) {
                if (row.length > 0) row[0] = x[base];
                return;
            }
            int inner = rShape[r - 1], st = rStrides[r - 1];
            if (inner == 0) return;
            int runs = row.length / inner;
            for (int q = 0, d = 0; q < runs; q++, d += inner) {
                int off = base + reducedOffset((long) q * inner);
                if (st == 1) System.arraycopy(x, off, row, d, inner);
                else for (int j = 0; j < inner; j++) row[d + j] = x[off + j * st];
            }
        }

        int reducedOffset(long flat) { return Odometer.offsetOf(rShape, rStrides, flat); }

        private static int count(int[] shape) {
            int n = 1;
            for (int s : shape) n *= s;
            return n;
        }

        // Size-1 dims dropped, neighbours merged where the outer stride is the inner's times its size.
        private static int[][] coalesce(int[] shape, int[] strides) {
            int[] sh = new int[shape.length], st = new int[shape.length];
            int r = 0;
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] == 1) continue;
                if (r > 0 && st[r - 1] == strides[d] * shape[d]) {
                    sh[r - 1] *= shape[d];
                    st[r - 1] = strides[d];
                } else {
                    sh[r] = shape[d];
                    st[r++] = strides[d];
                }
            }
            return new int[][] {Arrays.copyOf(sh, r), Arrays.copyOf(st, r)};
        }
    }
}
