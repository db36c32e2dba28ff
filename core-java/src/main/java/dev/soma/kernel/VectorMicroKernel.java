package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API micro-kernel: a 6 × (2 vectors) tile of C in 12 accumulators, one fma per vector per k step.
 * 12 accumulators, 2 B vectors and one broadcast fit the sixteen AVX2 registers; loaded only when the
 * jdk.incubator.vector module is present (see {@link Gemm}).
 */
class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6, NR = 2 * L;

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override
    public void multiply(int kc, float[] a, int ao, float[] b, int bo, float beta,
                         float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        // Stores written out inline: a helper call may not be inlined in this large method, and its vector
        // arguments would then be boxed. Few operations per store keep the method under C2's node limits.
        if (beta == 0f) {
            c00.intoArray(c, co); c01.intoArray(c, co + L);
            c10.intoArray(c, co + ldc); c11.intoArray(c, co + ldc + L);
            c20.intoArray(c, co + 2 * ldc); c21.intoArray(c, co + 2 * ldc + L);
            c30.intoArray(c, co + 3 * ldc); c31.intoArray(c, co + 3 * ldc + L);
            c40.intoArray(c, co + 4 * ldc); c41.intoArray(c, co + 4 * ldc + L);
            c50.intoArray(c, co + 5 * ldc); c51.intoArray(c, co + 5 * ldc + L);
        } else {
            FloatVector betas = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, co).fma(betas, c00).intoArray(c, co);
            FloatVector.fromArray(S, c, co + L).fma(betas, c01).intoArray(c, co + L);
            FloatVector.fromArray(S, c, co + ldc).fma(betas, c10).intoArray(c, co + ldc);
            FloatVector.fromArray(S, c, co + ldc + L).fma(betas, c11).intoArray(c, co + ldc + L);
            FloatVector.fromArray(S, c, co + 2 * ldc).fma(betas, c20).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(S, c, co + 2 * ldc + L).fma(betas, c21).intoArray(c, co + 2 * ldc + L);
            FloatVector.fromArray(S, c, co + 3 * ldc).fma(betas, c30).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(S, c, co + 3 * ldc + L).fma(betas, c31).intoArray(c, co + 3 * ldc + L);
            FloatVector.fromArray(S, c, co + 4 * ldc).fma(betas, c40).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(S, c, co + 4 * ldc + L).fma(betas, c41).intoArray(c, co + 4 * ldc + L);
            FloatVector.fromArray(S, c, co + 5 * ldc).fma(betas, c50).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(S, c, co + 5 * ldc + L).fma(betas, c51).intoArray(c, co + 5 * ldc + L);
        }
    }

    @Override
    public void dots(int k, float[] x, int xo, float[] w, int wo, int ldw, int rows, float[] out, int oo) {
        int bound = S.loopBound(k), r = 0;
        float[] lanes = new float[L];
        // Four rows of w share each load of x.
        for (; r + 4 <= rows; r += 4) {
            int w0 = wo + r * ldw, w1 = w0 + ldw, w2 = w1 + ldw, w3 = w2 + ldw;
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
            int p = 0;
            for (; p < bound; p += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + p);
                s0 = FloatVector.fromArray(S, w, w0 + p).fma(xv, s0);
                s1 = FloatVector.fromArray(S, w, w1 + p).fma(xv, s1);
                s2 = FloatVector.fromArray(S, w, w2 + p).fma(xv, s2);
                s3 = FloatVector.fromArray(S, w, w3 + p).fma(xv, s3);
            }
            float t0 = sum(s0, lanes), t1 = sum(s1, lanes), t2 = sum(s2, lanes), t3 = sum(s3, lanes);
            for (; p < k; p++) {
                float xp = x[xo + p];
                t0 = Math.fma(xp, w[w0 + p], t0);
                t1 = Math.fma(xp, w[w1 + p], t1);
                t2 = Math.fma(xp, w[w2 + p], t2);
                t3 = Math.fma(xp, w[w3 + p], t3);
            }
            out[oo + r] = t0;
            out[oo + r + 1] = t1;
            out[oo + r + 2] = t2;
            out[oo + r + 3] = t3;
        }
        for (; r < rows; r++) {
            int w0 = wo + r * ldw, p = 0;
            FloatVector s0 = FloatVector.zero(S);
            for (; p < bound; p += L) s0 = FloatVector.fromArray(S, w, w0 + p).fma(FloatVector.fromArray(S, x, xo + p), s0);
            float t0 = sum(s0, lanes);
            for (; p < k; p++) t0 = Math.fma(x[xo + p], w[w0 + p], t0);
            out[oo + r] = t0;
        }
    }

    @Override
    public void copyPanelRow(float[] src, int s, float[] dst, int d) {
        // A constant-length arraycopy is copied inline by C2; the Vector-API form was not always inlined into
        // packing and then ran boxed (a fifth of W2's profile).
        System.arraycopy(src, s, dst, d, NR);
    }

    @Override
    public void axpy(int n, float s, float[] x, int xo, float[] y, int yo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int bound = S.loopBound(n), j = 0;
        for (; j < bound; j += L)
            FloatVector.fromArray(S, x, xo + j).fma(sv, FloatVector.fromArray(S, y, yo + j)).intoArray(y, yo + j);
        for (; j < n; j++) y[yo + j] = Math.fma(s, x[xo + j], y[yo + j]);    // fused like the vector lanes
    }

    // Lanes summed left to right: reduceLanes(ADD) leaves the order open, and it differs between the
    // intrinsic and the interpreter, which would make results depend on JIT timing.
    private static float sum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        float s = 0;
        for (float x : lanes) s += x;
        return s;
    }

    @Override
    public void multiplyStrided(int kc, float[] a, int ao, int ars, int aps, float[] b, int bo, int bps, float beta,
                                float[] c, int co, int ldc) {
        int a0 = ao + 0 * ars;
        int a1 = ao + 1 * ars;
        int a2 = ao + 2 * ars;
        int a3 = ao + 3 * ars;
        int a4 = ao + 4 * ars;
        int a5 = ao + 5 * ars;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int pa = p * aps, pb = bo + p * bps;
            FloatVector b0 = FloatVector.fromArray(S, b, pb), b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + pa]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + pa]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + pa]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + pa]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + pa]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (beta == 0f) {
            c00.intoArray(c, co + 0 * ldc);
            c01.intoArray(c, co + 0 * ldc + L);
            c10.intoArray(c, co + 1 * ldc);
            c11.intoArray(c, co + 1 * ldc + L);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + L);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + L);
            c40.intoArray(c, co + 4 * ldc);
            c41.intoArray(c, co + 4 * ldc + L);
            c50.intoArray(c, co + 5 * ldc);
            c51.intoArray(c, co + 5 * ldc + L);
        } else {
            FloatVector betas = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, co + 0 * ldc).fma(betas, c00).intoArray(c, co + 0 * ldc);
            FloatVector.fromArray(S, c, co + 0 * ldc + L).fma(betas, c01).intoArray(c, co + 0 * ldc + L);
            FloatVector.fromArray(S, c, co + 1 * ldc).fma(betas, c10).intoArray(c, co + 1 * ldc);
            FloatVector.fromArray(S, c, co + 1 * ldc + L).fma(betas, c11).intoArray(c, co + 1 * ldc + L);
            FloatVector.fromArray(S, c, co + 2 * ldc).fma(betas, c20).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(S, c, co + 2 * ldc + L).fma(betas, c21).intoArray(c, co + 2 * ldc + L);
            FloatVector.fromArray(S, c, co + 3 * ldc).fma(betas, c30).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(S, c, co + 3 * ldc + L).fma(betas, c31).intoArray(c, co + 3 * ldc + L);
            FloatVector.fromArray(S, c, co + 4 * ldc).fma(betas, c40).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(S, c, co + 4 * ldc + L).fma(betas, c41).intoArray(c, co + 4 * ldc + L);
            FloatVector.fromArray(S, c, co + 5 * ldc).fma(betas, c50).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(S, c, co + 5 * ldc + L).fma(betas, c51).intoArray(c, co + 5 * ldc + L);
        }
    }
}
