package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Soma;
import dev.soma.autograd.GradCheck;
import dev.soma.kernel.KernelThreads;
import dev.soma.nn.Functional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * batch_norm, group_norm, instance_norm, local_response_norm, normalize and dropout2d against direct double-precision
 * definitions on random (N, C, *) shapes, their gradients through GradCheck (training and eval batch norm, affine on
 * and off, any number of groups), the running-statistics update, thread-count independence and PyTorch's errors.
 */
class ChannelNormalizationTest {
    private static final double EPS = 1e-5;

    private static Tensor random(Random r, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextGaussian() * 1.5 + 0.5);
        return Tensor.of(d, shape);
    }

    // (N, C, spatial…) with 0–2 spatial dims of odd and even sizes.
    private static int[] randomShape(Random r, int c, int minSpatialDims) {
        int dims = minSpatialDims + r.nextInt(3 - minSpatialDims);
        int[] s = new int[2 + dims];
        s[0] = 1 + r.nextInt(4);
        s[1] = c;
        for (int i = 2; i < s.length; i++) s[i] = 1 + r.nextInt(i == 2 && r.nextInt(3) == 0 ? 20 : 5);
        if (Shape.numel(s) / c <= 1) s[0] = 2;      // more than one value per channel
        return s;
    }

    private static int spatial(int[] s) { return Shape.numel(s) / (s[0] * s[1]); }

    // Normalises x over the index sets that share stats(n, c) (the same key = the same statistics), in double.
    private interface Key { int of(int n, int c); }

    private static double[] reference(float[] x, int[] shape, int keys, Key key, float[] w, float[] b, double[] mean, double[] var) {
        int n = shape[0], c = shape[1], s = spatial(shape);
        double[] sum = new double[keys], sq = new double[keys], cnt = new double[keys];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) for (int q = 0; q < s; q++) {
            double v = x[(i * c + j) * s + q];
            int k = key.of(i, j);
            sum[k] += v;
            cnt[k]++;
        }
        for (int k = 0; k < keys; k++) sum[k] /= cnt[k];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) for (int q = 0; q < s; q++) {
            double d = x[(i * c + j) * s + q] - sum[key.of(i, j)];
            sq[key.of(i, j)] += d * d;
        }
        double[] y = new double[x.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) for (int q = 0; q < s; q++) {
            int k = key.of(i, j), o = (i * c + j) * s + q;
            double mu = mean == null ? sum[k] : mean[j], v = var == null ? sq[k] / cnt[k] : var[j];
            y[o] = (x[o] - mu) / Math.sqrt(v + EPS) * (w == null ? 1 : w[j]) + (b == null ? 0 : b[j]);
        }
        return y;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-4 + 1e-4 * Math.abs(expected[i]), what + ": element " + i);
    }

    @Test void batchNormMatchesTheDefinitionInTrainingAndEval() {
        Random r = new Random(21);
        for (int trial = 0; trial < 20; trial++) {
            int c = 1 + r.nextInt(4);
            int[] shape = randomShape(r, c, 0);
            boolean affine = r.nextBoolean();
            Tensor x = random(r, shape), w = affine ? random(r, c) : null, b = affine ? random(r, c) : null;
            float[] wd = affine ? w.toFloatArray() : null, bd = affine ? b.toFloatArray() : null;
            Tensor train = Functional.batchNorm(x, null, null, w, b, true, 0.1, EPS);
            assertClose(reference(x.toFloatArray(), shape, c, (i, j) -> j, wd, bd, null, null), train.toFloatArray(), "train " + Shape.str(shape));
            Tensor rm = random(r, c), rv = random(r, c).abs().add(0.1f);
            Tensor eval = Functional.batchNorm(x, rm, rv, w, b, false, 0.1, EPS);
            double[] m = new double[c], v = new double[c];
            for (int j = 0; j < c; j++) {
                m[j] = rm.toFloatArray()[j];
                v[j] = rv.toFloatArray()[j];
            }
            assertClose(reference(x.toFloatArray(), shape, c, (i, j) -> j, wd, bd, m, v), eval.toFloatArray(), "eval " + Shape.str(shape));
        }
    }

    @Test void batchNormTrainingUpdatesTheRunningStatisticsWithTheUnbiasedVariance() {
        // channel 0 holds 1, 3, 5, 7: mean 4, biased variance 5, unbiased 20/3; channel 1 holds 2 everywhere
        Tensor x = Tensor.of(new float[] {1, 3, 2, 2, 5, 7, 2, 2}, 2, 2, 2);
        Tensor rm = Tensor.of(1f, -1f), rv = Tensor.of(2f, 0.5f);
        Tensor y = Functional.batchNorm(x, rm, rv, null, null, true, 0.25, EPS);
        assertArrayEquals(new float[] {0.75f * 1 + 0.25f * 4, 0.75f * -1 + 0.25f * 2}, rm.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) (0.75 * 2 + 0.25 * 20.0 / 3), 0.75f * 0.5f}, rv.toFloatArray(), 1e-6f);
        float s = (float) (1 / Math.sqrt(5 + EPS));
        assertArrayEquals(new float[] {-3 * s, -s, 0, 0, s, 3 * s, 0, 0}, y.toFloatArray(), 1e-5f);
        // eval leaves them alone
        Functional.batchNorm(x, rm, rv, null, null, false, 0.25, EPS);
        assertEquals(1.75f, rm.toFloatArray()[0], 1e-6f);
    }

    @Test void batchNormGradientsPassGradCheckInTrainingAndEval() {
        Random r = new Random(22);
        for (int trial = 0; trial < 16; trial++) {
            int c = 1 + r.nextInt(3);
            int[] shape = randomShape(r, c, 0);
            boolean training = trial % 2 == 0, affine = trial % 4 < 2;
            Tensor x = random(r, shape).requiresGrad(true);
            Tensor w = random(r, c).requiresGrad(true), b = random(r, c).requiresGrad(true);
            Tensor rm = random(r, c), rv = random(r, c).abs().add(0.5f);
            String what = Shape.str(shape) + (training ? " train" : " eval") + (affine ? " affine" : "");
            if (affine)
                assertTrue(GradCheck.check(in -> Functional.batchNorm(in[0], training ? null : rm, training ? null : rv, in[1], in[2],
                        training, 0.1, EPS), x, w, b), what);
            else
                assertTrue(GradCheck.check(in -> Functional.batchNorm(in[0], training ? null : rm, training ? null : rv, null, null,
                        training, 0.1, EPS), x), what);
        }
    }

    @Test void groupAndInstanceNormMatchTheDefinition() {
        Random r = new Random(23);
        for (int trial = 0; trial < 20; trial++) {
            int groups = 1 + r.nextInt(3), c = groups * (1 + r.nextInt(3));
            int[] shape = randomShape(r, c, trial % 2);
            int cg = c / groups;
            boolean affine = r.nextBoolean();
            Tensor x = random(r, shape), w = affine ? random(r, c) : null, b = affine ? random(r, c) : null;
            float[] wd = affine ? w.toFloatArray() : null, bd = affine ? b.toFloatArray() : null;
            Tensor y = Functional.groupNorm(x, groups, w, b, EPS);
            assertClose(reference(x.toFloatArray(), shape, shape[0] * groups, (i, j) -> i * groups + j / cg, wd, bd, null, null),
                    y.toFloatArray(), "group_norm " + groups + " " + Shape.str(shape));
            if (shape.length >= 3 && spatial(shape) > 1) {
                Tensor in = Functional.instanceNorm(x, null, null, w, b, true, 0.1, EPS);
                assertClose(reference(x.toFloatArray(), shape, shape[0] * c, (i, j) -> i * c + j, wd, bd, null, null),
                        in.toFloatArray(), "instance_norm " + Shape.str(shape));
            }
        }
    }

    @Test void groupAndInstanceNormGradientsPassGradCheck() {
        Random r = new Random(24);
        for (int trial = 0; trial < 16; trial++) {
            int groups = 1 + r.nextInt(3), c = groups * (1 + r.nextInt(2));
            int[] shape = randomShape(r, c, 1);
            if (spatial(shape) == 1) shape[2] = 2;
            boolean affine = trial % 2 == 0;
            Tensor x = random(r, shape).requiresGrad(true);
            Tensor w = random(r, c).requiresGrad(true), b = random(r, c).requiresGrad(true);
            String what = Shape.str(shape) + " groups=" + groups + (affine ? " affine" : "");
            if (affine) {
                assertTrue(GradCheck.check(in -> Functional.groupNorm(in[0], groups, in[1], in[2], EPS), x, w, b), what);
                assertTrue(GradCheck.check(in -> Functional.instanceNorm(in[0], null, null, in[1], in[2], true, 0.1, EPS), x, w, b), what);
            } else {
                assertTrue(GradCheck.check(in -> Functional.groupNorm(in[0], groups, null, null, EPS), x), what);
                assertTrue(GradCheck.check(in -> Functional.instanceNorm(in[0], null, null, null, null, true, 0.1, EPS), x), what);
            }
        }
    }

    @Test void instanceNormTracksTheBatchAverageOfEachPlanesStatistics() {
        // sample 0 holds 0, 2 (mean 1, unbiased variance 2), sample 1 holds 4, 4 (mean 4, variance 0)
        Tensor x = Tensor.of(new float[] {0, 2, 4, 4}, 2, 1, 2);
        Tensor rm = Tensor.of(0f), rv = Tensor.of(1f);
        Functional.instanceNorm(x, rm, rv, null, null, true, 0.5, EPS);
        assertEquals(0.5f * 2.5f, rm.toFloatArray()[0], 1e-6f);
        assertEquals(0.5f * 1 + 0.5f * 1, rv.toFloatArray()[0], 1e-6f);
        Tensor eval = Functional.instanceNorm(x, rm, rv, null, null, false, 0.5, EPS);
        assertEquals((0 - 1.25f) / (float) Math.sqrt(1 + EPS), eval.toFloatArray()[0], 1e-5f);
    }

    @Test void localResponseNormMatchesTheDefinitionAndPassesGradCheck() {
        Random r = new Random(25);
        for (int trial = 0; trial < 10; trial++) {
            int c = 1 + r.nextInt(5), size = 1 + r.nextInt(4);
            int[] shape = randomShape(r, c, 1);
            Tensor x = random(r, shape);
            double alpha = 0.1 + r.nextDouble(), beta = 0.5 + r.nextDouble(), k = 1 + r.nextDouble();
            float[] xd = x.toFloatArray();
            int n = shape[0], s = spatial(shape);
            double[] ref = new double[xd.length];
            for (int i = 0; i < n; i++) for (int j = 0; j < c; j++) for (int q = 0; q < s; q++) {
                double acc = 0;
                for (int t = j - size / 2; t <= j + (size - 1) / 2; t++)
                    if (t >= 0 && t < c) acc += (double) xd[(i * c + t) * s + q] * xd[(i * c + t) * s + q];
                int o = (i * c + j) * s + q;
                ref[o] = xd[o] / Math.pow(k + alpha * acc / size, beta);
            }
            String what = Shape.str(shape) + " size=" + size;
            assertClose(ref, Functional.localResponseNorm(x, size, alpha, beta, k).toFloatArray(), what);
            assertTrue(GradCheck.check(in -> Functional.localResponseNorm(in[0], size, alpha, beta, k), x.requiresGrad(true)), what);
        }
    }

    @Test void normalizeDividesByTheClampedNormAndPassesGradCheck() {
        Random r = new Random(26);
        Tensor x = Tensor.of(new float[] {3, 4, 0, 0}, 2, 2);
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0}, Functional.normalize(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {3f / 7, 4f / 7, 0, 0}, Functional.normalize(x, 1, 1, 1e-12).toFloatArray(), 1e-6f);
        for (double p : new double[] {1, 2, 3}) {
            int[] shape = {1 + r.nextInt(3), 2 + r.nextInt(3), 1 + r.nextInt(3)};
            int dim = r.nextInt(3) - 1;
            assertTrue(GradCheck.check(in -> Functional.normalize(in[0], p, dim, 1e-12), random(r, shape).requiresGrad(true)),
                    "p=" + p + " dim=" + dim + " " + Shape.str(shape));
        }
    }

    @Test void dropout2dZeroesWholeChannelsAndScalesTheRest() {
        Tensor x = Tensor.ones(4, 8, 3, 3);
        Tensor y = Functional.dropout2d(x, 0.5, true, new Generator(7));
        float[] d = y.toFloatArray();
        int zeroed = 0;
        for (int p = 0; p < 32; p++) {
            float first = d[p * 9];
            assertTrue(first == 0f || first == 2f, "plane " + p + " holds " + first);
            for (int q = 1; q < 9; q++) assertEquals(first, d[p * 9 + q], "plane " + p + " is not uniform");
            if (first == 0f) zeroed++;
        }
        assertTrue(zeroed > 4 && zeroed < 28, zeroed + " of 32 planes zeroed");
        assertArrayEquals(d, Functional.dropout2d(x, 0.5, true, new Generator(7)).toFloatArray(), "same seed, same mask");
        assertTrue(Functional.dropout2d(x, 0.5, false, new Generator(7)) == x, "identity in eval");
        Tensor g = Tensor.ones(2, 3, 4).requiresGrad(true);
        assertTrue(GradCheck.check(in -> Functional.dropout2d(in[0], 0.3, true, new Generator(3)), g));
    }

    @Test void resultsDoNotDependOnTheThreadCount() {
        Random r = new Random(27);
        Tensor x = random(r, 8, 16, 16, 16).requiresGrad(true), w = random(r, 16).requiresGrad(true), b = random(r, 16).requiresGrad(true);
        Tensor up = random(r, 8, 16, 16, 16);
        // (N, C) and short planes take the kernels' plain-loop paths
        Tensor x1 = random(r, 512, 96).requiresGrad(true), up1 = random(r, 512, 96), w1 = random(r, 96).requiresGrad(true);
        Tensor x3 = random(r, 128, 32, 9).requiresGrad(true), up3 = random(r, 128, 32, 9), w3 = random(r, 32).requiresGrad(true);
        Tensor[] xs = {x, x, x1, x3}, ups = {up, up, up1, up3}, ws = {w, w, w1, w3};
        int ops = xs.length, before = KernelThreads.threads();
        float[][] out = new float[2 * ops][], gx = new float[2 * ops][], gw = new float[2 * ops][];
        try {
            for (int t = 1; t <= 2; t++) {
                Soma.setThreads(t);
                for (int op = 0; op < ops; op++) {
                    xs[op].setGrad(null);
                    ws[op].setGrad(null);
                    b.setGrad(null);
                    Tensor y = op == 1 ? Functional.groupNorm(x, 4, w, b, EPS)
                            : Functional.batchNorm(xs[op], null, null, ws[op], op == 0 ? b : null, true, 0.1, EPS);
                    y.backward(ups[op]);
                    int i = 2 * op + t - 1;
                    out[i] = y.toFloatArray();
                    gx[i] = xs[op].grad().toFloatArray();
                    gw[i] = ws[op].grad().toFloatArray();
                }
            }
        } finally {
            Soma.setThreads(before);
        }
        for (int op = 0; op < ops; op++) {
            assertArrayEquals(out[2 * op], out[2 * op + 1]);
            assertArrayEquals(gx[2 * op], gx[2 * op + 1]);
            assertArrayEquals(gw[2 * op], gw[2 * op + 1]);
        }
    }

    @Test void invalidArgumentsAreRejectedWithPyTorchsMessages() {
        var channels = assertThrows(IllegalArgumentException.class,
                () -> Functional.batchNorm(Tensor.zeros(2, 3, 4), Tensor.zeros(2), Tensor.ones(2), false));
        assertTrue(channels.getMessage().startsWith("batch_norm: running_mean should contain 3 elements not 2"), channels.getMessage());
        var single = assertThrows(IllegalArgumentException.class,
                () -> Functional.batchNorm(Tensor.zeros(1, 3), null, null, true));
        assertEquals("batch_norm: Expected more than 1 value per channel when training, got input size [1, 3]", single.getMessage());
        var evalStats = assertThrows(IllegalArgumentException.class, () -> Functional.batchNorm(Tensor.zeros(4, 3), null, null, false));
        assertTrue(evalStats.getMessage().contains("must be defined in evaluation mode"), evalStats.getMessage());
        var groups = assertThrows(IllegalArgumentException.class, () -> Functional.groupNorm(Tensor.zeros(2, 5, 3), 2, null, null, EPS));
        assertEquals("group_norm: Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 5, 3] "
                + "and num_groups=2", groups.getMessage());
        var spatial = assertThrows(IllegalArgumentException.class,
                () -> Functional.instanceNorm(Tensor.zeros(2, 3, 1), null, null, null, null, true, 0.1, EPS));
        assertTrue(spatial.getMessage().contains("Expected more than 1 spatial element when training"), spatial.getMessage());
        var lrn = assertThrows(IllegalArgumentException.class, () -> Functional.localResponseNorm(Tensor.zeros(2, 3), 2, 1e-4, 0.75, 1));
        assertEquals("local_response_norm: Expected 3D or higher dimensionality input (got 2 dimensions)", lrn.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.dropout2d(Tensor.zeros(4), 0.5, true));
        assertThrows(IllegalArgumentException.class, () -> Functional.dropout2d(Tensor.zeros(4, 2), 1.5, true));
    }
}
