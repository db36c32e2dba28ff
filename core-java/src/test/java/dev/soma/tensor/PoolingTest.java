package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Soma;
import dev.soma.autograd.GradCheck;
import dev.soma.kernel.KernelThreads;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Max, average and adaptive pooling against direct double-precision definitions on random 1–3-d geometries (odd sizes,
 * stride, padding, dilation, ceil_mode, batched and unbatched), their gradients and those of max-unpooling and
 * interpolate through GradCheck, hand-checked values, ties, thread-count independence and PyTorch's errors.
 */
class PoolingTest {
    /** One random pooling geometry. */
    private record Geo(int rank, int[] lead, int[] in, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        int[] shape() { return concat(lead, in); }

        int[] out() {
            int[] o = new int[rank];
            for (int i = 0; i < rank; i++) {
                o[i] = Math.floorDiv(in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1 + (ceil ? s[i] - 1 : 0), s[i]) + 1;
                if (ceil && (o[i] - 1) * s[i] >= in[i] + p[i]) o[i]--;
            }
            return o;
        }

        @Override public String toString() {
            return "lead=" + Arrays.toString(lead) + " in=" + Arrays.toString(in) + " k=" + Arrays.toString(k) + " s=" + Arrays.toString(s)
                    + " p=" + Arrays.toString(p) + " d=" + Arrays.toString(d) + " ceil=" + ceil;
        }
    }

    private static Geo randomGeo(Random r, boolean dilated) {
        int rank = 1 + r.nextInt(3);
        int[] in = new int[rank], k = new int[rank], s = new int[rank], p = new int[rank], d = new int[rank];
        for (int i = 0; i < rank; i++) {
            k[i] = 1 + r.nextInt(3);
            s[i] = 1 + r.nextInt(3);
            d[i] = dilated ? 1 + r.nextInt(2) : 1;
            p[i] = r.nextInt(k[i] / 2 + 1);
            int span = d[i] * (k[i] - 1) + 1;
            in[i] = Math.max(d[i], Math.max(1, span - 2 * p[i]) + r.nextInt(rank == 3 ? 3 : 6));
        }
        int[] lead = r.nextBoolean() ? new int[] {1 + r.nextInt(2), 1 + r.nextInt(3)} : new int[] {1 + r.nextInt(3)};
        return new Geo(rank, lead, in, k, s, p, d, r.nextBoolean());
    }

    // Distinct values (a shuffled ladder 0.01 apart), so max pooling has no ties and finite differences see no kinks.
    private static Tensor distinct(Random r, int... shape) {
        int n = Shape.numel(shape);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (i - n / 2) * 0.01f;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return Tensor.of(d, shape);
    }

    private static Tensor random(Random r, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void unravel(int index, int[] dims, int[] out) {
        for (int i = dims.length - 1; i >= 0; i--) {
            out[i] = index % dims[i];
            index /= dims[i];
        }
    }

    // For each plane and output position: the max over in-bounds taps o·s − p + t·d (first of ties) and its flat index.
    private static double[][] directMax(Geo g, float[] x) {
        int[] out = g.out();
        int planes = Shape.numel(g.lead), inVol = Shape.numel(g.in), outVol = Shape.numel(out), taps = Shape.numel(g.k);
        double[] y = new double[planes * outVol], idx = new double[planes * outVol];
        int[] o = new int[g.rank], t = new int[g.rank];
        for (int pl = 0; pl < planes; pl++) for (int oi = 0; oi < outVol; oi++) {
            unravel(oi, out, o);
            double best = Double.NEGATIVE_INFINITY;
            int at = -1;
            for (int ti = 0; ti < taps; ti++) {
                unravel(ti, g.k, t);
                int flat = 0;
                boolean inside = true;
                for (int i = 0; i < g.rank; i++) {
                    int pos = o[i] * g.s[i] - g.p[i] + t[i] * g.d[i];
                    inside &= pos >= 0 && pos < g.in[i];
                    flat = flat * g.in[i] + pos;
                }
                if (inside && (at < 0 || x[pl * inVol + flat] > best)) {
                    best = x[pl * inVol + flat];
                    at = flat;
                }
            }
            y[pl * outVol + oi] = best;
            idx[pl * outVol + oi] = at;
        }
        return new double[][] {y, idx};
    }

    // The window [o·s − p, min(o·s − p + k, in + p)) per dim, summed inside the input, divided as PyTorch divides.
    private static double[] directAvg(Geo g, float[] x, boolean countIncludePad, int divisorOverride) {
        int[] out = g.out();
        int planes = Shape.numel(g.lead), inVol = Shape.numel(g.in), outVol = Shape.numel(out);
        double[] y = new double[planes * outVol];
        int[] o = new int[g.rank], pos = new int[g.rank];
        for (int pl = 0; pl < planes; pl++) for (int oi = 0; oi < outVol; oi++) {
            unravel(oi, out, o);
            int[] lo = new int[g.rank], hi = new int[g.rank];
            long padded = 1, inside = 1;
            for (int i = 0; i < g.rank; i++) {
                int start = o[i] * g.s[i] - g.p[i], end = Math.min(start + g.k[i], g.in[i] + g.p[i]);
                padded *= end - start;
                lo[i] = Math.max(start, 0);
                hi[i] = Math.min(end, g.in[i]);
                inside *= Math.max(0, hi[i] - lo[i]);
            }
            double sum = 0;
            int[] span = new int[g.rank];
            for (int i = 0; i < g.rank; i++) span[i] = Math.max(0, hi[i] - lo[i]);
            for (int e = 0; e < inside; e++) {
                unravel(e, span, pos);
                int flat = 0;
                for (int i = 0; i < g.rank; i++) flat = flat * g.in[i] + lo[i] + pos[i];
                sum += x[pl * inVol + flat];
            }
            y[pl * outVol + oi] = inside == 0 ? 0 : sum / (divisorOverride > 0 ? divisorOverride : countIncludePad ? padded : inside);
        }
        return y;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-5 + 1e-5 * Math.abs(expected[i]), what + ": element " + i);
    }

