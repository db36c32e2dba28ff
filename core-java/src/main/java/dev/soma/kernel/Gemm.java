package dev.soma.kernel;

/**
 * Single-precision GEMM over row-major arrays: C = alpha * op(A) * op(B) + beta * C, where op(X) is X or Xᵀ.
 * A is m×k after op, B is k×n after op, C is m×n; lda/ldb/ldc are row strides of the arrays as stored.
 *
 * <p>Cache-blocked and packed (KC×NC panels of B, MC×KC blocks of A) around a {@link MicroKernel}; large
 * problems split C into row or column slabs over {@link KernelThreads}. Every element of C is summed over k in
 * the same order whatever the thread count, so results are bitwise independent of it.
 */
public final class Gemm {
    /** Depth of packed panels: an mr×KC A panel (6 KB) stays in L1 (32 KB on Zen 4) while B panels stream past it. */
    static final int KC = 256;
    /** Rows of a packed A block (about 128 KB at KC). */
    static final int MC = 128;
    /**
     * Columns of a packed B block: KC×NC floats fill half of L2 and stay there while every A panel sweeps them (512
     * on a 1 MB L2, 1024 on a 2 MB one, where A is packed half as often: +5% at 1024³ and 2048³ on such a Xeon).
     */
    static final int NC = blockColumns(CacheSizes.L2_BYTES);
    /** Depth of B packed ahead in one shared pass (KS×NC floats, 4 MB at NC 512), so threads share one packed copy. */
    static final int KS = 2048;
    /** Up to this many rows of C, packing costs more than it saves: rows are computed as dot products or axpys. */
    static final int SMALL_M = 4;
    /** Below this depth the transposed copy of C costs more than a better tile fit saves. */
    private static final int SWAP_MIN_K = 64;
    /** Products whose A, B and C together hold at most this many floats (192 KB) fit in L2 with no blocking. */
    private static final long SMALL_FLOATS = 48 * 1024;
    /** Packing a float of A costs about as long as this many multiply-adds of the micro-kernel (63 µs for 307K floats). */
    private static final double PACK_A_COST = 13;
    /** A hand-off to the kernel threads and back costs about as long as this many multiply-adds (a few µs). */
    private static final double HANDOFF_COST = 200_000;
    /**
     * Reading a packed float another thread wrote (from its core's cache) costs about as long as this many multiply-adds.
     * Set from the splits it decides: over rows, 64×256×784 NT ran 8% and W3's 64×256×128 and 128×256×64 products 30–90%
     * slower than over panels, while 256×256×784 NT ran 15% faster than with A packed by both threads.
     */
    private static final double FOREIGN_COST = 5;
    /** Below this many multiply-adds the fork costs more than it saves. */
    private static final long PARALLEL_MIN_WORK = 1L << 21;

    private static final MicroKernel SCALAR = new ScalarMicroKernel();
    // The 12-row kernel where vectors hold 16 floats (AVX-512's 32 registers), else the 6-row one (AVX2's 16).
    private static final MicroKernel VECTOR = loadVector();
    private static final MicroKernel CHOSEN = VECTOR != null && Kernels.VECTOR_WANTED ? VECTOR : SCALAR;

    private Gemm() {}

