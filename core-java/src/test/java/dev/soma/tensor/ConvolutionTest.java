package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.Soma;
import dev.soma.autograd.GradCheck;
import dev.soma.kernel.KernelThreads;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Convolution and transposed convolution against a direct double-precision definition on random geometries of 1–3
 * spatial dims (stride, padding, dilation, groups, odd sizes, with and without bias), their gradients through
 * GradCheck, thread-count independence, and PyTorch's errors for invalid geometry.
 */
class ConvolutionTest {
    /** One random geometry: everything the functional forms take. */
    private record Case(int rank, int n, int cIn, int cOut, int groups, int[] in, int[] k, int[] stride, int[] pad,
                        int[] dil, int[] outPad, boolean bias) {}

    private static Case randomCase(Random r, boolean transposed) {
        int rank = 1 + r.nextInt(3), groups = 1 + r.nextInt(3);
        int cIn = groups * (1 + r.nextInt(2)), cOut = groups * (1 + r.nextInt(2));
        int[] in = new int[rank], k = new int[rank], s = new int[rank], p = new int[rank], d = new int[rank], op = new int[rank];
        for (int i = 0; i < rank; i++) {
            k[i] = 1 + r.nextInt(3);
            s[i] = 1 + r.nextInt(rank == 3 ? 2 : 3);
            d[i] = 1 + r.nextInt(2);
            p[i] = r.nextInt(3);
            int span = d[i] * (k[i] - 1) + 1;
            in[i] = transposed ? 1 + r.nextInt(4) : Math.max(1, span - 2 * p[i]) + r.nextInt(rank == 3 ? 3 : 5);
            op[i] = transposed ? r.nextInt(Math.max(s[i], d[i])) : 0;
            if (transposed && (long) (in[i] - 1) * s[i] - 2L * p[i] + (long) d[i] * (k[i] - 1) + op[i] + 1 <= 0) p[i] = 0;
        }
        return new Case(rank, 1 + r.nextInt(2), cIn, cOut, groups, in, k, s, p, d, op, r.nextBoolean());
    }

    private static int[] shape(int a, int b, int[] rest) {
        int[] s = new int[rest.length + 2];
        s[0] = a;
        s[1] = b;
        System.arraycopy(rest, 0, s, 2, rest.length);
        return s;
    }

    // Σ over input channel of the group, taps: x[n, ci, o·s − p + t·d]·w[co, ci − g·cInG, t], in double.
    private static double[] directConv(Case c, float[] x, float[] w, float[] b, int[] out) {
        int cInG = c.cIn / c.groups, cOutG = c.cOut / c.groups, r = c.rank;
        int outVol = Shape.numel(out), inVol = Shape.numel(c.in), taps = Shape.numel(c.k);
        double[] y = new double[c.n * c.cOut * outVol];
        int[] o = new int[r], t = new int[r];
        for (int n = 0; n < c.n; n++) for (int co = 0; co < c.cOut; co++) for (int oi = 0; oi < outVol; oi++) {
            unravel(oi, out, o);
            double acc = b == null ? 0 : b[co];
            int g = co / cOutG;
            for (int cj = 0; cj < cInG; cj++) for (int ti = 0; ti < taps; ti++) {
                unravel(ti, c.k, t);
                int idx = 0;
                boolean inside = true;
                for (int i = 0; i < r; i++) {
                    int pos = o[i] * c.stride[i] - c.pad[i] + t[i] * c.dil[i];
                    inside &= pos >= 0 && pos < c.in[i];
                    idx = idx * c.in[i] + pos;
                }
                if (inside) acc += (double) x[(n * c.cIn + g * cInG + cj) * inVol + idx] * w[(co * cInG + cj) * taps + ti];
            }
            y[(n * c.cOut + co) * outVol + oi] = acc;
        }
        return y;
    }

    // Each input element scatters x·w to o·s − p + t·d (the definition of the transposed convolution), in double.
    private static double[] directTranspose(Case c, float[] x, float[] w, float[] b, int[] out) {
        int cInG = c.cIn / c.groups, cOutG = c.cOut / c.groups, r = c.rank;
        int outVol = Shape.numel(out), inVol = Shape.numel(c.in), taps = Shape.numel(c.k);
        double[] y = new double[c.n * c.cOut * outVol];
        if (b != null) for (int n = 0; n < c.n; n++) for (int co = 0; co < c.cOut; co++)
            for (int oi = 0; oi < outVol; oi++) y[(n * c.cOut + co) * outVol + oi] = b[co];
        int[] ii = new int[r], t = new int[r];
        for (int n = 0; n < c.n; n++) for (int ci = 0; ci < c.cIn; ci++) for (int xi = 0; xi < inVol; xi++) {
            unravel(xi, c.in, ii);
            int g = ci / cInG;
            for (int cj = 0; cj < cOutG; cj++) for (int ti = 0; ti < taps; ti++) {
                unravel(ti, c.k, t);
                int idx = 0;
                boolean inside = true;
                for (int i = 0; i < r; i++) {
                    int pos = ii[i] * c.stride[i] - c.pad[i] + t[i] * c.dil[i];
                    inside &= pos >= 0 && pos < out[i];
                    idx = idx * out[i] + pos;
                }
                if (inside) y[(n * c.cOut + g * cOutG + cj) * outVol + idx]
                        += (double) x[(n * c.cIn + ci) * inVol + xi] * w[(ci * cOutG + cj) * taps + ti];
            }
        }
        return y;
    }

