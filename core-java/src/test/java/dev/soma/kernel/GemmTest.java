package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    @Test
    void multipliesTwoByTwoByHand() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }

    @Test
    void appliesAlphaBetaAndTransposesByHand() {
        float[] a = {1, 3, 2, 4};          // Aᵀ stored: A = [[1, 2], [3, 4]]
        float[] b = {5, 7, 6, 8};          // Bᵀ stored: B = [[5, 6], [7, 8]]
        float[] c = {1, 1, 1, 1};
        Gemm.sgemm(true, true, 2, 2, 2, 2f, a, 0, 2, b, 0, 2, 3f, c, 0, 2);
        assertArrayEquals(new float[] {41, 47, 89, 103}, c);
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6, 7, 8}, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }

    @Test
    void zeroDepthScalesCAndEmptyOutputIsANoOp() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, c);
        c = new float[] {Float.NaN, 1};
        Gemm.sgemm(false, false, 1, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {0, 0}, c);
        c = new float[] {7, 7};
        Gemm.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2);
        Gemm.sgemm(false, false, 2, 0, 3, 1f, new float[6], 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
        assertArrayEquals(new float[] {7, 7}, c);
    }

    static Stream<Arguments> shapes() {
        int[] sizes = {1, 7, 8, 9, 63, 64, 65};
        List<Arguments> out = new ArrayList<>();
        Random r = new Random(42);
        for (int ta = 0; ta < 2; ta++) {
            for (int tb = 0; tb < 2; tb++) {
                for (int m : sizes) {
                    // n and k drawn from the same awkward sizes, so every size shows up in every role.
                    int n = sizes[r.nextInt(sizes.length)], k = sizes[r.nextInt(sizes.length)];
                    out.add(Arguments.of(ta == 1, tb == 1, m, n, k));
                }
                out.add(Arguments.of(ta == 1, tb == 1, 65, 1, 300));     // k spans two KC blocks
                out.add(Arguments.of(ta == 1, tb == 1, 9, Gemm.NC + 40, 300)); // n spans two NC blocks, k two KC
                out.add(Arguments.of(ta == 1, tb == 1, 130, 33, 520));    // m spans two MC blocks, k three KC
                out.add(Arguments.of(ta == 1, tb == 1, 3, 517, 77));      // few rows: the unpacked dot/axpy path
                out.add(Arguments.of(ta == 1, tb == 1, 4, 1030, 260));    // few rows, columns split over threads
                // Deep products with a small C: two half-depth products (one per thread) whose sum is C; each half
                // then splits its panels, A packed once for both (first) or in each (second), as one thread runs them.
                out.add(Arguments.of(ta == 1, tb == 1, 40, 64, 3000));
                out.add(Arguments.of(ta == 1, tb == 1, 20, 128, 2000));
                out.add(Arguments.of(ta == 1, tb == 1, 33, 130, 1001));   // odd depth: halves of 500 and 501
                out.add(Arguments.of(ta == 1, tb == 1, 100, 1100, 128));  // column panels split, A packed in each thread
                out.add(Arguments.of(ta == 1, tb == 1, 60, 2500, 300));   // few rows: B blocks widened for the panel split
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("shapes")
    void bothKernelsMatchNaiveProduct(boolean transA, boolean transB, int m, int n, int k) {
        List<MicroKernel> kernels = new ArrayList<>(List.of(Gemm.scalarKernel()));
        if (Gemm.vectorKernel() != null) kernels.add(Gemm.vectorKernel());
        for (MicroKernel kernel : kernels) {
            Problem p = new Problem(transA, transB, m, n, k, 1.5f, 0.75f, 11);
            p.run(kernel);
            p.check();
            Problem zeroBeta = new Problem(transA, transB, m, n, k, -0.5f, 0f, 12);
            zeroBeta.fillInside(Float.NaN);
            zeroBeta.run(kernel);
            zeroBeta.check();
        }
    }

    @Test
    void vectorKernelIsLoadedUnderTheTestFlags() {
        assertNotNull(Gemm.vectorKernel(), "surefire runs with --add-modules jdk.incubator.vector");
    }

    @Test
    void eachKernelPacksAWholeRowPanelAsTheScalarLoopDoes() {
        List<MicroKernel> kernels = new ArrayList<>(List.of(Gemm.scalarKernel()));
        if (Gemm.vectorKernel() != null) kernels.add(Gemm.vectorKernel());
        Random r = new Random(3);
        float[] a = new float[40 * 70];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        for (MicroKernel kernel : kernels) {
            int mr = kernel.mr();
            for (int lda : new int[] {23, 70}) {
                for (int kc : new int[] {0, 1, 2, 3, 15, 16, 17}) {
                    for (float alpha : new float[] {1f, -0.5f}) {
                        float[] expected = new float[5 + mr * kc], actual = new float[5 + mr * kc];
                        // The reference, element by element, from the layout the micro-kernel reads.
                        for (int p = 0; p < kc; p++) for (int i = 0; i < mr; i++) expected[5 + p * mr + i] = alpha * a[3 + i * lda + p];
                        kernel.packRowPanel(kc, alpha, a, 3, lda, actual, 5);
                        assertArrayEquals(expected, actual, kernel.getClass().getSimpleName() + " lda=" + lda + " kc=" + kc + " alpha=" + alpha);
                    }
                }
            }
        }
    }

    @Test
    void vectorAndScalarAgreeOnALargeProduct() {
        assumeTrue(Gemm.vectorKernel() != null);
        Problem v = new Problem(false, true, 257, 1000, 300, 1f, 0f, 5);
        Problem s = new Problem(false, true, 257, 1000, 300, 1f, 0f, 5);
        v.run(Gemm.vectorKernel());
        s.run(Gemm.scalarKernel());
        for (int i = 0; i < v.c.length; i++) assertEquals(s.c[i], v.c[i], 1e-3f * (1 + Math.abs(s.c[i])));
        v.check();
    }

    @Test
    @Tag("slow")
    void resultsAreBitwiseIndependentOfThreadCount() {
        int saved = KernelThreads.threads();
        try {
            for (boolean[] t : new boolean[][] {{false, false}, {false, true}, {true, false}, {true, true}}) {
                for (int[] shape : new int[][] {{200, 190, 300}, {33, 700, 120}, {700, 40, 130}, {2, 3000, 400}, {20, 128, 2000}, {40, 64, 3000}, {100, 1100, 128}, {128, 100, 3072}, {33, 130, 1001}, {100, 3072, 128}, {60, 2500, 300}}) {
                    Problem one = new Problem(t[0], t[1], shape[0], shape[1], shape[2], 1f, 0.5f, 3);
                    Problem two = new Problem(t[0], t[1], shape[0], shape[1], shape[2], 1f, 0.5f, 3);
                    KernelThreads.setThreads(1);
                    one.run(null);
                    KernelThreads.setThreads(2);
                    two.run(null);
                    assertArrayEquals(one.c, two.c);
                }
            }
        } finally {
            KernelThreads.setThreads(saved);
        }
    }

    @Test
    void aPackedBCacheIsFilledAtTheSecondUseAndThenReadInsteadOfB() {
        // 256×256 over k 784 (W6b's first layer) splits its depth: one packed copy per half. 300×300 over k 512
        // does not: one copy. Both are checked against the naive product, then B is changed behind the cache's back:
        // a product given the same cache still uses the old packed copy, which shows it is read instead of B.
        for (int[] shape : new int[][] {{256, 256, 784, 2}, {300, 300, 512, 1}}) {
            for (boolean transB : new boolean[] {false, true}) {
                int m = shape[0], n = shape[1], k = shape[2];
                Problem p = new Problem(false, transB, m, n, k, 1f, 0f, 21);
                PackedBCache cache = new PackedBCache();
                Gemm.sgemm(false, transB, m, n, k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, 0f, p.c, p.cOff, p.ldc, cache);
                p.check();
                assertEquals(0, cache.size(), "a B used once is packed as without a cache");
                float[] first = p.c.clone();
                Gemm.sgemm(false, transB, m, n, k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, 0f, p.c, p.cOff, p.ldc, cache);
                assertArrayEquals(first, p.c, "the second product, packing into the kept copy");
                assertEquals(shape[3], cache.size(), "packed copies after the second product");
                Gemm.sgemm(false, transB, m, n, k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, 0f, p.c, p.cOff, p.ldc, cache);
                assertArrayEquals(first, p.c, "the product from the packed copy");
                assertEquals(shape[3], cache.size(), "no further copy");
                Arrays.fill(p.b, 1f);
                Gemm.sgemm(false, transB, m, n, k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, 0f, p.c, p.cOff, p.ldc, cache);
                assertArrayEquals(first, p.c, "B changed, the same cache: the old packed B is read");
                Gemm.sgemm(false, transB, m, n, k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, 0f, p.c, p.cOff, p.ldc, new PackedBCache());
                p.check();
            }
        }
    }

    @Test
    void smallProductsAndTransposedOnesKeepNoPackedCopy() {
        // 64×128 over k 200 packs 128 columns × 256 (below the 64K-float floor); 256×100 over k 800 computes its halves
        // transposed (B becomes the packed A); both run right with a cache and leave it empty.
        for (int[] shape : new int[][] {{64, 128, 200}, {256, 100, 800}}) {
            Problem p = new Problem(false, true, shape[0], shape[1], shape[2], 1f, 0.5f, 22);
            PackedBCache cache = new PackedBCache();
            Gemm.sgemm(false, true, p.m, p.n, p.k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, 0.5f, p.c, p.cOff, p.ldc, cache);
            p.check();
            System.arraycopy(p.c0, 0, p.c, 0, p.c.length);
            Gemm.sgemm(false, true, p.m, p.n, p.k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, 0.5f, p.c, p.cOff, p.ldc, cache);
            p.check();
            assertEquals(0, cache.size(), "m=" + shape[0] + " n=" + shape[1] + " k=" + shape[2]);
        }
    }

    /** Random operands stored with padding and leading dimensions wider than the matrix, plus a naive reference. */
    private static final class Problem {
        final boolean transA, transB;
        final int m, n, k, lda, ldb, ldc, aOff = 3, bOff = 5, cOff = 7;
        final float alpha, beta;
        final float[] a, b, c, c0;

        Problem(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, long seed) {
            this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
            this.alpha = alpha; this.beta = beta;
            lda = (transA ? m : k) + 2;
            ldb = (transB ? k : n) + 3;
            ldc = n + 1;
            Random r = new Random(seed);
            a = random(r, aOff + (transA ? k : m) * lda);
            b = random(r, bOff + (transB ? n : k) * ldb);
            c = random(r, cOff + m * ldc);
            c0 = c.clone();
        }

        void run(MicroKernel kernel) {
            if (kernel == null) {
                Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                Gemm.sgemm(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }

        // Sets every element of the m×n matrix C (not its padding) to v.
        void fillInside(float v) {
            for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, v);
            System.arraycopy(c, 0, c0, 0, c.length);
        }

        void check() {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0, mag = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += av * bv;
                        mag += Math.abs(av * bv);
                    }
                    int ci = cOff + i * ldc + j;
                    double old = beta == 0 ? 0 : beta * c0[ci];
                    double want = alpha * s + old;
                    double tol = 1e-5 * (Math.abs(alpha) * mag + Math.abs(old)) + 1e-6;
                    assertEquals(want, c[ci], tol, "C[" + i + "][" + j + "]");
                }
            }
            // Padding between rows and outside the matrix is untouched.
            for (int i = 0; i < c.length; i++) {
                int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
                boolean inside = i >= cOff && row < m && col < n;
                if (!inside) assertEquals(c0[i], c[i], 0f, "padding at " + i);
            }
        }

        private static float[] random(Random r, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) x[i] = (float) r.nextGaussian();
            return x;
        }
    }
}
