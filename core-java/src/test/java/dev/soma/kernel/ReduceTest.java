package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reduce over every subset of dims of random 1–5-d views (permuted, sliced, some broadcast), for each kind, against
 * references written here: sums in double within 1e-12 of Σ|terms|, max and min exact with NaN winning and +0
 * above −0. Large reductions (row, column, row-block, general and one-long-run paths) give the same bits with 1 and 2
 * threads.
 * Then the tensor API (sum, mean, var, std, amax, amin with dims and keepdim) over tensor views.
 */
class ReduceTest {
    private int savedThreads;

    @BeforeEach void save() { savedThreads = KernelThreads.threads(); }

    @AfterEach void restore() { KernelThreads.setThreads(savedThreads); }

    /** Reference reductions over the flagged dims, outputs in row-major order of the kept dims. */
    private static final class Ref {
        final double[] sum, abs, sqDev, sqAbs;
        final float[] max, min;

        Ref(View x, boolean[] reduced) {
            int[] shape = x.shape();
            int outs = 1;
            for (int d = 0; d < shape.length; d++) if (!reduced[d]) outs *= shape[d];
            sum = new double[outs];
            abs = new double[outs];
            sqDev = new double[outs];
            sqAbs = new double[outs];
            max = new float[outs];
            min = new float[outs];
            long[] count = new long[outs];
            Arrays.fill(max, Float.NaN);    // NaN marks "no element yet"
            boolean[] sawNaN = new boolean[outs], started = new boolean[outs];
            View.forEachIndex(shape, idx -> {
                int o = out(shape, reduced, idx);
                float v = x.get(idx);
                sum[o] += v;
                abs[o] += Math.abs((double) v);
                count[o]++;
                if (Float.isNaN(v)) sawNaN[o] = true;
                if (!started[o]) {
                    max[o] = min[o] = v;
                    started[o] = true;
                } else {
                    max[o] = v > max[o] || v == 0 && max[o] == 0 && Float.floatToRawIntBits(v) == 0 ? v : max[o];
                    min[o] = v < min[o] || v == 0 && min[o] == 0 && Float.floatToRawIntBits(v) != 0 ? v : min[o];
                }
            });
            for (int o = 0; o < outs; o++) if (sawNaN[o]) max[o] = min[o] = Float.NaN;
            View.forEachIndex(shape, idx -> {
                int o = out(shape, reduced, idx);
                double d = x.get(idx) - mean(o, count[o]);
                sqDev[o] += d * d;
            });
            for (int o = 0; o < outs; o++) sqAbs[o] = sqDev[o];
            this.count = count;
        }

        final long[] count;

        double mean(int o, long n) { return sum[o] / n; }

        double[] means() {
            double[] m = new double[sum.length];
            for (int o = 0; o < m.length; o++) m[o] = sum[o] / count[o];
            return m;
        }

        static int out(int[] shape, boolean[] reduced, int[] idx) {
            int o = 0;
            for (int d = 0; d < shape.length; d++) if (!reduced[d]) o = o * shape[d] + idx[d];
            return o;
        }
    }

    private static boolean[] mask(int rank, int subset) {
        boolean[] m = new boolean[rank];
        for (int d = 0; d < rank; d++) m[d] = (subset >> d & 1) != 0;
        return m;
    }

    private static double[] run(Reduce.Kind kind, View x, boolean[] reduced, double[] means, int outs) {
        double[] out = new double[outs];
        Reduce.reduce(kind, x.data(), x.off(), x.strides(), x.shape(), reduced, means, out);
        return out;
    }

    /** Runs every kind over x and checks each against the reference. */
    private static void checkAllKinds(View x, boolean[] reduced, String what) {
        Ref ref = new Ref(x, reduced);
        int outs = ref.sum.length;
        double[] means = ref.means();
        double[] sum = run(Reduce.Kind.SUM, x, reduced, null, outs);
        double[] sq = run(Reduce.Kind.SQUARED_DEVIATIONS, x, reduced, means, outs);
        double[] max = run(Reduce.Kind.MAX, x, reduced, null, outs);
        double[] min = run(Reduce.Kind.MIN, x, reduced, null, outs);
        for (int o = 0; o < outs; o++) {
            String at = what + " output " + o;
            assertClose(ref.sum[o], sum[o], ref.abs[o], at + " SUM");
            assertClose(ref.sqDev[o], sq[o], ref.sqAbs[o], at + " SQUARED_DEVIATIONS");
            assertFloatBits(ref.max[o], max[o], at + " MAX");
            assertFloatBits(ref.min[o], min[o], at + " MIN");
        }
    }

