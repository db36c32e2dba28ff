package dev.soma.kernel;

/**
 * Scaled dot-product attention over a batch of (L, E) queries, (S, E) keys and (S, Ev) values:
 * O = softmax(Q·Kᵀ·scale + M)·V, each product on {@link Gemm}, the scale, the mask and a numerically stable softmax
 * in one pass over each score row, and backward's softmax rule in one pass too. {@link #blockedForward} is the
 * flash-attention form: keys in blocks with an online softmax, so no (L, S) score matrix exists and memory grows
 * with L + S, not L·S. Operands are read in place through per-batch offset tables (broadcast batch dims repeat an
 * offset); masks are additive floats or booleans (nonzero = may attend) read through strides, either may be
 * absent, and the causal rule lets row i see keys 0..i (top-left aligned). A fully masked row gives NaN, as
 * PyTorch's math path does.
 */
public final class AttentionKernel {
    private AttentionKernel() {}

    /** Query rows per block of the blocked path: a block's scores (BLOCK_ROWS × BLOCK_KEYS) stay in L2. */
    static final int BLOCK_ROWS = 64;
    /** Keys per block of the blocked path. */
    static final int BLOCK_KEYS = 256;

    /**
     * A matrix operand per batch entry: batch b starts at {@code offsets[b]}; row-major with row stride {@code ld}
     * (element (r, c) at r·ld + c), or with {@code columnMajor} stored transposed (element (r, c) at c·ld + r).
     */
    public record Operand(float[] data, int[] offsets, int ld, boolean columnMajor) {}

    /**
     * A mask per batch entry: element (i, j) of batch b at {@code offsets[b] + i·rowStride + j·colStride} (a stride
     * of 0 repeats a broadcast dim); {@code bool} masks allow where nonzero, others are added to the scores.
     */
    public record Mask(float[] data, int[] offsets, int rowStride, int colStride, boolean bool) {}

    /** The sizes of one attention: batch entries, query rows L, keys S, query/key width E, value width Ev. */
    public record Dims(int batch, int l, int s, int e, int ev) {
        long scores() { return (long) batch * l * s; }
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    // Per-thread buffer i of at least n floats (Gemm keeps its own workspace, so these never alias its buffers).
    private static float[] scratch(int i, int n) {
        float[][] s = SCRATCH.get();
        if (s[i].length < n) s[i] = new float[n];
        return s[i];
    }

    /**
     * Dropout on the weights: weight i is kept (and scaled by {@code scale} = 1/(1−p)) where {@code kept[i]} is nonzero,
     * in the layout of the weights. One byte per weight, as PyTorch's bool mask.
     */
    public record Drop(byte[] kept, float scale) {
        // out[oo + j] = x[xo + j] dropped by mask entry mo + j, for j < n (x and out may be the same).
        void apply(float[] x, int xo, int mo, float[] out, int oo, int n) {
            for (int j = 0; j < n; j++) out[oo + j] = kept[mo + j] != 0 ? x[xo + j] * scale : 0f;
        }
    }

    /**
     * Forward with the whole score matrix: p (contiguous (batch, L, S)) receives the attention weights; with
     * {@code drop}, the weights times V use the dropped weights, which also go to {@code dropped} when it is given
     * (else they only pass through a per-thread buffer); out (contiguous (batch, L, Ev)) receives the output.
     */
    public static void forward(Dims d, Operand q, Operand k, Operand v, Mask mask, boolean causal, float scale,
                               float[] p, Drop drop, float[] dropped, float[] out) {
        int l = d.l(), s = d.s();
        perBatch(d, (long) l * s * (d.e() + d.ev() + 8), b -> {
            int po = b * l * s;
            Gemm.sgemm(q.columnMajor(), !k.columnMajor(), l, s, d.e(), 1f, q.data(), q.offsets()[b], q.ld(),
                    k.data(), k.offsets()[b], k.ld(), 0f, p, po, s);
            KernelThreads.forRange(l, (long) l * s * 8, (i0, i1) -> {
                for (int i = i0; i < i1; i++) softmaxRow(p, po + i * s, i, 0, s, scale, mask, b, causal);
            });
            float[] w = p;
            int wo = po;
            if (drop != null) {
                w = dropped != null ? dropped : scratch(1, l * s);
                wo = dropped != null ? po : 0;
                drop.apply(p, po, po, w, wo, l * s);
            }
            Gemm.sgemm(false, v.columnMajor(), l, d.ev(), s, 1f, w, wo, s, v.data(), v.offsets()[b], v.ld(),
                    0f, out, b * l * d.ev(), d.ev());
        });
    }