    @Test void maxPoolingMatchesTheDirectDefinitionOnRandomGeometries() {
        Random r = new Random(31);
        for (int trial = 0; trial < 80; trial++) {
            Geo g = randomGeo(r, true);
            Tensor x = random(r, g.shape());
            ValuesIndices vi = Pooling.maxPoolWithIndices(x, g.rank, g.k, g.s, g.p, g.d, g.ceil);
            assertArrayEquals(concat(g.lead, g.out()), vi.values().shape(), g.toString());
            double[][] expected = directMax(g, x.toFloatArray());
            assertClose(expected[0], vi.values().toFloatArray(), g.toString());
            assertEquals(DType.INT64, vi.indices().dtype());
            assertClose(expected[1], vi.indices().toFloatArray(), g + " indices");
            assertArrayEquals(vi.values().toFloatArray(), Pooling.maxPool(x, g.rank, g.k, g.s, g.p, g.d, g.ceil).toFloatArray());
        }
    }

    @Test void averagePoolingMatchesTheDirectDefinitionOnRandomGeometries() {
        Random r = new Random(32);
        for (int trial = 0; trial < 80; trial++) {
            Geo g = randomGeo(r, false);
            boolean countPad = r.nextBoolean();
            int divisor = r.nextInt(4) == 0 ? 1 + r.nextInt(5) : 0;
            Tensor x = random(r, g.shape());
            Tensor y = Pooling.avgPool(x, g.rank, g.k, g.s, g.p, g.ceil, countPad, divisor);
            assertArrayEquals(concat(g.lead, g.out()), y.shape(), g.toString());
            assertClose(directAvg(g, x.toFloatArray(), countPad, divisor), y.toFloatArray(), g + " countPad=" + countPad + " divisor=" + divisor);
        }
    }

