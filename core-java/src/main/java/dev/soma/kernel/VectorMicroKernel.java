package dev.soma.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API micro-kernel: an 8 × (2 vectors) tile of C held in sixteen accumulators, one fma per vector per
 * k step. Loaded only when the jdk.incubator.vector module is present (see {@link Gemm}).
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 8, NR = 2 * L;

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override
    public void multiply(int kc, float[] a, int ao, float[] b, int bo, float alpha, float beta,
                         float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
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
            x = FloatVector.broadcast(S, a[ao + 6]);
            c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ao + 7]);
            c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        store(c, co, c00, c01, alpha, beta);
        store(c, co + ldc, c10, c11, alpha, beta);
        store(c, co + 2 * ldc, c20, c21, alpha, beta);
        store(c, co + 3 * ldc, c30, c31, alpha, beta);
        store(c, co + 4 * ldc, c40, c41, alpha, beta);
        store(c, co + 5 * ldc, c50, c51, alpha, beta);
        store(c, co + 6 * ldc, c60, c61, alpha, beta);
        store(c, co + 7 * ldc, c70, c71, alpha, beta);
    }

    // Same rounding as the scalar path: alpha*acc and beta*c each rounded, then added.
    private static void store(float[] c, int o, FloatVector v0, FloatVector v1, float alpha, float beta) {
        if (beta == 0f) {
            v0.mul(alpha).intoArray(c, o);
            v1.mul(alpha).intoArray(c, o + L);
        } else {
            v0.mul(alpha).add(FloatVector.fromArray(S, c, o).mul(beta)).intoArray(c, o);
            v1.mul(alpha).add(FloatVector.fromArray(S, c, o + L).mul(beta)).intoArray(c, o + L);
        }
    }
}
