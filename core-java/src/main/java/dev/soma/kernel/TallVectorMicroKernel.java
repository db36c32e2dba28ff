package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector-API micro-kernel for machines with 16-float vectors (AVX-512, which has 32 vector registers): an
 * 8 × (2 vectors) tile of C in 16 accumulators, so each k step's two B loads and eight broadcasts feed 16 fmas
 * (measured in L1: 157 GFLOPS per core against the 6-row kernel's 145). Twelve rows would fill more registers,
 * but C1 then gives up on the method ("out of virtual registers") and the tiered JIT could leave it interpreted
 * for tens of seconds; eight compile cleanly at every tier. Refuses to load on narrower vectors (AVX2 has 16 registers, which the
 * 6-row {@link VectorMicroKernel} fills); {@link Gemm} then takes that one.
 */
final class TallVectorMicroKernel extends VectorMicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 8, NR = 2 * L;

    TallVectorMicroKernel() {
        if (L < 16) throw new UnsupportedOperationException("TallVectorMicroKernel needs 16-float vectors, this machine has " + L);
    }

    @Override public int mr() { return MR; }

    /**
     * One gather fetches {@code L / MR} k steps of all eight rows, which are then one contiguous store: a quarter
     * fewer instructions than four rows of scalar copies (W2's 100×1536 weight half: 0.20 against 0.34 ns a float,
     * in L2). This is the library's only gather, and should stay the only shape of one: in a probe that also ran
     * 256-bit float gathers, this 512-bit one lost its intrinsic at its next compilation and took 2.8 ns a float.
     */
    @Override
    public void packRowPanel(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        int steps = L / MR, p = 0;
        int[] map = Workspace.get().rowGather(lda, MR, L);
        if (alpha == 1f) {
            for (; p + steps <= kc; p += steps) FloatVector.fromArray(S, a, src + p, map, 0).intoArray(dst, d + p * MR);
        } else {
            for (; p + steps <= kc; p += steps) FloatVector.fromArray(S, a, src + p, map, 0).mul(alpha).intoArray(dst, d + p * MR);
        }
        for (; p < kc; p++) for (int i = 0; i < MR; i++) dst[d + p * MR + i] = alpha * a[src + i * lda + p];
    }

    @Override
    public void multiply(int kc, float[] a, int ao, float[] b, int bo, float beta, float[] c, int co, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            // Indices written from the loop counter, so the JIT can prove the bounds once for the whole loop.
            int ap = ao + p * MR, bp = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        // Stores written out inline, as in VectorMicroKernel: a helper taking vectors would box them.
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
            c60.intoArray(c, co + 6 * ldc);
            c61.intoArray(c, co + 6 * ldc + L);
            c70.intoArray(c, co + 7 * ldc);
            c71.intoArray(c, co + 7 * ldc + L);
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
            FloatVector.fromArray(S, c, co + 6 * ldc).fma(betas, c60).intoArray(c, co + 6 * ldc);
            FloatVector.fromArray(S, c, co + 6 * ldc + L).fma(betas, c61).intoArray(c, co + 6 * ldc + L);
            FloatVector.fromArray(S, c, co + 7 * ldc).fma(betas, c70).intoArray(c, co + 7 * ldc);
            FloatVector.fromArray(S, c, co + 7 * ldc + L).fma(betas, c71).intoArray(c, co + 7 * ldc + L);
        }
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
        int a6 = ao + 6 * ars;
        int a7 = ao + 7 * ars;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
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
            x = FloatVector.broadcast(S, a[a6 + pa]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + pa]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
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
            c60.intoArray(c, co + 6 * ldc);
            c61.intoArray(c, co + 6 * ldc + L);
            c70.intoArray(c, co + 7 * ldc);
            c71.intoArray(c, co + 7 * ldc + L);
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
            FloatVector.fromArray(S, c, co + 6 * ldc).fma(betas, c60).intoArray(c, co + 6 * ldc);
            FloatVector.fromArray(S, c, co + 6 * ldc + L).fma(betas, c61).intoArray(c, co + 6 * ldc + L);
            FloatVector.fromArray(S, c, co + 7 * ldc).fma(betas, c70).intoArray(c, co + 7 * ldc);
            FloatVector.fromArray(S, c, co + 7 * ldc + L).fma(betas, c71).intoArray(c, co + 7 * ldc + L);
        }
    }
}