    @Test void adaptivePoolingMatchesItsBins() {
        Random r = new Random(33);
        for (int trial = 0; trial < 60; trial++) {
            int rank = 1 + r.nextInt(3);
            int[] in = new int[rank], out = new int[rank];
            for (int i = 0; i < rank; i++) {
                in[i] = 1 + r.nextInt(7);
                out[i] = 1 + r.nextInt(in[i] + 2);          // more outputs than inputs: overlapping bins
            }
            int[] lead = {2, 1 + r.nextInt(2)};
            Tensor x = random(r, concat(lead, in));
            Tensor avg = Pooling.adaptiveAvgPool(x, rank, out);
            ValuesIndices max = Pooling.adaptiveMaxPoolWithIndices(x, rank, out);
            // Adaptive pooling is average/max pooling over each bin: check every bin against a 1-bin pooling of its slice.
            float[] xd = x.toFloatArray(), ad = avg.toFloatArray(), md = max.values().toFloatArray(), id = max.indices().toFloatArray();
            int planes = Shape.numel(lead), inVol = Shape.numel(in), outVol = Shape.numel(out);
            int[] o = new int[rank], pos = new int[rank];
            for (int pl = 0; pl < planes; pl++) for (int oi = 0; oi < outVol; oi++) {
                unravel(oi, out, o);
                int[] lo = new int[rank], span = new int[rank];
                for (int i = 0; i < rank; i++) {
                    lo[i] = (int) Math.floor((double) o[i] * in[i] / out[i]);
                    span[i] = (int) Math.ceil((double) (o[i] + 1) * in[i] / out[i]) - lo[i];
                }
                double sum = 0, best = Double.NEGATIVE_INFINITY;
                int at = -1;
                for (int e = 0; e < Shape.numel(span); e++) {
                    unravel(e, span, pos);
                    int flat = 0;
                    for (int i = 0; i < rank; i++) flat = flat * in[i] + lo[i] + pos[i];
                    float v = xd[pl * inVol + flat];
                    sum += v;
                    if (at < 0 || v > best) {
                        best = v;
                        at = flat;
                    }
                }
                int j = pl * outVol + oi;
                assertEquals(sum / Shape.numel(span), ad[j], 1e-5, "avg " + Arrays.toString(in) + "->" + Arrays.toString(out));
                assertEquals(best, md[j], 0, "max " + Arrays.toString(in) + "->" + Arrays.toString(out));
                assertEquals(at, id[j], 0, "argmax " + Arrays.toString(in) + "->" + Arrays.toString(out));
            }
        }
        // −1 (None) keeps a dim.
        assertArrayEquals(new int[] {2, 3, 6, 3}, Pooling.adaptiveAvgPool(Tensor.zeros(2, 3, 6, 8), 2, new int[] {-1, 3}).shape());
    }

