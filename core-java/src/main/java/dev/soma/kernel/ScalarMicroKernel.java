package dev.soma.kernel;

/** Plain-Java 4×4 micro-kernel: the fallback when the Vector API is absent or disabled. */
final class ScalarMicroKernel implements MicroKernel {
    static final int MR = 4, NR = 4;

    @Override public int mr() { return MR; }

    @Override public int nr() { return NR; }

    @Override
    public void multiply(int kc, float[] a, int ao, float[] b, int bo, float beta,
                         float[] c, int co, int ldc) {
        // Sixteen named accumulators so the JIT keeps the whole tile in registers.
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
            float b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];
            float a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        row(c, co, c00, c01, c02, c03, beta);
        row(c, co + ldc, c10, c11, c12, c13, beta);
        row(c, co + 2 * ldc, c20, c21, c22, c23, beta);
        row(c, co + 3 * ldc, c30, c31, c32, c33, beta);
    }

    @Override
    public void multiplyStrided(int kc, float[] a, int ao, int ars, int aps, float[] b, int bo, int bps, float beta,
                                float[] c, int co, int ldc) {
        for (int i = 0; i < MR; i++) {
            for (int j = 0; j < NR; j++) {
                float s = 0;
                for (int p = 0; p < kc; p++) s += a[ao + i * ars + p * aps] * b[bo + p * bps + j];
                int o = co + i * ldc + j;
                c[o] = beta == 0f ? s : s + c[o] * beta;
            }
        }
    }

    @Override
    public void dots(int k, float[] x, int xo, float[] w, int wo, int ldw, int rows, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            int o = wo + r * ldw;
            float s = 0;
            for (int p = 0; p < k; p++) s += x[xo + p] * w[o + p];
            out[oo + r] = s;
        }
    }

    @Override
    public void axpy(int n, float s, float[] x, int xo, float[] y, int yo) {
        for (int j = 0; j < n; j++) y[yo + j] = Math.fma(s, x[xo + j], y[yo + j]);
    }

    private static void row(float[] c, int o, float v0, float v1, float v2, float v3, float beta) {
        if (beta == 0f) {
            c[o] = v0; c[o + 1] = v1; c[o + 2] = v2; c[o + 3] = v3;
        } else {
            c[o] = v0 + c[o] * beta;
            c[o + 1] = v1 + c[o + 1] * beta;
            c[o + 2] = v2 + c[o + 2] * beta;
            c[o + 3] = v3 + c[o + 3] * beta;
        }
    }

    @Override
    public void copyPanelRow(float[] src, int s, float[] dst, int d) {
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
        dst[d + 3] = src[s + 3];
    }
}
