package dev.soma.kernel;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panel layouts a {@link MicroKernel} reads: A as
 * mr-row panels stored k-major (mr values per k step), B as nr-column panels stored k-major. Transposes are
 * resolved here so the kernel sees one layout; rows or columns past the matrix edge are zero-filled.
 */
final class GemmPacking {
    /** Panels packed side by side from each row of an untransposed B: few enough write streams for the prefetcher. */
    private static final int PANEL_GROUP = 8;

    private GemmPacking() {}

    /** Packs alpha * op(A)[i0 .. i0+mc) × [p0 .. p0+kc) into dst from dOff on as ceil(mc/mr) panels of kc*mr floats. */
    static void packA(MicroKernel kernel, boolean transA, float alpha, float[] a, int aOff, int lda, int i0, int mc, int p0,
                      int kc, float[] dst, int dOff) {
        int mr = kernel.mr();
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir), base = dOff + ir * kc;
            if (transA) {
                // A stored k×m: each k step's mr values are contiguous in the source.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir, d = base + p * mr;
                    for (int i = 0; i < rows; i++) dst[d + i] = alpha * a[src + i];
                }
            } else if (rows == mr) {
                kernel.packRowPanel(kc, alpha, a, aOff + (i0 + ir) * lda + p0, lda, dst, base);
            } else {
                packRows(rows, kc, alpha, a, aOff + (i0 + ir) * lda + p0, lda, mr, dst, base);
            }
            if (rows < mr) zeroTail(dst, base, kc, mr, rows);
        }
    }

    /**
     * dst[d + p·mr + i] = alpha·a[src + i·lda + p] for i &lt; rows, p &lt; kc: rows of a row-major A interleaved into a
     * panel mr wide. Four rows are read side by side, so each k step writes four neighbouring floats (a row at a time
     * wrote one float per mr-float step: 77 against 63 µs for W2's 100×3072 weight).
     */
    static void packRows(int rows, int kc, float alpha, float[] a, int src, int lda, int mr, float[] dst, int d) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int s0 = src + i * lda, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
            for (int p = 0, o = d + i; p < kc; p++, o += mr) {
                dst[o] = alpha * a[s0 + p];
                dst[o + 1] = alpha * a[s1 + p];
                dst[o + 2] = alpha * a[s2 + p];
                dst[o + 3] = alpha * a[s3 + p];
            }
        }
        for (; i < rows; i++) {
            int s0 = src + i * lda;
            for (int p = 0, o = d + i; p < kc; p++, o += mr) dst[o] = alpha * a[s0 + p];
        }
    }

    /**
     * Packs op(B)[p0 .. p0+kc) × [j0 .. j0+nc) into dst from dOff on as ceil(nc/kernel.nr()) panels of kc*nr floats. B's
     * stored rows start at bOff + r·ldb, or at rows[r] when a row table is given (see Gemm.sgemmGathered).
     */
    static void packB(MicroKernel kernel, boolean transB, float[] b, int bOff, int ldb, int[] rows, int p0, int kc, int j0, int nc,
                      float[] dst, int dOff) {
        int nr = kernel.nr();
        if (transB) {
            // B stored n×k: eight columns of op(B) at a time, each read sequentially, so every k step writes eight
            // neighbouring floats (one column at a time wrote one float per cache line: 12% slower W1t).
            for (int jr = 0; jr < nc; jr += nr) {
                int cols = Math.min(nr, nc - jr), base = dOff + jr * kc, j = 0;
                for (; j + 8 <= cols; j += 8) {
                    int s0 = row(bOff, ldb, rows, j0 + jr + j) + p0, s1 = row(bOff, ldb, rows, j0 + jr + j + 1) + p0;
                    int s2 = row(bOff, ldb, rows, j0 + jr + j + 2) + p0, s3 = row(bOff, ldb, rows, j0 + jr + j + 3) + p0;
                    int s4 = row(bOff, ldb, rows, j0 + jr + j + 4) + p0, s5 = row(bOff, ldb, rows, j0 + jr + j + 5) + p0;
                    int s6 = row(bOff, ldb, rows, j0 + jr + j + 6) + p0, s7 = row(bOff, ldb, rows, j0 + jr + j + 7) + p0;
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) {
                        dst[d] = b[s0 + p];
                        dst[d + 1] = b[s1 + p];
                        dst[d + 2] = b[s2 + p];
                        dst[d + 3] = b[s3 + p];
                        dst[d + 4] = b[s4 + p];
                        dst[d + 5] = b[s5 + p];
                        dst[d + 6] = b[s6 + p];
                        dst[d + 7] = b[s7 + p];
                    }
                }
                for (; j < cols; j++) {
                    int src = row(bOff, ldb, rows, j0 + jr + j) + p0;
                    for (int p = 0, d = base + j; p < kc; p++, d += nr) dst[d] = b[src + p];
                }
                if (cols < nr) zeroTail(dst, base, kc, nr, cols);
            }
            return;
        }
        // B stored k×n: a few panels at a time, each source row is read in one sequential run and its nr-float
        // pieces go to consecutive k steps of their panels (whole-panel pieces copied by the kernel's vectors).
        int full = nc / nr * nr;
        for (int jg = 0; jg < full; jg += PANEL_GROUP * nr) {
            int jEnd = Math.min(full, jg + PANEL_GROUP * nr);
            for (int p = 0; p < kc; p++) {
                int src = row(bOff, ldb, rows, p0 + p) + j0, d = dOff + p * nr;
                for (int jr = jg; jr < jEnd; jr += nr) kernel.copyPanelRow(b, src + jr, dst, d + jr * kc);
            }
        }
        if (full < nc) {
            int cols = nc - full, base = dOff + full * kc;
            for (int p = 0; p < kc; p++) {
                int src = row(bOff, ldb, rows, p0 + p) + j0 + full, d = base + p * nr;
                for (int j = 0; j < cols; j++) dst[d + j] = b[src + j];
            }
            zeroTail(dst, base, kc, nr, cols);
        }
    }

    // Where stored row r of B starts.
    private static int row(int bOff, int ldb, int[] rows, int r) { return rows == null ? bOff + r * ldb : rows[r]; }

    // Clears lanes [used, width) of every k step of one panel.
    private static void zeroTail(float[] dst, int base, int kc, int width, int used) {
        for (int p = 0; p < kc; p++) {
            int d = base + p * width;
            Arrays.fill(dst, d + used, d + width, 0f);
        }
    }
}