    @Test void valuesCheckedOnPaper() {
        Tensor x = Tensor.of(new float[] {
                1, 2, 5, 6,
                3, 4, 7, 8,
                -1, -2, 0, 9,
                -3, -4, 1, 1}, 1, 1, 4, 4);
        ValuesIndices vi = Pooling.maxPoolWithIndices(x, 2, new int[] {2}, null, null, null, false);
        assertArrayEquals(new float[] {4, 8, -1, 9}, vi.values().toFloatArray());
        assertArrayEquals(new long[] {5, 7, 8, 11}, vi.indices().toLongArray());
        assertArrayEquals(new float[] {2.5f, 6.5f, -2.5f, 2.75f},
                Pooling.avgPool(x, 2, new int[] {2}, null, null, false, true, 0).toFloatArray());
        // 3×3 windows, stride 2, padding 1 on a 4×4 input: the corner window holds 4 inputs of 9 places.
        Tensor pad = Pooling.avgPool(x, 2, new int[] {3}, new int[] {2}, new int[] {1}, false, true, 0);
        assertEquals(10f / 9, pad.toFloatArray()[0], 1e-6);
        assertEquals(10f / 4, Pooling.avgPool(x, 2, new int[] {3}, new int[] {2}, new int[] {1}, false, false, 0).toFloatArray()[0], 1e-6);
        // Max-unpooling puts each max back where it came from.
        Tensor un = Pooling.maxUnpool(vi.values(), vi.indices(), 2, new int[] {2}, null, null, null);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 4, 0, 8, -1, 0, 0, 9, 0, 0, 0, 0}, un.toFloatArray());
        // Bilinear with align_corners: the corners stay, the middle is the mean of its neighbours.
        Tensor img = Tensor.of(new float[] {0, 2, 4, 6}, 1, 1, 2, 2);
        Tensor up = Resampling.interpolate(img, new int[] {3, 3}, null, "bilinear", true);
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4, 4, 5, 6}, up.toFloatArray(), 1e-6f);
        Tensor near = Resampling.interpolate(img, null, new double[] {2}, "nearest", null);
        assertArrayEquals(new float[] {0, 0, 2, 2, 0, 0, 2, 2, 4, 4, 6, 6, 4, 4, 6, 6}, near.toFloatArray());
        // Pixel shuffle interleaves the r² channels of each output channel; unshuffle undoes it.
        Tensor ch = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1, 1);
        Tensor ps = Resampling.pixelShuffle(ch, 2);
        assertArrayEquals(new int[] {1, 1, 2, 2}, ps.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4}, ps.toFloatArray());
        Tensor big = random(new Random(3), 2, 8, 3, 2);
        assertArrayEquals(big.toFloatArray(), Resampling.pixelUnshuffle(Resampling.pixelShuffle(big, 2), 2).toFloatArray());
    }

    @Test void maxGradientGoesToTheFirstOfTiesAndNaNPropagates() {
        Tensor x = Tensor.of(new float[] {3, 3, 3, 3}, 1, 1, 2, 2).requiresGrad(true);
        ValuesIndices vi = Pooling.maxPoolWithIndices(x, 2, new int[] {2}, null, null, null, false);
        assertEquals(0L, vi.indices().toLongArray()[0]);
        vi.values().sum().backward();
        assertArrayEquals(new float[] {1, 0, 0, 0}, x.grad().toFloatArray());
        Tensor n = Tensor.of(new float[] {1, Float.NaN, 5, 2}, 1, 1, 4);
        assertTrue(Float.isNaN(Pooling.maxPool(n, 1, new int[] {4}, null, null, null, false).toFloatArray()[0]));
    }

    @Test void everyPoolingGradientPassesGradCheckOnRandomGeometries() {
        Random r = new Random(34);
        for (int trial = 0; trial < 30; trial++) {
            Geo g = randomGeo(r, true);
            Tensor x = distinct(r, g.shape()).requiresGrad(true);
            assertTrue(GradCheck.check(in -> Pooling.maxPool(in[0], g.rank, g.k, g.s, g.p, g.d, g.ceil), x), "max " + g);
            assertTrue(GradCheck.checkMulti(in -> {
                ValuesIndices vi = Pooling.maxPoolWithIndices(in[0], g.rank, g.k, g.s, g.p, g.d, g.ceil);
                return new Tensor[] {vi.values(), vi.indices()};
            }, x), "max with indices " + g);
            Geo a = randomGeo(r, false);
            boolean countPad = r.nextBoolean();
            int divisor = r.nextInt(3) == 0 ? 1 + r.nextInt(4) : 0;
            Tensor xa = random(r, a.shape()).requiresGrad(true);
            assertTrue(GradCheck.check(in -> Pooling.avgPool(in[0], a.rank, a.k, a.s, a.p, a.ceil, countPad, divisor), xa), "avg " + a);
        }
    }

    @Test void adaptiveUnpoolAndResamplingGradientsPassGradCheck() {
        Random r = new Random(35);
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + r.nextInt(3);
            int[] in = new int[rank], out = new int[rank], k = new int[rank];
            for (int i = 0; i < rank; i++) {
                in[i] = 1 + r.nextInt(rank == 3 ? 4 : 7);
                out[i] = 1 + r.nextInt(in[i] + 2);
                k[i] = 1 + r.nextInt(3);
            }
            int[] shape = concat(new int[] {1 + r.nextInt(2), 2}, in);
            Tensor x = distinct(r, shape).requiresGrad(true);
            String what = Arrays.toString(in) + "->" + Arrays.toString(out);
            assertTrue(GradCheck.check(t -> Pooling.adaptiveAvgPool(t[0], rank, out), x), "adaptive avg " + what);
            assertTrue(GradCheck.check(t -> Pooling.adaptiveMaxPool(t[0], rank, out), x), "adaptive max " + what);
            // Unpooling the indices of a non-overlapping max pooling (no duplicate targets) back to the input size.
            int[] kk = new int[rank];
            for (int i = 0; i < rank; i++) kk[i] = Math.min(k[i], in[i]);
            ValuesIndices vi = Pooling.maxPoolWithIndices(x.detach(), rank, kk, null, null, null, false);
            Tensor v = vi.values().detach().requiresGrad(true);
            assertTrue(GradCheck.check(t -> Pooling.maxUnpool(t[0], vi.indices(), rank, kk, null, null, in), v), "unpool " + what);
            String[] modes = {"nearest", "nearest-exact", new String[] {"linear", "bilinear", "trilinear"}[rank - 1]};
            for (String mode : modes) {
                boolean linear = !mode.startsWith("nearest");
                Boolean align = linear ? (Boolean) r.nextBoolean() : null;
                Function<Tensor[], Tensor> bySize = t -> Resampling.interpolate(t[0], out, null, mode, align);
                assertTrue(GradCheck.check(bySize, x), mode + " align=" + align + " " + what);
                double s = 0.5 + r.nextInt(6) * 0.5;
                if (Arrays.stream(in).allMatch(i -> Math.floor(i * s) >= 1))
                    assertTrue(GradCheck.check(t -> Resampling.interpolate(t[0], null, new double[] {s}, mode, align), x),
                            mode + " scale " + s + " " + what);
            }
        }
        Tensor ps = random(r, 2, 12, 3, 5).requiresGrad(true);
        assertTrue(GradCheck.check(t -> Resampling.pixelShuffle(t[0], 2), ps));
        assertTrue(GradCheck.check(t -> Resampling.pixelUnshuffle(t[0], 3), random(r, 1, 2, 6, 3).requiresGrad(true)));
    }

    @Test void resultsDoNotDependOnTheThreadCount() {
        Random r = new Random(36);
        Tensor x = random(r, 8, 32, 28, 28).requiresGrad(true);
        int before = KernelThreads.threads();
        float[][] y = new float[2][], g = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Soma.setThreads(t);
                x.setGrad(null);
                Tensor out = Pooling.maxPool(x, 2, new int[] {2}, null, null, null, false)
                        .add(Pooling.avgPool(x, 2, new int[] {3}, new int[] {2}, new int[] {1}, true, false, 0).sum().mul(Tensor.scalar(0.5f)))
                        .sum()
                        .add(Resampling.interpolate(x, null, new double[] {1.5}, "bilinear", false).sum())
                        .add(Pooling.adaptiveAvgPool(x, 2, new int[] {5}).sum());
                out.backward();
                y[t - 1] = out.toFloatArray();
                g[t - 1] = x.grad().toFloatArray();
            }
        } finally {
            Soma.setThreads(before);
        }
        assertArrayEquals(y[0], y[1]);
        assertArrayEquals(g[0], g[1]);
    }

    @Test void invalidArgumentsAreRejectedWithPyTorchsMessages() {
        var tooSmall = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool(Tensor.zeros(1, 1, 3, 4), 2, new int[] {5}, null, null, null, false));
        assertEquals("max_pool2d: Given input size: (1x3x4). Calculated output size: (1x0x0). Output size is too small", tooSmall.getMessage());
        var pad = assertThrows(IllegalArgumentException.class,
                () -> Pooling.avgPool(Tensor.zeros(1, 1, 6, 6), 2, new int[] {2}, null, new int[] {2}, false, true, 0));
        assertEquals("avg_pool2d: pad should be at most half of kernel size, but got pad=2 and kernel_size=2", pad.getMessage());
        var rank = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool(Tensor.zeros(5, 5), 2, new int[] {2}, null, null, null, false));
        assertEquals("max_pool2d: Expected 3D (unbatched) or 4D (batched) input, but got input of size: [5, 5]", rank.getMessage());
        var sizes = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool(Tensor.zeros(1, 1, 5, 5), 2, new int[] {2, 2, 2}, null, null, null, false));
        assertTrue(sizes.getMessage().contains("kernel_size must either be a single int, or a tuple of 2 ints"), sizes.getMessage());
        var unpool = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxUnpool(Tensor.zeros(1, 1, 2), Tensor.ofLongs(new long[] {0, 9}, 1, 1, 2), 1, new int[] {2}, null, null, null));
        assertEquals("max_unpool1d: Found an invalid max index: 9 (output volumes are of size (4))", unpool.getMessage());
        var negative = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxUnpool(Tensor.zeros(1, 1, 1), Tensor.ofLongs(new long[] {0}, 1, 1, 1), 1, new int[] {2}, new int[] {1},
                        new int[] {1}, null));
        assertTrue(negative.getMessage().contains("is too small"), negative.getMessage());
        var shuffle = assertThrows(IllegalArgumentException.class, () -> Resampling.pixelShuffle(Tensor.zeros(1, 6, 2, 2), 2));
        assertEquals("pixel_shuffle: expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but "
                + "input.size(-3)=6 is not divisible by 4", shuffle.getMessage());
        var mode = assertThrows(IllegalArgumentException.class,
                () -> Resampling.interpolate(Tensor.zeros(1, 1, 4, 4), new int[] {8}, null, "linear", null));
        assertEquals("interpolate: Got 4D input, but linear mode needs 3D input", mode.getMessage());
        var both = assertThrows(IllegalArgumentException.class,
                () -> Resampling.interpolate(Tensor.zeros(1, 1, 4), new int[] {8}, new double[] {2}, "nearest", null));
        assertEquals("interpolate: only one of size or scale_factor should be defined", both.getMessage());
        var align = assertThrows(IllegalArgumentException.class,
                () -> Resampling.interpolate(Tensor.zeros(1, 1, 4), new int[] {8}, null, "nearest", true));
        assertTrue(align.getMessage().contains("align_corners option can only be set with the interpolating modes"));
    }
}
