package dev.soma.kernel;

/**
 * The innermost step of {@link Gemm}: one mr×nr tile of C from a packed mr-wide panel of A and a packed
 * nr-wide panel of B. One scalar and one Vector-API implementation exist; {@link Gemm} picks one once.
 */
interface MicroKernel {
    /** Rows of the C tile (the packed A panel holds mr values per k step). */
    int mr();

    /** Columns of the C tile (the packed B panel holds nr values per k step). */
    int nr();

    /**
     * c[co + i*ldc + j] = acc[i][j] + beta * c[..] for i < mr, j < nr, where acc[i][j] is the sum over p < kc
     * of a[ao + p*mr + i] * b[bo + p*nr + j] in order of p (alpha is already packed into A); beta == 0 does
     * not read C.
     */
    void multiply(int kc, float[] a, int ao, float[] b, int bo, float beta, float[] c, int co, int ldc);

    /**
     * As {@link #multiply} with A and B read through strides instead of the packed layouts: element (i, p) of the A
     * tile at a[ao + i*ars + p*aps] (a row-major A in place: ars = lda, aps = 1; a packed panel: ars = 1,
     * aps = mr), and k step p of B at b[bo + p*bps] (in place: bps = ldb; packed: bps = nr). Small products use it
     * to skip packing. It does not replace {@link #multiply} for packed panels: there its per-row addressing cost
     * W1 n=512 a fifth of its speed (186 against 226 GFLOPS).
     */
    void multiplyStrided(int kc, float[] a, int ao, int ars, int aps, float[] b, int bo, int bps, float beta,
                         float[] c, int co, int ldc);

    /** out[oo + r] = Σ_{p<k} x[xo + p]·w[wo + r·ldw + p] for r < rows, each sum in a fixed order (GEMM with few rows). */
    void dots(int k, float[] x, int xo, float[] w, int wo, int ldw, int rows, float[] out, int oo);

    /**
     * Packs one whole mr-row panel of a row-major A: dst[d + p·mr + i] = alpha·a[src + i·lda + p] for i &lt; mr,
     * p &lt; kc (the layout {@link #multiply} reads).
     */
    default void packRowPanel(int kc, float alpha, float[] a, int src, int lda, float[] dst, int d) {
        GemmPacking.packRows(mr(), kc, alpha, a, src, lda, mr(), dst, d);
    }

    /** dst[d + j] = src[s + j] for j < nr: one k step of a packed B panel. */
    void copyPanelRow(float[] src, int s, float[] dst, int d);

    /** y[yo + j] += s·x[xo + j] for j < n. */
    void axpy(int n, float s, float[] x, int xo, float[] y, int yo);
}