    /** C = alpha * op(A) * op(B) + beta * C; beta == 0 ignores C's old contents, alpha == 0 or k == 0 only scales C. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(CHOSEN, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /**
     * As {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)},
     * reading op(B) from a packed copy in {@code bCache} when an earlier product with the same B left one there, and
     * leaving one for later products otherwise: for a B reused unchanged (an inference weight), given with the same
     * cache each time while its contents stay the same.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, PackedBCache bCache) {
        sgemm(CHOSEN, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bCache);
    }

    /**
     * C = op(A)·op(B) + beta·C with B's rows gathered through a table: without transB, row p of B (length n) starts at
     * b[bRows[p]]; with transB, column j of op(B) (length k) starts at b[bRows[j]]. Rows may overlap, which is how a
     * stride-1 convolution multiplies shifted views of one padded image without copying them out (implicit GEMM).
     * Always the packed, blocked product, split over the kernel threads as {@link #sgemm} splits it.
     */
    static void sgemmGathered(boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] bRows,
                              float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        packedProduct(CHOSEN, false, transB, m, n, k, 1f, a, aOff, lda, b, 0, 0, bRows, beta, c, cOff, ldc, null);
    }

    /** Below this many multiply-adds per product, a batch runs whole products in parallel instead of splitting each. */
    private static final long SMALL_PRODUCT = PARALLEL_MIN_WORK;

    /**
     * C_i = alpha·op(A_i)·op(B_i) + beta·C_i for i &lt; batch, where A_i starts at aOffsets[i], B_i at bOffsets[i] and
     * C_i at cOff + i·cStride (offset tables express any batch strides, broadcast ones included, without copies).
     * Small products run whole, several at a time, over the kernel threads; large ones one after another, each
     * split inside. Each C_i is the same as a single {@link #sgemm} call would give.
     */
    public static void sgemmBatch(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                  float[] a, int[] aOffsets, int lda, float[] b, int[] bOffsets, int ldb,
                                  float beta, float[] c, int cOff, int cStride, int ldc, int batch) {
        if (aOffsets.length < batch || bOffsets.length < batch)
            throw new IllegalArgumentException("sgemmBatch: " + batch + " products need as many offsets, got "
                    + aOffsets.length + " and " + bOffsets.length);
        long product = (long) m * n * k;
        if (product >= SMALL_PRODUCT || batch == 1) {
            for (int i = 0; i < batch; i++)
                sgemm(transA, transB, m, n, k, alpha, a, aOffsets[i], lda, b, bOffsets[i], ldb, beta, c, cOff + i * cStride, ldc);
            return;
        }
        // Inside a forRange body the kernel threads are taken, so each sgemm runs on its own thread, unsplit.
        KernelThreads.forRange(batch, product * batch, (i0, i1) -> {
            for (int i = i0; i < i1; i++)
                sgemm(transA, transB, m, n, k, alpha, a, aOffsets[i], lda, b, bOffsets[i], ldb, beta, c, cOff + i * cStride, ldc);
        });
    }

    private static MicroKernel loadVector() {
        MicroKernel tall = Kernels.load("dev.soma.kernel.TallVectorMicroKernel", MicroKernel.class);
        return tall != null ? tall : Kernels.load("dev.soma.kernel.VectorMicroKernel", MicroKernel.class);
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
        sgemm(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    static void sgemm(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, PackedBCache bCache) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (m <= SMALL_M) {
            fewRows(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (alpha == 1f && k <= KC && (long) m * k + (long) k * n + (long) m * n <= SMALL_FLOATS
                && (long) m * n * k < PARALLEL_MIN_WORK) {
            cacheResident(kernel, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (splitsDepth(m, n, k)) {
            depthHalves(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bCache);
            return;
        }
        blocked(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bCache);
    }

    /** Half-depth products from this depth up, when C is small (below). */
    private static final int SPLIT_DEPTH_MIN_K = 3 * KC;
    /** The largest C (in floats, 256 KB) computed as two half-depth products. */
    private static final long SPLIT_DEPTH_MAX_C = 1 << 16;

    /**
     * A deep product with a small C is computed as two half-depth products whose sum is C. Decided by the shape alone
     * (with one thread the halves run one after the other), so results do not depend on the thread count.
     */
    private static boolean splitsDepth(int m, int n, int k) {
        return k >= SPLIT_DEPTH_MIN_K && (long) m * n <= SPLIT_DEPTH_MAX_C && (long) m * n * k >= 2 * PARALLEL_MIN_WORK;
    }

    /*
     * C = (alpha·op(A)₁·op(B)₁ + beta·C) + alpha·op(A)₂·op(B)₂ over the first and second half of k, one half per thread:
     * each thread packs and multiplies only its own half, where splitting C's rows or panels between the threads had
     * each read half of one packed operand from the other core's cache and C's few tiles divide unevenly. In-JVM
     * alternation, 2 threads: W2's forward (128×100, k 3072) 507 → 450 µs, W3's first layer (64×256, k 784) 146 → 136,
     * W6b's (256×256, k 784) 458 → 442; with k = 256 (256×128) it cost 10%, hence the depth threshold.
     */
    private static void depthHalves(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                                    float[] c, int cOff, int ldc, PackedBCache bCache) {
        int k1 = k / 2;
        float[] second = Workspace.get().partial(m * n);
        KernelThreads.forRange(2, (long) m * n * k, (h0, h1) -> {
            for (int h = h0; h < h1; h++) {
                if (h == 0) {
                    blocked(kernel, transA, transB, m, n, k1, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bCache);
                } else {
                    int aStart = aOff + (transA ? k1 * lda : k1), bStart = bOff + (transB ? k1 : k1 * ldb);
                    blocked(kernel, transA, transB, m, n, k - k1, alpha, a, aStart, lda, b, bStart, ldb, 0f, second, 0, n, bCache);
                }
            }
        });
        FloatKernel add = Kernels.FLOAT;
        for (int i = 0; i < m; i++) add.binary(BinaryOp.ADD, c, cOff + i * ldc, second, i * n, c, cOff + i * ldc, n);
    }

    /** The packed product, computed transposed when that fits the tiles better. */
    private static void blocked(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                                float[] c, int cOff, int ldc, PackedBCache bCache) {
        int mr = kernel.mr(), nr = kernel.nr();
        // Tiles are mr×nr: when n fits the wide side badly and m fits it well (a Linear with 100 outputs and a
        // batch of 128, say), compute Cᵀ = op(B)ᵀ·op(A)ᵀ instead and transpose it into place.
        if (k >= SWAP_MIN_K && tileFit(n, nr) * tileFit(m, mr) * 1.1 < tileFit(m, nr) * tileFit(n, mr)) {
            // Cᵀ's rows start on cache lines (a line-aligned buffer, rows padded to whole lines), so when threads
            // split its column panels no line holds two threads' columns: W2's forward product, whose 100 rows were
            // written by both cores at every KC step, took 548–558 µs with the line shared, 524–531 µs without.
            int line = LineAligned.LINE_FLOATS, ldt = (m + line - 1) / line * line, t0 = LineAligned.START;
            float[] t = Workspace.get().transposed(n * ldt);
            packedProduct(kernel, !transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, null, 0f, t, t0, ldt, null);
            for (int i = 0; i < m; i++) {
                int o = cOff + i * ldc;
                for (int j = 0; j < n; j++) c[o + j] = beta == 0f ? t[t0 + j * ldt + i] : t[t0 + j * ldt + i] + beta * c[o + j];
            }
            return;
        }
        packedProduct(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc, bCache);
    }

    // NC for an L2 of the given size: half of it for the KC-deep B block, in whole 128-column steps, 256 to 4096.
    static int blockColumns(long l2Bytes) {
        long columns = l2Bytes / 2 / ((long) KC * Float.BYTES) / 128 * 128;
        return (int) Math.max(256, Math.min(4096, columns));
    }

    // The fraction of computed tile width that is real when `size` is cut into tiles of `tile`.
    private static double tileFit(int size, int tile) { return (double) size / ((size + tile - 1) / tile * tile); }

    /** The cache-blocked, packed product for C with more than {@link #SMALL_M} rows. */
    private static void packedProduct(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k,
                                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, int[] bRows,
                                      float beta, float[] c, int cOff, int ldc, PackedBCache bCache) {
        int mr = kernel.mr(), nr = kernel.nr();
        // Blocks hold whole tiles, so tiles line up with one global grid whatever the split between threads.
        // A shallow product (k < KC) gets proportionally wider B blocks, and a narrow one deeper k blocks, so the
        // packed B block stays about as large as the cache allows while the number of blocks (and of thread
        // hand-offs) drops.
        int kEff = Math.max(1, Math.min(k, KC));
        long work = (long) m * n * k;
        boolean parallel = work >= PARALLEL_MIN_WORK && KernelThreads.threads() > 1;
        // C with at most one MC block of rows has its column panels split between the threads, each of which then
        // keeps only its share of the B block in its L2: the block may be as many times wider. W2's weight gradient
        // (100×3072, k 128) in one block instead of two: 345 → 310 µs, and each thread multiplies the columns of x
        // it read in the forward product's depth half.
        int widen = parallel && m <= MC ? KernelThreads.threads() : 1;
        int ncMax = Math.max(nr, (int) Math.min((long) NC * KC / kEff * widen, Integer.MAX_VALUE / 2) / nr * nr);
        int ncUsed = Math.min(ncMax, (n + nr - 1) / nr * nr);
        int ksLimit = Math.max(KS, (int) Math.min((long) KS * NC / ncUsed / KC * KC, 1 << 20));
        int mcMax = Math.max(mr, MC / mr * mr);
        int ksMax = Math.min(ksLimit, (k + KC - 1) / KC * KC);
        // The caller's workspace holds the packed B block that every thread reads; panels are whole lines long, so
        // every k step's B vectors start on a cache line.
        int pbSize = (ncUsed + nr - 1) / nr * nr * ksMax;
        // One block holding all of op(B) can come from, or at its second use be left in, the cache.
        boolean cacheable = bCache != null && bRows == null && n <= ncMax && k <= ksMax && (long) pbSize >= PackedBCache.MIN_FLOATS;
        float[] cached = cacheable ? bCache.find(kernel, transB, bOff, ldb, k, n) : null;
        boolean fill = cacheable && cached == null && bCache.usedBefore(kernel, transB, bOff, ldb, k, n);
        float[] pb = cached != null ? cached : fill ? LineAligned.floats(pbSize) : Workspace.get().packedB(pbSize);
        boolean packB = cached == null;
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc), panels = (nc + nr - 1) / nr, j0 = jc;
            for (int ks = 0; ks < k; ks += ksMax) {
                int kLen = Math.min(ksMax, k - ks), k0 = ks;
                float blockBeta = ks == 0 ? beta : 1f;       // later k blocks accumulate onto the first
                long blockWork = parallel ? (long) m * nc * kLen : 0;
                int rowTiles = (m + mr - 1) / mr, threads = KernelThreads.threads();
                // Rows or column panels, whichever is estimated to finish first (in multiply-adds per thread): the
                // product at each split's balance; over rows, each thread's own rows of A packed, a second hand-off
                // (B is packed between the threads first) and the B panels the other threads packed, which come from
                // their caches; over panels, A packed by every thread (each reads all of it) or packed once between
                // them before a second hand-off, its other rows then read from the other caches. W2's weight gradient
                // (100 rows, k 128) splits its panels with A packed in each thread; its forward (100 rows, 64 columns
                // a thread, k 3072) with A shared; W3's 64-row products their panels; square products their rows.
                double packA = (double) m * kLen * PACK_A_COST, foreign = (threads - 1.0) / threads * FOREIGN_COST;
                double byRows = blockWork / (threads * splitEfficiency(rowTiles, mr, m, threads)) + packA / threads
                        + HANDOFF_COST + foreign * nc * kLen;
                double byPanels = blockWork / (threads * splitEfficiency(panels, nr, nc, threads));
                double packShared = packA / threads + HANDOFF_COST + foreign * m * kLen;
                boolean shareA = packShared < packA;
                if (byPanels + Math.min(packA, packShared) < byRows) {
                    // Split over column panels: each thread packs exactly the panels it multiplies, so packing and
                    // multiplying share one parallel region.
                    float[] sharedA = shareA ? Workspace.get().sharedA(rowTiles * mr * kLen) : null;
                    if (sharedA != null) {
                        KernelThreads.forRange(rowTiles, (long) m * kLen, (t0, t1) -> {
                            for (int pc = 0; pc < kLen; pc += KC) {
                                int i0 = t0 * mr, kc = Math.min(KC, kLen - pc);
                                GemmPacking.packA(kernel, transA, alpha, a, aOff, lda, i0, Math.min(m, t1 * mr) - i0, k0 + pc, kc,
                                        sharedA, pc * rowTiles * mr + i0 * kc);
                            }
                        });
                    }
                    KernelThreads.forRange(panels, blockWork, (q0, q1) -> {
                        if (packB) packPanels(kernel, transB, b, bOff, ldb, bRows, k0, kLen, j0, nc, panels, q0, q1, pb);
                        multiplyBlock(kernel, transA, alpha, a, aOff, lda, sharedA, 0, m, mcMax, pb, panels, q0, q1, j0, nc,
                                k0, kLen, blockBeta, c, cOff, ldc);
                    });
                } else {
                    // Split over row tiles: every thread reads every panel, so B is packed first (shared), then each
                    // thread packs only its rows of A.
                    if (packB)
                        KernelThreads.forRange(panels, parallel ? (long) kLen * nc : 0,
                                (q0, q1) -> packPanels(kernel, transB, b, bOff, ldb, bRows, k0, kLen, j0, nc, panels, q0, q1, pb));
                    KernelThreads.forRange(rowTiles, blockWork, (t0, t1) -> multiplyBlock(kernel, transA, alpha, a,
                            aOff, lda, null, t0 * mr, Math.min(m, t1 * mr), mcMax, pb, panels, 0, panels, j0, nc, k0, kLen,
                            blockBeta, c, cOff, ldc));
                }
            }
        }
        if (fill) bCache.put(kernel, transB, bOff, ldb, k, n, pb);
    }

    /**
     * A product that fits in cache, on the calling thread, without blocking: A is read in place when it is row-major
     * (only a last partial row tile is packed), and B when it is row-major in whole panels; otherwise B is packed
     * once. Small batched products (attention's heads) spent as long packing as multiplying before this.
     */
    private static void cacheResident(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k,
                                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                      float beta, float[] c, int cOff, int ldc) {
        int mr = kernel.mr(), nr = kernel.nr(), panels = (n + nr - 1) / nr;
        Workspace ws = Workspace.get();
        boolean bInPlace = !transB && n % nr == 0;
        float[] pb = b;
        int bBase = bOff, bps = ldb, panelStep = nr;
        if (!bInPlace) {
            pb = ws.packedB(panels * nr * k);
            bBase = LineAligned.START;
            GemmPacking.packB(kernel, transB, b, bOff, ldb, null, 0, k, 0, n, pb, bBase);
            bps = nr;
            panelStep = nr * k;
        }
        float[] pa = ws.packedA(mr * k), tile = ws.tile(mr * nr);
        for (int i0 = 0; i0 < m; i0 += mr) {
            int rows = Math.min(mr, m - i0);
            float[] at = a;
            int ao = aOff + i0 * lda, ars = lda, aps = 1;
            if (transA || rows < mr) {
                GemmPacking.packA(kernel, transA, 1f, a, aOff, lda, i0, rows, 0, k, pa, 0);
                at = pa;
                ao = 0;
                ars = 1;
                aps = mr;
            }
            for (int q = 0; q < panels; q++) {
                int cols = Math.min(nr, n - q * nr), co = cOff + i0 * ldc + q * nr, bo = bBase + q * panelStep;
                if (rows == mr && cols == nr && beta == 0f) {
                    kernel.multiplyStrided(k, at, ao, ars, aps, pb, bo, bps, 0f, c, co, ldc);
                } else {
                    kernel.multiplyStrided(k, at, ao, ars, aps, pb, bo, bps, 0f, tile, 0, nr);
                    mergeEdge(tile, nr, rows, cols, beta, c, co, ldc);
                }
            }
        }
    }

    /** Packs op(B)[k0..k0+kLen) for panels [q0, q1) of the block at column j0 into pb, KC rows at a time. */
    private static void packPanels(MicroKernel kernel, boolean transB, float[] b, int bOff, int ldb, int[] bRows, int k0, int kLen,
                                   int j0, int nc, int panels, int q0, int q1, float[] pb) {
        int nr = kernel.nr();
        for (int pc = 0; pc < kLen; pc += KC) {
            int kc = Math.min(KC, kLen - pc);
            GemmPacking.packB(kernel, transB, b, bOff, ldb, bRows, k0 + pc, kc, j0 + q0 * nr, Math.min(nc, q1 * nr) - q0 * nr, pb,
                    LineAligned.START + pc * panels * nr + q0 * nr * kc);
        }
    }

    /**
     * C with at most {@link #SMALL_M} rows (inference with a batch of one, say), unpacked: with op(B) = Bᵀ each
     * element is a dot product of an A row and a B row; otherwise each C row accumulates axpys of B's rows.
     * Columns split over threads; every element is summed in the same order whatever the split.
     */
    private static void fewRows(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                                float[] c, int cOff, int ldc) {
        // op(A)'s rows: read in place when A is stored row-major, gathered once otherwise.
        float[] rows = a;
        int rowsOff = aOff, rowStride = lda;
        if (transA) {
            rows = Workspace.get().rows(m * k);
            for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) rows[i * k + p] = a[aOff + p * lda + i];
            rowsOff = 0;
            rowStride = k;
        }
        float[] ra = rows;
        int ro = rowsOff, rs = rowStride;
        KernelThreads.forRange(n, (long) m * n * k, (j0, j1) -> {
            int cols = j1 - j0;
            float[] acc = Workspace.get().tile(cols);
            for (int i = 0; i < m; i++) {
                int ri = ro + i * rs;
                if (transB) {
                    kernel.dots(k, ra, ri, b, bOff + j0 * ldb, ldb, cols, acc, 0);
                } else {
                    java.util.Arrays.fill(acc, 0, cols, 0f);
                    for (int p = 0; p < k; p++) kernel.axpy(cols, ra[ri + p], b, bOff + p * ldb + j0, acc, 0);
                }
                int o = cOff + i * ldc + j0;
                for (int j = 0; j < cols; j++) c[o + j] = beta == 0f ? alpha * acc[j] : alpha * acc[j] + beta * c[o + j];
            }
        });
    }

    // Fraction of useful work when `tiles` tiles over `size` elements are cut into contiguous parts.
    private static double splitEfficiency(int tiles, int tile, int size, int threads) {
        int parts = Math.max(1, Math.min(threads, tiles));
        int largest = Math.min(size, (tiles + parts - 1) / parts * tile);
        return (double) size / ((double) parts * largest);
    }

    /**
     * Rows [i0, i1) times B panels [q0, q1) of the packed block pb (columns j0.., k range k0..k0+kLen): per KC
     * step and MC block, packs A into this thread's workspace (or reads it from sharedA, where all of the block's
     * rows were packed KC step by KC step), then runs tiles along rows of C so consecutive tiles write neighbouring
     * C lines while one A panel stays in L1 and the B block (NC×KC) in L2.
     */
    private static void multiplyBlock(MicroKernel kernel, boolean transA, float alpha, float[] a, int aOff, int lda,
                                      float[] sharedA, int i0, int i1, int mcMax, float[] pb, int panels, int q0, int q1,
                                      int j0, int nc, int k0, int kLen, float beta, float[] c, int cOff, int ldc) {
        int mr = kernel.mr(), nr = kernel.nr(), mPadded = (i1 + mr - 1) / mr * mr;
        Workspace ws = Workspace.get();
        float[] pa = sharedA != null ? sharedA : ws.packedA((mcMax + mr - 1) / mr * mr * KC), tile = ws.tile(mr * nr);
        for (int pc = 0; pc < kLen; pc += KC) {
            int kc = Math.min(KC, kLen - pc), bBase = LineAligned.START + pc * panels * nr;
            float blockBeta = pc == 0 ? beta : 1f;
            for (int ic = i0; ic < i1; ic += mcMax) {
                int mc = Math.min(mcMax, i1 - ic), aBase = 0;
                if (sharedA == null) GemmPacking.packA(kernel, transA, alpha, a, aOff, lda, ic, mc, k0 + pc, kc, pa, 0);
                else aBase = pc * mPadded + ic * kc;
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir), ao = aBase + ir * kc;
                    for (int q = q0; q < q1; q++) {
                        int cols = Math.min(nr, nc - q * nr), co = cOff + (ic + ir) * ldc + j0 + q * nr;
                        int bo = bBase + q * nr * kc;
                        if (rows == mr && cols == nr && (blockBeta == 0f || blockBeta == 1f)) {
                            kernel.multiply(kc, pa, ao, pb, bo, blockBeta, c, co, ldc);
                        } else {
                            kernel.multiply(kc, pa, ao, pb, bo, 0f, tile, 0, nr);
                            mergeEdge(tile, nr, rows, cols, blockBeta, c, co, ldc);
                        }
                    }
                }
            }
        }
    }

    // Writes the valid corner of a tile computed apart (an edge, or a beta other than 0 and 1): acc + beta*c. Whole
    // tiles of a k block after the first go straight to C with beta 1: through a tile and this merge they took 7% longer
    // (759 against 701 ns a tile in L1). A JFR profile of W2 shows no boxed vectors on that path after warm-up (an
    // earlier kernel's beta path ran boxed).
    private static void mergeEdge(float[] tile, int nr, int rows, int cols, float beta,
                                  float[] c, int co, int ldc) {
        for (int i = 0; i < rows; i++) {
            int o = co + i * ldc, t = i * nr;
            if (beta == 0f) System.arraycopy(tile, t, c, o, cols);
            else if (beta == 1f) Kernels.FLOAT.binary(BinaryOp.ADD, tile, t, c, o, c, o, cols);
            else for (int j = 0; j < cols; j++) c[o + j] = tile[t + j] + c[o + j] * beta;
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
}