    private static void assertClose(double ref, double got, double scale, String what) {
        if (Double.isNaN(ref) ? !Double.isNaN(got) : !(Math.abs(got - ref) <= 1e-12 * scale))
            fail(what + ": expected " + ref + ", got " + got);
    }

    private static void assertFloatBits(float ref, double got, String what) {
        if ((float) got != got && !Double.isNaN(got)) fail(what + ": " + got + " is not a float value");
        if (Float.floatToIntBits(ref) != Float.floatToIntBits((float) got)) fail(what + ": expected " + ref + ", got " + got);
    }

    private static double value(Random r, boolean specials) {
        int k = specials ? r.nextInt(40) : 9;
        return k == 0 ? Float.NaN : k == 1 ? -0.0 : k == 2 ? 0.0 : r.nextGaussian() * 10;
    }

    @Test
    void everySubsetOfDimsOfRandomViews() {
        Random r = new Random(1);
        for (int c = 0; c < 120; c++) {
            int[] shape = View.randomShape(r, 5, 7);
            boolean specials = c % 3 == 0;
            View x = View.random(r, shape, c % 4 == 0).fill(() -> value(r, specials));
            for (int subset = 0; subset < 1 << shape.length; subset++)
                checkAllKinds(x, mask(shape.length, subset), x + " reduced " + Arrays.toString(mask(shape.length, subset)));
        }
    }

    @Test
    void signedZerosOnly() {
        Random r = new Random(2);
        for (int c = 0; c < 40; c++) {
            int[] shape = View.randomShape(r, 3, 7);
            View x = View.random(r, shape, false).fill(() -> r.nextBoolean() ? 0.0 : -0.0);
            for (int subset = 0; subset < 1 << shape.length; subset++) checkAllKinds(x, mask(shape.length, subset), x + " zeros");
        }
    }

    /** Shapes with reductions large enough to fork, through each of the three loops and the one long run. */
    private static final int[][] LARGE = {{70001}, {7, 10001}, {10001, 7}, {3, 5, 4667}, {140001}, {2, 65, 577}, {1100, 3, 40}, {3, 700, 5}};

