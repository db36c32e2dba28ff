package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.soma.autograd.GradCheck;
import dev.soma.nn.Functional;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Softmax and log-softmax along every dim of random views, and their backward, against double references; layer
 * norm forward and backward (with and without weight and bias) against a double reference and through GradCheck;
 * large lanes and rows give the same bits with 1 and 2 threads.
 */
class RowOpsTest {
    private int savedThreads;

    @BeforeEach void save() { savedThreads = KernelThreads.threads(); }

    @AfterEach void restore() { KernelThreads.setThreads(savedThreads); }

    private static void assertNear(double ref, float got, double tol, String what) {
        if (!(Math.abs(got - ref) <= tol)) fail(what + ": expected " + ref + ", got " + got + " (tolerance " + tol + ")");
    }

    /** Row-major index of idx in shape. */
    private static int flat(int[] shape, int[] idx) {
        int f = 0;
        for (int d = 0; d < shape.length; d++) f = f * shape[d] + idx[d];
        return f;
    }

    // ---------------------------------------------------------------- softmax

    /** softmax (or log-softmax) of x along dim in double, row-major over shape. */
    private static double[] softmaxReference(boolean log, View x, int dim) {
        int[] shape = x.shape();
        double[] out = new double[View.numel(shape)];
        int n = shape[dim];
        View.forEachIndex(shape, idx -> {
            if (idx[dim] != 0) return;
            int[] j = idx.clone();
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (j[dim] = 0; j[dim] < n; j[dim]++) m = Math.max(m, x.get(j));
            for (j[dim] = 0; j[dim] < n; j[dim]++) s += Math.exp(x.get(j) - m);
            for (j[dim] = 0; j[dim] < n; j[dim]++)
                out[flat(shape, j)] = log ? x.get(j) - m - Math.log(s) : Math.exp(x.get(j) - m) / s;
        });
        return out;
    }

    /** gx of softmax (or log-softmax) along dim in double from the float output y and upstream g (row-major). */
    private static double[][] softmaxBackwardReference(boolean log, float[] y, float[] g, int[] shape, int dim) {
        double[] gx = new double[y.length], scale = new double[y.length];
        int n = shape[dim];
        View.forEachIndex(shape, idx -> {
            if (idx[dim] != 0) return;
            int[] j = idx.clone();
            double dot = 0, dotAbs = 0, sum = 0, sumAbs = 0;
            for (j[dim] = 0; j[dim] < n; j[dim]++) {
                int f = flat(shape, j);
                dot += (double) g[f] * y[f];
                dotAbs += Math.abs((double) g[f] * y[f]);
                sum += g[f];
                sumAbs += Math.abs(g[f]);
            }
            for (j[dim] = 0; j[dim] < n; j[dim]++) {
                int f = flat(shape, j);
                gx[f] = log ? g[f] - Math.exp(y[f]) * sum : y[f] * (g[f] - dot);
                scale[f] = log ? Math.abs(g[f]) + Math.exp(y[f]) * sumAbs : Math.abs(y[f]) * (Math.abs(g[f]) + dotAbs);
            }
        });
        return new double[][] {gx, scale};
    }

    private static void checkSoftmax(boolean log, View x, int dim, float[] out, String what) {
        double[] ref = softmaxReference(log, x, dim);
        for (int f = 0; f < ref.length; f++)
            // exp's argument is rounded to float (as in torch): relative error about |x − max|·2⁻²⁴ on top of a few ulps
            assertNear(ref[f], out[f], log ? 1e-6 * (1 + Math.abs(ref[f])) : 1e-5 * ref[f] + 1e-30, what + " at " + f);
    }

    private static void checkSoftmaxBackward(boolean log, float[] y, float[] g, int[] shape, int dim, float[] gx, String what) {
        double[][] ref = softmaxBackwardReference(log, y, g, shape, dim);
        for (int f = 0; f < gx.length; f++) assertNear(ref[0][f], gx[f], 1e-6 * ref[1][f] + 1e-30, what + " backward at " + f);
    }

    @Test
    void softmaxAndLogSoftmaxAlongEveryDimOfRandomViews() {
        Random r = new Random(1);
        for (int c = 0; c < 80; c++) {
            int[] shape = View.randomShape(r, 5, 7);
            View x = View.random(r, shape, c % 3 == 0).fill(() -> r.nextGaussian() * 5);
            float[] g = new float[View.numel(shape)];
            for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
            for (int dim = 0; dim < shape.length; dim++) {
                for (boolean log : new boolean[] {false, true}) {
                    String what = (log ? "log_softmax " : "softmax ") + x + " dim " + dim;
                    float[] y = new float[g.length], gx = new float[g.length];
                    RowOps.softmax(log, x.data(), x.off(), x.strides(), shape, dim, y);
                    checkSoftmax(log, x, dim, y, what);
                    RowOps.softmaxBackward(log, y, g, shape, dim, gx);
                    checkSoftmaxBackward(log, y, g, shape, dim, gx, what);
                }
            }
        }
    }