    /**
     * Backward of {@link #forward} from gOut (contiguous (batch, L, Ev)) and, when not null, gWeights, the gradient
     * of the returned weights (the dropped ones with {@code drop}): writes contiguous dq (batch, L, E), dk (batch, S, E)
     * and dv (batch, S, Ev); any of them may be null when not needed. Per row, dS = scale·P⊙(dP − Σ dP⊙P) with
     * dP = (gOut·Vᵀ + gWeights) dropped as the weights were; dV = (dropped P)ᵀ·gOut, re-formed from P and the mask
     * when {@code dropped} is null.
     */
    public static void backward(Dims d, Operand q, Operand k, Operand v, float scale, float[] p, Drop drop,
                                float[] dropped, float[] gOut, float[] gWeights, float[] dq, float[] dk, float[] dv) {
        int l = d.l(), s = d.s(), e = d.e(), ev = d.ev();
        FloatKernel fk = Kernels.FLOAT;
        perBatch(d, (long) l * s * (2 * e + 2 * ev + 8), b -> {
            int po = b * l * s, go = b * l * ev;
            if (dv != null) {
                float[] w = p;
                int wo = po;
                if (drop != null) {
                    w = dropped != null ? dropped : scratch(1, l * s);
                    wo = dropped != null ? po : 0;
                    if (dropped == null) drop.apply(p, po, po, w, 0, l * s);
                }
                Gemm.sgemm(true, false, s, ev, l, 1f, w, wo, s, gOut, go, ev, 0f, dv, b * s * ev, ev);
            }
            if (dq == null && dk == null) return;
            float[] ds = scratch(0, l * s);
            Gemm.sgemm(false, !v.columnMajor(), l, s, ev, 1f, gOut, go, ev, v.data(), v.offsets()[b], v.ld(), 0f, ds, 0, s);
            KernelThreads.forRange(l, (long) l * s * 6, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    int r = i * s, pr = po + r;
                    if (gWeights != null) fk.binary(BinaryOp.ADD, ds, r, gWeights, pr, ds, r, s);
                    if (drop != null) drop.apply(ds, r, pr, ds, r, s);
                    float dot = (float) fk.dot(ds, r, p, pr, s);
                    fk.binaryScalar(BinaryOp.SUB, ds, r, dot, ds, r, s);
                    fk.binary(BinaryOp.MUL, ds, r, p, pr, ds, r, s);
                    fk.binaryScalar(BinaryOp.MUL, ds, r, scale, ds, r, s);
                }
            });
            if (dq != null)
                Gemm.sgemm(false, k.columnMajor(), l, e, s, 1f, ds, 0, s, k.data(), k.offsets()[b], k.ld(), 0f, dq, b * l * e, e);
            if (dk != null)
                Gemm.sgemm(true, q.columnMajor(), s, e, l, 1f, ds, 0, s, q.data(), q.offsets()[b], q.ld(), 0f, dk, b * s * e, e);
        });
    }

    /**
     * Forward without the score matrix (inference only): for each block of query rows, keys are visited a block at a
     * time; each row keeps its running maximum m and normaliser ℓ, rescales its accumulated output by e^(m_old − m_new)
     * when the maximum grows, and adds e^(s − m)·V of the block; the output is the accumulation divided by ℓ. Causal
     * attention skips key blocks entirely above the diagonal. Memory per thread: one score block and one output block.
     */
    public static void blockedForward(Dims d, Operand q, Operand k, Operand v, Mask mask, boolean causal, float scale,
                                      float[] out) {
        int l = d.l(), s = d.s(), e = d.e(), ev = d.ev();
        int rowBlocks = (l + BLOCK_ROWS - 1) / BLOCK_ROWS, tasks = d.batch() * rowBlocks;
        if (tasks == 0) return;
        FloatKernel fk = Kernels.FLOAT;
        KernelThreads.forRange(tasks, d.scores() * (e + ev + 8), (t0, t1) -> {
            float[] sc = scratch(1, BLOCK_ROWS * BLOCK_KEYS), acc = scratch(2, BLOCK_ROWS * ev), stats = scratch(3, 2 * BLOCK_ROWS);
            for (int t = t0; t < t1; t++) {
                int b = t / rowBlocks, i0 = t % rowBlocks * BLOCK_ROWS, rows = Math.min(BLOCK_ROWS, l - i0);
                java.util.Arrays.fill(acc, 0, rows * ev, 0f);
                java.util.Arrays.fill(stats, 0, rows, Float.NEGATIVE_INFINITY);     // running maxima
                java.util.Arrays.fill(stats, BLOCK_ROWS, BLOCK_ROWS + rows, 0f);     // running normalisers
                int keysEnd = causal ? Math.min(s, i0 + rows) : s;
                int qo = q.offsets()[b] + (q.columnMajor() ? i0 : i0 * q.ld());
                for (int j0 = 0; j0 < keysEnd; j0 += BLOCK_KEYS) {
                    int cols = Math.min(BLOCK_KEYS, keysEnd - j0);
                    int ko = k.offsets()[b] + (k.columnMajor() ? j0 : j0 * k.ld());
                    Gemm.sgemm(q.columnMajor(), !k.columnMajor(), rows, cols, e, 1f, q.data(), qo, q.ld(), k.data(), ko, k.ld(),
                            0f, sc, 0, cols);
                    for (int r = 0; r < rows; r++) {
                        int so = r * cols;
                        int valid = scoreRow(sc, so, i0 + r, j0, cols, scale, mask, b, causal);
                        float blockMax = valid == 0 ? Float.NEGATIVE_INFINITY : fk.max(sc, so, valid);
                        float old = stats[r], m = Math.max(old, blockMax);
                        if (m == Float.NEGATIVE_INFINITY) {      // nothing visible yet: the block adds nothing
                            java.util.Arrays.fill(sc, so, so + cols, 0f);
                            continue;
                        }
                        float sum = (float) fk.expShifted(sc, so, m, sc, so, valid);
                        java.util.Arrays.fill(sc, so + valid, so + cols, 0f);
                        float correction = old == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(old - m);
                        if (correction != 1f) fk.binaryScalar(BinaryOp.MUL, acc, r * ev, correction, acc, r * ev, ev);
                        stats[BLOCK_ROWS + r] = stats[BLOCK_ROWS + r] * correction + sum;
                        stats[r] = m;
                    }
                    int vo = v.offsets()[b] + (v.columnMajor() ? j0 : j0 * v.ld());
                    Gemm.sgemm(false, v.columnMajor(), rows, ev, cols, 1f, sc, 0, cols, v.data(), vo, v.ld(), 1f, acc, 0, ev);
                }
                int oo = (b * l + i0) * ev;
                for (int r = 0; r < rows; r++)      // a row that saw no key has ℓ = 0: 0/0 = NaN, as the plain path
                    fk.binaryScalar(BinaryOp.MUL, acc, r * ev, 1f / stats[BLOCK_ROWS + r], out, oo + r * ev, ev);
            }
        });
    }

    // Softmax of score row i (n columns from key j0) in place: scale, mask, causal cut, then e^(x − max)/Σ.
    private static void softmaxRow(float[] x, int o, int i, int j0, int n, float scale, Mask mask, int b, boolean causal) {
        FloatKernel fk = Kernels.FLOAT;
        int valid = scoreRow(x, o, i, j0, n, scale, mask, b, causal);
        if (valid == 0) return;              // only when there are no keys at all
        float m = fk.max(x, o, valid);
        if (Float.isInfinite(m)) m = 0f;     // an all −∞ row is left to exp's IEEE rules: 0·(1/0) = NaN
        double sum = fk.expShifted(x, o, m, x, o, valid);
        fk.binaryScalar(BinaryOp.MUL, x, o, (float) (1.0 / sum), x, o, valid);
        java.util.Arrays.fill(x, o + valid, o + n, 0f);
    }

    /**
     * Scales row i's n scores (keys j0..j0+n) and applies the mask; returns how many leading columns the causal rule
     * leaves visible (n without it); masked-out entries become −∞.
     */
    private static int scoreRow(float[] x, int o, int i, int j0, int n, float scale, Mask mask, int b, boolean causal) {
        int valid = causal ? Math.max(0, Math.min(n, i + 1 - j0)) : n;
        Kernels.FLOAT.binaryScalar(BinaryOp.MUL, x, o, scale, x, o, valid);
        if (mask != null) {
            float[] md = mask.data();
            int mo = mask.offsets()[b] + i * mask.rowStride() + j0 * mask.colStride(), cs = mask.colStride();
            if (mask.bool()) {
                for (int j = 0; j < valid; j++) if (md[mo + j * cs] == 0f) x[o + j] = Float.NEGATIVE_INFINITY;
            } else if (cs == 1) {
                Kernels.FLOAT.binary(BinaryOp.ADD, x, o, md, mo, x, o, valid);
            } else {
                for (int j = 0; j < valid; j++) x[o + j] += md[mo + j * cs];
            }
        }
        return valid;
    }

    @FunctionalInterface
    private interface BatchBody { void run(int b); }

    // Many small problems run whole, several at a time; few large ones one after another, each split inside.
    private static void perBatch(Dims d, long workPerBatch, BatchBody body) {
        int n = d.batch();
        if (n >= KernelThreads.threads() || workPerBatch < (1L << 21)) {
            KernelThreads.forRange(n, workPerBatch * n, (b0, b1) -> {
                for (int b = b0; b < b1; b++) body.run(b);
            });
        } else {
            for (int b = 0; b < n; b++) body.run(b);
        }
    }
}