    private static void unravel(int index, int[] dims, int[] out) {
        for (int i = dims.length - 1; i >= 0; i--) {
            out[i] = index % dims[i];
            index /= dims[i];
        }
    }

    private static Tensor random(Random r, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-4 + 1e-4 * Math.abs(expected[i]), what + ": element " + i);
    }

    @Test void convolutionMatchesTheDirectDefinitionOnRandomGeometries() {
        Random r = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            Case c = randomCase(r, false);
            Tensor x = random(r, shape(c.n, c.cIn, c.in)), w = random(r, shape(c.cOut, c.cIn / c.groups, c.k));
            Tensor b = c.bias ? random(r, c.cOut) : null;
            Tensor y = Convolution.conv(x, w, b, c.stride, c.pad, c.dil, c.groups);
            int[] out = new int[c.rank];
            for (int i = 0; i < c.rank; i++) out[i] = (c.in[i] + 2 * c.pad[i] - c.dil[i] * (c.k[i] - 1) - 1) / c.stride[i] + 1;
            assertArrayEquals(shape(c.n, c.cOut, out), y.shape(), c.toString());
            assertClose(directConv(c, x.toFloatArray(), w.toFloatArray(), b == null ? null : b.toFloatArray(), out), y.toFloatArray(), c.toString());
        }
    }

    @Test void transposedConvolutionMatchesTheDirectDefinitionOnRandomGeometries() {
        Random r = new Random(12);
        for (int trial = 0; trial < 60; trial++) {
            Case c = randomCase(r, true);
            Tensor x = random(r, shape(c.n, c.cIn, c.in)), w = random(r, shape(c.cIn, c.cOut / c.groups, c.k));
            Tensor b = c.bias ? random(r, c.cOut) : null;
            Tensor y = Convolution.convTranspose(x, w, b, c.stride, c.pad, c.outPad, c.groups, c.dil);
            int[] out = new int[c.rank];
            for (int i = 0; i < c.rank; i++)
                out[i] = (c.in[i] - 1) * c.stride[i] - 2 * c.pad[i] + c.dil[i] * (c.k[i] - 1) + c.outPad[i] + 1;
            assertArrayEquals(shape(c.n, c.cOut, out), y.shape(), c.toString());
            assertClose(directTranspose(c, x.toFloatArray(), w.toFloatArray(), b == null ? null : b.toFloatArray(), out),
                    y.toFloatArray(), c.toString());
        }
    }

    @Test void gradientsOfBothConvolutionsPassGradCheck() {
        Random r = new Random(13);
        for (int trial = 0; trial < 24; trial++) {
            boolean transposed = trial % 2 == 1;
            Case c = randomCase(r, transposed);
            Tensor x = random(r, shape(c.n, c.cIn, c.in)).requiresGrad(true);
            Tensor w = (transposed ? random(r, shape(c.cIn, c.cOut / c.groups, c.k)) : random(r, shape(c.cOut, c.cIn / c.groups, c.k)))
                    .requiresGrad(true);
            Tensor b = random(r, c.cOut).requiresGrad(true);
            assertTrue(GradCheck.check(in -> transposed
                    ? Convolution.convTranspose(in[0], in[1], in[2], c.stride, c.pad, c.outPad, c.groups, c.dil)
                    : Convolution.conv(in[0], in[1], in[2], c.stride, c.pad, c.dil, c.groups), x, w, b), c.toString());
        }
    }

    @Test void samePaddingKeepsTheSizeWithTheOddPaddingAfter() {
        Random r = new Random(14);
        Tensor x = random(r, 2, 3, 7, 6), w = random(r, 4, 3, 4, 3);
        Tensor same = Convolution.conv(x, w, null, null, "same", new int[] {2, 1}, 1);
        assertArrayEquals(new int[] {2, 4, 7, 6}, same.shape());
        // Height: total 2·3 = 6, 3 before and 3 after; width: total 2, 1 and 1.
        Tensor explicit = Convolution.conv(Padding.pad(x, new int[] {1, 1, 3, 3}), w, null, null, new int[] {0}, new int[] {2, 1}, 1);
        assertArrayEquals(explicit.toFloatArray(), same.toFloatArray());
        Tensor w2 = random(r, 4, 3, 2, 2);
        Tensor even = Convolution.conv(x, w2, null, null, "same", null, 1);
        Tensor evenExplicit = Convolution.conv(Padding.pad(x, new int[] {0, 1, 0, 1}), w2, null, null, new int[] {0}, null, 1);
        assertArrayEquals(new int[] {2, 4, 7, 6}, even.shape());
        assertArrayEquals(evenExplicit.toFloatArray(), even.toFloatArray());
    }

    @Test void unbatchedInputGivesAnUnbatchedOutput() {
        Random r = new Random(15);
        Tensor x = random(r, 3, 6, 5), w = random(r, 2, 3, 3, 3), b = random(r, 2);
        Tensor y = Convolution.conv(x, w, b, null, new int[] {1}, null, 1);
        assertArrayEquals(new int[] {2, 6, 5}, y.shape());
        assertArrayEquals(Convolution.conv(x.unsqueeze(0), w, b, null, new int[] {1}, null, 1).squeeze(0).toFloatArray(), y.toFloatArray());
        Tensor t = Convolution.convTranspose(random(r, 2, 4), random(r, 2, 3, 3), null, new int[] {2}, null, null, 1, null);
        assertArrayEquals(new int[] {3, 9}, t.shape());
    }

    @Test void resultsDoNotDependOnTheThreadCount() {
        // Grouped (im2col onto the GEMM) and depthwise (the direct kernel), forward and both gradients.
        assertThreadIndependent(new int[] {16, 4, 3, 3}, 2);
        assertThreadIndependent(new int[] {16, 1, 3, 3}, 8);
    }

    private static void assertThreadIndependent(int[] weightShape, int groups) {
        Random r = new Random(16);
        Tensor x = random(r, 6, 8, 12, 12).requiresGrad(true), w = random(r, weightShape).requiresGrad(true);
        int before = KernelThreads.threads();
        float[][] results = new float[2][], wGrads = new float[2][], xGrads = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                Soma.setThreads(t);
                x.setGrad(null);
                w.setGrad(null);
                Tensor y = Convolution.conv(x, w, null, new int[] {1}, new int[] {1}, null, groups);
                y.backward(random(new Random(3), y.shape()));
                results[t - 1] = y.toFloatArray();
                xGrads[t - 1] = x.grad().toFloatArray();
                wGrads[t - 1] = w.grad().toFloatArray();
            }
        } finally {
            Soma.setThreads(before);
        }
        assertArrayEquals(results[0], results[1]);
        assertArrayEquals(xGrads[0], xGrads[1]);
        assertArrayEquals(wGrads[0], wGrads[1]);
    }

    @Test void invalidGeometryIsRejectedWithPyTorchsMessages() {
        Tensor x = Tensor.zeros(1, 6, 5, 5);
        var groups = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(x, Tensor.zeros(4, 2, 3, 3), null, null, new int[] {0}, null, 4));
        assertEquals("conv2d: Given groups=4, weight of size [4, 2, 3, 3], expected input[1, 6, 5, 5] to have 8 channels, "
                + "but got 6 channels instead", groups.getMessage());
        var large = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(Tensor.zeros(1, 2, 3), Tensor.zeros(2, 2, 5), null, null, new int[] {0}, null, 1));
        assertEquals("conv1d: Calculated padded input size per channel: (3). Kernel size: (5). Kernel size can't be greater than "
                + "actual input size", large.getMessage());
        var strided = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(x, Tensor.zeros(2, 6, 3, 3), null, new int[] {2}, "same", null, 1));
        assertTrue(strided.getMessage().contains("padding='same' is not supported for strided convolutions"));
        var rank = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(Tensor.zeros(5, 5), Tensor.zeros(2, 6, 3, 3), null, null, new int[] {0}, null, 1));
        assertTrue(rank.getMessage().contains("conv2d: Expected 3D (unbatched) or 4D (batched) input, but got input of size: [5, 5]"), rank.getMessage());
        var outPad = assertThrows(IllegalArgumentException.class, () -> Convolution.convTranspose(Tensor.zeros(1, 2, 4),
                Tensor.zeros(2, 1, 3), null, new int[] {2}, null, new int[] {2}, 1, null));
        assertTrue(outPad.getMessage().contains("output padding must be smaller than either stride or dilation"), outPad.getMessage());
        var perDim = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(x, Tensor.zeros(2, 6, 3, 3), null, new int[] {1, 1, 1}, new int[] {0}, null, 1));
        assertTrue(perDim.getMessage().contains("stride"), perDim.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(x, Tensor.zeros(2, 6, 3, 3), null, new int[] {0}, new int[] {0}, null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(x, Tensor.zeros(2, 6, 3, 3), null, null, new int[] {-1}, null, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv(x, Tensor.zeros(2, 6, 3, 3), Tensor.zeros(3), null, new int[] {0}, null, 1));
    }
}