    @Test
    void softmaxOfExtremeLanes() {
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {-inf, -inf, -inf, 0, 1000, -1000, 3, 3};
        float[] y = new float[8], ly = new float[8];
        RowOps.softmax(false, x, 0, new int[] {2, 1}, new int[] {4, 2}, 1, y);
        RowOps.softmax(true, x, 0, new int[] {2, 1}, new int[] {4, 2}, 1, ly);
        // an all −∞ lane is NaN as in torch; large logits do not overflow
        assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[1]), Arrays.toString(y));
        assertArrayEquals(new float[] {0, 1, 1, 0, 0.5f, 0.5f}, Arrays.copyOfRange(y, 2, 8));
        assertArrayEquals(new float[] {-inf, 0, 0, -2000, (float) -Math.log(2), (float) -Math.log(2)}, Arrays.copyOfRange(ly, 2, 8));
    }

    @Test
    void tensorSoftmaxOfViewsBackpropagatesToTheLeaf() {
        Random r = new Random(2);
        Generator gen = new Generator(2);
        for (int c = 0; c < 40; c++) {
            int[] shape = View.randomShape(r, 4, 6);
            int rank = shape.length;
            int[] perm = View.identity(rank);
            View.shuffle(r, perm);
            Tensor leaf = Tensor.randn(gen, shape).requiresGrad(true);
            Tensor view = leaf.permute(perm);
            int dim = r.nextInt(rank);
            boolean log = r.nextBoolean();
            Tensor y = log ? view.logSoftmax(dim) : view.softmax(dim);
            Tensor g = Tensor.randn(gen, view.shape());
            y.backward(g);
            View xv = new View(view.storageArray(), view.storageOffset(), view.shape(), view.strides());
            String what = (log ? "log_softmax" : "softmax") + " of permuted " + Arrays.toString(perm) + " " + xv + " dim " + dim;
            checkSoftmax(log, xv, dim, y.toFloatArray(), what);
            // The leaf's gradient, permuted like the view, is the reference gx.
            float[] gx = leaf.grad().permute(perm).toFloatArray();
            checkSoftmaxBackward(log, y.toFloatArray(), g.toFloatArray(), view.shape(), dim, gx, what);
        }
    }

    @Test
    void largeSoftmaxGivesTheSameBitsWithOneAndTwoThreads() {
        Random r = new Random(3);
        for (int[] shape : new int[][] {{7, 10001}, {10001, 7}, {3, 5, 4667}}) {
            View x = View.random(r, shape, false).fill(() -> r.nextGaussian() * 5);
            float[] g = new float[View.numel(shape)];
            for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
            for (int dim = 0; dim < shape.length; dim++)
                for (boolean log : new boolean[] {false, true}) {
                    float[][] y = new float[2][g.length], gx = new float[2][g.length];
                    for (int t = 0; t < 2; t++) {
                        KernelThreads.setThreads(t + 1);
                        RowOps.softmax(log, x.data(), x.off(), x.strides(), shape, dim, y[t]);
                        RowOps.softmaxBackward(log, y[t], g, shape, dim, gx[t]);
                    }
                    String what = (log ? "log_softmax " : "softmax ") + x + " dim " + dim;
                    assertArrayEquals(y[0], y[1], what + ": 1 and 2 threads");
                    assertArrayEquals(gx[0], gx[1], what + " backward: 1 and 2 threads");
                    checkSoftmax(log, x, dim, y[1], what);
                    checkSoftmaxBackward(log, y[1], g, shape, dim, gx[1], what);
                }
        }
    }

    // ---------------------------------------------------------------- layer norm

    private static final double EPS = 1e-5;

    /** out, dx, dw, db of layer norm in double over rows × n (x row-major), w and b may be null. */
    private static double[][] layerNormReference(float[] x, float[] g, float[] w, float[] b, int rows, int n) {
        double[] out = new double[x.length], dx = new double[x.length], dw = new double[n], db = new double[n];
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double mean = 0, var = 0;
            for (int i = 0; i < n; i++) mean += x[o + i];
            mean /= n;
            for (int i = 0; i < n; i++) var += (x[o + i] - mean) * (x[o + i] - mean);
            var /= n;
            double rstd = 1 / Math.sqrt(var + EPS);
            double[] xhat = new double[n], gh = new double[n];
            double meanG = 0, meanGX = 0;
            for (int i = 0; i < n; i++) {
                xhat[i] = (x[o + i] - mean) * rstd;
                out[o + i] = xhat[i] * (w == null ? 1 : w[i]) + (b == null ? 0 : b[i]);
                gh[i] = g[o + i] * (w == null ? 1 : w[i]);
                meanG += gh[i] / n;
                meanGX += gh[i] * xhat[i] / n;
                dw[i] += g[o + i] * xhat[i];
                db[i] += g[o + i];
            }
            for (int i = 0; i < n; i++) dx[o + i] = rstd * (gh[i] - meanG - xhat[i] * meanGX);
        }
        return new double[][] {out, dx, dw, db};
    }

    private static void assertAllNear(double[] ref, float[] got, double tol, String what) {
        double scale = 0;
        for (double v : ref) scale = Math.max(scale, Math.abs(v));
        assertTrue(ref.length == got.length, what + ": length");
        for (int i = 0; i < ref.length; i++) assertNear(ref[i], got[i], tol * (1 + scale), what + " at " + i);
    }

    @Test
    void layerNormForwardAndBackwardAgainstDoubleReference() {
        Random r = new Random(4);
        Generator gen = new Generator(4);
        for (int c = 0; c < 60; c++) {
            int[] shape = View.randomShape(r, 4, 7);
            int rank = shape.length, k = 1 + r.nextInt(rank);
            int[] normalized = Arrays.copyOfRange(shape, rank - k, rank);
            int n = View.numel(normalized), rows = View.numel(shape) / n;
            // x a transposed or sliced view half the time (layer norm reads it densely first)
            Tensor base = Tensor.randn(gen, shape).mul(Tensor.scalar(3f)).add(Tensor.scalar((float) r.nextGaussian() * 10));
            if (rank >= 2 && c % 2 == 1) base = base.transpose(0, rank - 1).contiguous().transpose(0, rank - 1);
            Tensor x = base.requiresGrad(true);
            boolean withW = c % 4 == 1 || c % 4 == 3, withB = c % 4 >= 2;
            Tensor w = withW ? Tensor.randn(gen, normalized).requiresGrad(true) : null;
            Tensor b = withB ? Tensor.randn(gen, normalized).requiresGrad(true) : null;
            Tensor y = Functional.layerNorm(x, normalized, w, b, EPS);
            Tensor g = Tensor.randn(gen, shape);
            y.backward(g);
            double[][] ref = layerNormReference(x.toFloatArray(), g.toFloatArray(), withW ? w.toFloatArray() : null,
                    withB ? b.toFloatArray() : null, rows, n);
            String what = "layer_norm " + Arrays.toString(shape) + " over " + Arrays.toString(normalized) + (withW ? " +weight" : "")
                    + (withB ? " +bias" : "");
            assertArrayEquals(shape, y.shape(), what);
            assertAllNear(ref[0], y.toFloatArray(), 2e-6, what + " out");
            assertAllNear(ref[1], x.grad().toFloatArray(), 1e-5, what + " dx");
            if (withW) assertAllNear(ref[2], w.grad().toFloatArray(), 1e-5, what + " dweight");
            if (withB) assertAllNear(ref[3], b.grad().toFloatArray(), 1e-5, what + " dbias");
        }
    }

    @Test
    void layerNormPassesGradCheck() {
        Random r = new Random(5);
        Generator gen = new Generator(5);
        for (int c = 0; c < 12; c++) {
            int[] shape = View.randomShape(r, 3, 4);
            int rank = shape.length, k = 1 + r.nextInt(rank);
            int[] normalized = Arrays.copyOfRange(shape, rank - k, rank);
            if (View.numel(normalized) == 1) continue;    // one value per row normalises to 0 whatever x: nothing to check
            boolean withW = c % 2 == 1, withB = c % 4 >= 2;
            Tensor x = Tensor.randn(gen, shape).requiresGrad(true);
            Tensor w = withW ? Tensor.randn(gen, normalized).requiresGrad(true) : null;
            Tensor b = withB ? Tensor.randn(gen, normalized).requiresGrad(true) : null;
            assertTrue(GradCheck.check(in -> Functional.layerNorm(in[0], normalized, in[1], in[2], EPS), x, w, b));
        }
    }

    @Test
    void largeLayerNormGivesTheSameBitsWithOneAndTwoThreads() {
        Random r = new Random(6);
        for (int[] rowsN : new int[][] {{7, 10001}, {10001, 7}, {40, 1777}}) {
            int rows = rowsN[0], n = rowsN[1];
            float[] x = new float[rows * n], g = new float[rows * n], w = new float[n], b = new float[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 4 + 2);
                g[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                w[i] = (float) r.nextGaussian();
                b[i] = (float) r.nextGaussian();
            }
            float[][] out = new float[2][x.length], dx = new float[2][x.length];
            for (int t = 0; t < 2; t++) {
                KernelThreads.setThreads(t + 1);
                float[] mean = new float[rows], rstd = new float[rows];
                RowOps.normalizeRows(x, rows, n, (float) EPS, w, b, out[t], mean, rstd);
                RowOps.normalizeRowsBackward(x, g, rows, n, w, mean, rstd, dx[t]);
            }
            String what = "layer norm " + rows + " x " + n;
            assertArrayEquals(out[0], out[1], what + ": 1 and 2 threads");
            assertArrayEquals(dx[0], dx[1], what + " backward: 1 and 2 threads");
            double[][] ref = layerNormReference(x, g, w, b, rows, n);
            assertAllNear(ref[0], out[1], 2e-6, what + " out");
            assertAllNear(ref[1], dx[1], 1e-5, what + " dx");
        }
    }
}