    @Test
    void largeReductionsGiveTheSameBitsWithOneAndTwoThreads() {
        Random r = new Random(3);
        for (int[] shape : LARGE) {
            for (int rep = 0; rep < 2; rep++) {
                View x = (rep == 0 ? View.contiguous(r, shape) : View.random(r, shape, false)).fill(() -> r.nextGaussian() * 10);
                for (int subset = 1; subset < 1 << shape.length; subset++) {
                    boolean[] reduced = mask(shape.length, subset);
                    String what = x + " reduced " + Arrays.toString(reduced);
                    Ref ref = new Ref(x, reduced);
                    int outs = ref.sum.length;
                    for (Reduce.Kind kind : Reduce.Kind.values()) {
                        double[][] out = new double[2][];
                        for (int threads = 1; threads <= 2; threads++) {
                            KernelThreads.setThreads(threads);
                            out[threads - 1] = run(kind, x, reduced, ref.means(), outs);
                        }
                        assertArrayEquals(out[0], out[1], kind + " with 1 and 2 threads, " + what);    // bitwise: assertArrayEquals(double[]) compares exactly
                    }
                    KernelThreads.setThreads(2);
                    checkAllKinds(x, reduced, what);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the tensor API

    /** A random view of a random tensor: permuted, sliced with a step, narrowed, sometimes expanded. */
    private static Tensor randomTensorView(Random r, Generator g) {
        int[] shape = View.randomShape(r, 5, 7);
        int rank = shape.length;
        int[] parent = shape.clone();
        for (int d = 0; d < rank; d++) if (r.nextInt(3) == 0) parent[d] = shape[d] * 2 + 1;
        Tensor t = Tensor.randn(g, parent).mul(Tensor.scalar(3f));
        if (r.nextInt(4) == 0) t = t.add(Tensor.scalar(100f));    // a large mean: var's two passes matter
        for (int d = 0; d < rank; d++)
            if (parent[d] != shape[d]) t = r.nextBoolean() ? t.slice(d, 1, parent[d], 2) : t.narrow(d, r.nextInt(parent[d] - shape[d] + 1), shape[d]);
        int[] perm = View.identity(rank);
        View.shuffle(r, perm);
        t = t.permute(perm);
        if (r.nextInt(4) == 0) {
            int d = r.nextInt(rank);
            int[] sizes = t.shape();
            if (sizes[d] == 1) {
                sizes[d] = 1 + r.nextInt(5);
                t = t.expand(sizes);
            }
        }
        return t;
    }

    private static View viewOf(Tensor t) { return new View(t.storageArray(), t.storageOffset(), t.shape(), t.strides()); }

    private static int[] dims(boolean[] reduced) {
        return java.util.stream.IntStream.range(0, reduced.length).filter(d -> reduced[d]).toArray();
    }

    @Test
    void tensorReductionsOverEverySubsetOfDims() {
        Random r = new Random(4);
        Generator g = new Generator(4);
        for (int c = 0; c < 60; c++) {
            Tensor t = randomTensorView(r, g);
            View x = viewOf(t);
            int rank = t.dim();
            for (int subset = 0; subset < 1 << rank; subset++) {
                boolean[] reduced = mask(rank, subset);
                int[] dims = dims(reduced);
                // An empty dims list reduces every dim (torch's dim=[]).
                boolean[] effective = dims.length == 0 ? mask(rank, (1 << rank) - 1) : reduced;
                Ref ref = new Ref(x, effective);
                boolean keepdim = r.nextBoolean();
                int[] outShape = outShape(t.shape(), effective, keepdim);
                String what = "tensor " + x + " dims " + Arrays.toString(dims) + " keepdim " + keepdim;
                double[] var = new double[ref.sum.length], mean = ref.means();
                for (int o = 0; o < var.length; o++) var[o] = ref.sqDev[o] / (ref.count[o] - 1);
                checkTensor(t.sum(dims, keepdim), outShape, o -> ref.sum[o], o -> 1e-6 * ref.abs[o], what + " sum");
                checkTensor(t.mean(dims, keepdim), outShape, o -> mean[o], o -> 1e-6 * ref.abs[o] / ref.count[o], what + " mean");
                checkTensor(t.var(dims, true, keepdim), outShape, o -> var[o], o -> 1e-5 * var[o] + 1e-30, what + " var");
                checkTensor(t.var(dims, 0, keepdim), outShape, o -> ref.sqDev[o] / ref.count[o], o -> 1e-5 * ref.sqDev[o] / ref.count[o] + 1e-30,
                        what + " var (correction 0)");
                checkTensor(t.std(dims, true, keepdim), outShape, o -> Math.sqrt(var[o]), o -> 1e-5 * Math.sqrt(var[o]) + 1e-30, what + " std");
                checkTensor(t.amax(dims, keepdim), outShape, o -> ref.max[o], o -> 0, what + " amax");
                checkTensor(t.amin(dims, keepdim), outShape, o -> ref.min[o], o -> 0, what + " amin");
            }
        }
    }

    private static int[] outShape(int[] shape, boolean[] reduced, boolean keepdim) {
        return java.util.stream.IntStream.range(0, shape.length).filter(d -> keepdim || !reduced[d]).map(d -> reduced[d] ? 1 : shape[d]).toArray();
    }

    private static void checkTensor(Tensor got, int[] shape, java.util.function.IntToDoubleFunction ref,
                                    java.util.function.IntToDoubleFunction tol, String what) {
        assertArrayEquals(shape, got.shape(), what + ": shape");
        float[] v = got.toFloatArray();
        for (int o = 0; o < v.length; o++) {
            double e = ref.applyAsDouble(o);
            boolean ok = Double.isNaN(e) ? Float.isNaN(v[o]) : Double.isInfinite(e) ? v[o] == e : Math.abs(v[o] - e) <= tol.applyAsDouble(o);
            if (!ok) fail(what + " output " + o + ": expected " + e + ", got " + v[o]);
        }
    }
}
