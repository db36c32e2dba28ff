package dev.soma.kernel;

/**
 * Single-precision GEMM over row-major arrays: C = alpha * op(A) * op(B) + beta * C, where op(X) is X or Xᵀ.
 * A is m×k after op, B is k×n after op, C is m×n; lda/ldb/ldc are row strides of the arrays as stored.
 *
 * <p>Cache-blocked and packed (KC×NC panels of B, MC×KC blocks of A) around a {@link MicroKernel}; large
 * problems split C into row or column slabs over {@link Parallel}. Every element of C is summed over k in
 * the same order whatever the thread count, so results are bitwise independent of it.
 */
public final class Gemm {
    /** Depth of packed panels: an mr×KC A panel (6 KB) stays in L1 (32 KB on Zen 4) while B panels stream past it. */
    static final int KC = 256;
    /** Rows of a packed A block (about 128 KB at KC). */
    static final int MC = 128;
    /** Columns of a packed B block: KC×NC floats (512 KB) stay in L2 (1 MB) while every A panel sweeps them. */
    static final int NC = 512;
    /** Below this many multiply-adds the fork costs more than it saves. */
    private static final long PARALLEL_MIN_WORK = 1L << 20;

    private static final MicroKernel SCALAR = new ScalarMicroKernel();
    private static final MicroKernel VECTOR = loadVectorKernel();
    private static final MicroKernel CHOSEN =
            VECTOR != null && !"false".equalsIgnoreCase(System.getProperty("soma.vector")) ? VECTOR : SCALAR;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {}

    /** C = alpha * op(A) * op(B) + beta * C; beta == 0 ignores C's old contents, alpha == 0 or k == 0 only scales C. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(CHOSEN, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Which micro-kernel {@link #sgemm} uses: "vector" (Vector API) or "scalar" (plain Java fallback). */
    public static String kernelName() { return CHOSEN == VECTOR ? "vector" : "scalar"; }

    /** The plain-Java micro-kernel, for tests that compare paths. */
    static MicroKernel scalarKernel() { return SCALAR; }

    /** The Vector-API micro-kernel, or null when jdk.incubator.vector is not in the boot layer. */
    static MicroKernel vectorKernel() { return VECTOR; }

    /** As {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)} with a given micro-kernel. */
    static void sgemm(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        int mr = kernel.mr(), nr = kernel.nr();
        int rowTiles = (m + mr - 1) / mr, colTiles = (n + nr - 1) / nr;
        long work = (long) m * n * k;
        int threads = work < PARALLEL_MIN_WORK ? 1 : Parallel.threads();
        // Slabs start on tile boundaries, so each element's tile, and so its arithmetic, is the same for any split.
        if (threads == 1) {
            block(kernel, transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (splitEfficiency(colTiles, nr, n, threads) >= splitEfficiency(rowTiles, mr, m, threads)) {
            Parallel.forRange(colTiles, work, (t0, t1) -> block(kernel, transA, transB, 0, m,
                    t0 * nr, Math.min(n, t1 * nr), k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        } else {
            Parallel.forRange(rowTiles, work, (t0, t1) -> block(kernel, transA, transB, t0 * mr,
                    Math.min(m, t1 * mr), 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        }
    }

    // Fraction of useful work when `tiles` tiles over `size` elements are cut into contiguous parts.
    private static double splitEfficiency(int tiles, int tile, int size, int threads) {
        int parts = Math.min(threads, tiles);
        int largest = Math.min(size, (tiles + parts - 1) / parts * tile);
        return (double) size / ((double) parts * largest);
    }

    // The blocked loops over C[i0..i1) × [j0..j1): B blocks, k blocks, A blocks, then tiles along rows of C, so
    // consecutive tiles write neighbouring C lines (prefetcher-friendly) while one A panel stays in L1.
    private static void block(MicroKernel kernel, boolean transA, boolean transB, int i0, int i1, int j0, int j1,
                              int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        int mr = kernel.mr(), nr = kernel.nr();
        // Blocks hold whole tiles, so tiles line up with the global tile grid whatever the slab.
        int mcMax = Math.max(mr, MC / mr * mr), ncMax = Math.max(nr, NC / nr * nr);
        Workspace ws = WORKSPACE.get().ensure(mcMax, ncMax, mr, nr);
        float[] pa = ws.packedA, pb = ws.packedB, tile = ws.tile;
        for (int jc = j0; jc < j1; jc += ncMax) {
            int nc = Math.min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, pb);
                float blockBeta = pc == 0 ? beta : 1f;    // later k blocks accumulate onto the first
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int mc = Math.min(mcMax, i1 - ic);
                    GemmPacking.packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, mr, pa);
                    for (int ir = 0; ir < mc; ir += mr) {
                        int rows = Math.min(mr, mc - ir);
                        for (int jr = 0; jr < nc; jr += nr) {
                            int cols = Math.min(nr, nc - jr);
                            int co = cOff + (ic + ir) * ldc + jc + jr;
                            if (rows == mr && cols == nr) {
                                kernel.multiply(kc, pa, ir * kc, pb, jr * kc, blockBeta, c, co, ldc);
                            } else {
                                kernel.multiply(kc, pa, ir * kc, pb, jr * kc, 0f, tile, 0, nr);
                                mergeEdge(tile, nr, rows, cols, blockBeta, c, co, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    // Writes the valid corner of an edge tile: acc + beta*c, as the kernels do for whole tiles.
    private static void mergeEdge(float[] tile, int nr, int rows, int cols, float beta,
                                  float[] c, int co, int ldc) {
        for (int i = 0; i < rows; i++) {
            int o = co + i * ldc, t = i * nr;
            for (int j = 0; j < cols; j++) {
                c[o + j] = beta == 0f ? tile[t + j] : tile[t + j] + c[o + j] * beta;
            }
        }
    }

    // C = beta * C, with beta == 0 clearing (NaN included).
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[o + j] = beta == 0f ? 0f : c[o + j] * beta;
        }
    }

    // The Vector-API class is named only here, by reflection, so its absence cannot break class loading.
    private static MicroKernel loadVectorKernel() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            return (MicroKernel) Class.forName("dev.soma.kernel.VectorMicroKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Per-thread packing buffers, grown once and then reused by every call on that thread. */
    private static final class Workspace {
        float[] packedA = new float[0], packedB = new float[0], tile = new float[0];

        Workspace ensure(int mc, int nc, int mr, int nr) {
            int aSize = (mc + mr - 1) / mr * mr * KC, bSize = (nc + nr - 1) / nr * nr * KC;
            if (packedA.length < aSize) packedA = new float[aSize];
            if (packedB.length < bSize) packedB = new float[bSize];
            if (tile.length < mr * nr) tile = new float[mr * nr];
            return this;
        }
    }
}
