package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.AttentionKernel;
import dev.soma.kernel.Odometer;
import java.util.Arrays;

/**
 * Scaled dot-product attention (torch.nn.functional.scaled_dot_product_attention, PyTorch 2.x semantics), reached
 * through nn.Functional and used by MultiheadAttention: softmax(Q·Kᵀ·scale + M)·V over (…, L, E) queries, (…, S, E)
 * keys and (…, S, Ev) values whose batch dims broadcast, read in place (a transposed view is a GEMM flag, not a copy).
 *
 * <p>Two paths compute it. The plain path forms the (…, L, S) weights P, which backward needs: training keeps P (and
 * dropout's one-byte mask; the dropped weights are re-formed from both) and nothing else beyond the inputs, less than
 * PyTorch's math path, which also keeps the dropped weights. The blocked path ({@link AttentionKernel#blockedForward}) visits
 * keys in blocks with an online softmax and never holds the score matrix, so inference memory grows linearly with the
 * sequence length; {@link Path#AUTO} takes it when no gradient is recorded, there is no dropout, the weights are not
 * asked for and the score matrix would hold at least {@link #BLOCKED_MIN_SCORES} floats (64 MB), where the plain
 * path's memory starts to matter and its passes over P no longer stay in cache. {@link #usePath} forces either path
 * in a scope (PyTorch's sdpa_kernel context), for tests and measurements.
 */
public final class Attention {
    private Attention() {}

    /** Which computation {@link #attention} uses. */
    public enum Path { AUTO, PLAIN, BLOCKED }

    /** AUTO takes the blocked path from this many scores (batch·L·S) on: 16M floats, 64 MB. */
    public static final long BLOCKED_MIN_SCORES = 1L << 24;

    private static final ThreadLocal<Path[]> PATH = ThreadLocal.withInitial(() -> new Path[] {Path.AUTO});

    /** Forces {@code path} on this thread until the returned scope is closed: {@code try (var s = Attention.usePath(..)) {..}}. */
    public static PathScope usePath(Path path) {
        Path[] cell = PATH.get();
        PathScope scope = new PathScope(cell, cell[0]);
        cell[0] = java.util.Objects.requireNonNull(path, "path");
        return scope;
    }

    /** Restores the path in force when it was made. */
    public static final class PathScope implements AutoCloseable {
        private final Path[] cell;
        private final Path previous;

        private PathScope(Path[] cell, Path previous) {
            this.cell = cell;
            this.previous = previous;
        }

        @Override public void close() { cell[0] = previous; }
    }

    /**
     * The attention output (…, L, Ev) and, when {@code needWeights}, the attention weights (…, L, S) after dropout
     * (else null): scores q·kᵀ·scale (scale null = 1/√E) plus a float mask or −∞ where a bool mask is false (the mask
     * broadcasts to (…, L, S)); isCausal lets row i attend to keys 0..i (ones(L, S).tril(), top-left aligned) and
     * excludes a mask; with dropoutP > 0 each weight is zeroed with that probability (mask drawn from g) and the others
     * scaled by 1/(1−p). Masks get no gradient. A fully masked row gives NaN, as PyTorch's math path.
     */
    public static Tensor[] attention(Tensor q, Tensor k, Tensor v, Tensor mask, double dropoutP, boolean isCausal, Double scale,
                                     Generator g, boolean needWeights) {
        String op = "scaled_dot_product_attention";
        Ops.requireFloat(op, q);
        Ops.requireFloat(op, k);
        Ops.requireFloat(op, v);
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2)
            throw new IllegalArgumentException(op + ": expected query (…, L, E), key (…, S, E) and value (…, S, Ev) of at least "
                    + "2 dims, got " + shapes(q, k, v));
        int l = q.size(-2), e = q.size(-1), s = k.size(-2), ev = v.size(-1);
        if (k.size(-1) != e)
            throw new IllegalArgumentException(op + ": query (…, L, E) and key (…, S, E) must have the same E, got " + shapes(q, k, v));
        if (v.size(-2) != s)
            throw new IllegalArgumentException(op + ": key (…, S, E) and value (…, S, Ev) must have the same S, got " + shapes(q, k, v));
        if (mask != null && isCausal)
            throw new IllegalArgumentException(op + ": an explicit attn_mask must not be given with is_causal=True");
        if (!(dropoutP >= 0 && dropoutP <= 1))
            throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, but got " + dropoutP);
        if (mask != null && mask.dtype() == DType.INT64)
            throw new IllegalArgumentException(op + ": attn_mask must be bool or float, got int64");
        Tensor m = mask == null ? null : mask.detach();
        while (m != null && m.dim() < 2) m = m.unsqueeze(0);
        int[] batch = batchShape(op, q, k, v, m, l, s);
        int nb = Shape.numel(batch);
        AttentionKernel.Dims dims = new AttentionKernel.Dims(nb, l, s, e, ev);
        Tensor qr = LinearAlgebra.gemmReady(q.detach()), kr = LinearAlgebra.gemmReady(k.detach()), vr = LinearAlgebra.gemmReady(v.detach());
        AttentionKernel.Operand qo = operand(qr, batch), ko = operand(kr, batch), vo = operand(vr, batch);
        AttentionKernel.Mask mo = m == null ? null : mask(m, batch);
        float sc = scale == null ? (float) (1 / Math.sqrt(e)) : scale.floatValue();

        boolean grad = Graph.needed(q, k, v), dropout = dropoutP > 0;
        Path path = PATH.get()[0];
        boolean blockedAllowed = !grad && !dropout && !needWeights;
        if (path == Path.BLOCKED && !blockedAllowed)
            throw new IllegalStateException(op + ": the blocked path keeps no weights and computes no gradient: use it under "
                    + "no-grad, without dropout and without returning the weights");
        // With no keys there is nothing to block over: the plain path gives PyTorch's zeros.
        boolean blocked = s > 0 && (path == Path.BLOCKED || (path == Path.AUTO && blockedAllowed && dims.batch() * (long) l * s >= BLOCKED_MIN_SCORES));
        int[] outShape = withMatrix(batch, l, ev);
        float[] out = BufferPool.take(nb * l * ev);
        if (blocked) {
            AttentionKernel.blockedForward(dims, qo, ko, vo, mo, isCausal, sc, out);
            return new Tensor[] {BufferPool.wrap(out, outShape, DType.FLOAT32), null};
        }
        float[] p = BufferPool.take(nb * l * s);
        AttentionKernel.Drop drop = dropout ? drop(nb * l * s, dropoutP, g) : null;
        float[] dropped = dropout && needWeights ? BufferPool.take(nb * l * s) : null;    // only when returned
        AttentionKernel.forward(dims, qo, ko, vo, mo, isCausal, sc, p, drop, dropped, out);
        Tensor output = BufferPool.wrap(out, outShape, DType.FLOAT32);
        Tensor weights = needWeights ? BufferPool.wrap(dropout ? dropped : p, withMatrix(batch, l, s), DType.FLOAT32) : null;
        Tensor[] outs = needWeights ? new Tensor[] {output, weights} : new Tensor[] {output};
        Tensor[] saved = needWeights ? new Tensor[] {q, k, v, weights} : new Tensor[] {q, k, v};
        Graph.recordMulti("ScaledDotProductAttentionBackward", outs, null, false, new Tensor[] {q, k, v}, (gs, need) -> {
            float[] gOut = gs[0] == null ? new float[nb * l * ev] : Ops.dense(gs[0]);
            float[] gW = needWeights && gs[1] != null ? Ops.dense(gs[1]) : null;
            float[] dq = need[0] ? BufferPool.take(nb * l * e) : null, dk = need[1] ? BufferPool.take(nb * s * e) : null;
            float[] dv = need[2] ? BufferPool.take(nb * s * ev) : null;
            AttentionKernel.backward(dims, qo, ko, vo, sc, p, drop, dropped, gOut, gW, dq, dk, dv);
            return new Tensor[] {
                    dq == null ? null : BufferPool.wrap(dq, withMatrix(batch, l, e), DType.FLOAT32).sumTo(q.shape),
                    dk == null ? null : BufferPool.wrap(dk, withMatrix(batch, s, e), DType.FLOAT32).sumTo(k.shape),
                    dv == null ? null : BufferPool.wrap(dv, withMatrix(batch, s, ev), DType.FLOAT32).sumTo(v.shape)};
        }, saved);
        return needWeights ? outs : new Tensor[] {output, null};
    }

    // The broadcast of every operand's batch dims (the mask's too), or an error naming all the shapes.
    private static int[] batchShape(String op, Tensor q, Tensor k, Tensor v, Tensor m, int l, int s) {
        int[] batch;
        try {
            batch = Shape.broadcast(Shape.broadcast(lead(q), lead(k)), lead(v));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(op + ": the batch dims of query, key and value do not broadcast: " + shapes(q, k, v));
        }
        if (m == null) return batch;
        int ml = m.size(-2), ms = m.size(-1);
        try {
            if ((ml != 1 && ml != l) || (ms != 1 && ms != s)) throw new IllegalArgumentException();
            return Shape.broadcast(batch, lead(m));
        } catch (IllegalArgumentException ex) {
            int[] weights = withMatrix(batch, l, s);
            throw new IllegalArgumentException(op + ": attn_mask of shape " + Shape.str(m.shape) + " does not broadcast to the "
                    + "attention weights' shape (…, L, S) = " + Shape.str(weights) + " (" + shapes(q, k, v) + ")");
        }
    }

    private static int[] lead(Tensor t) { return Arrays.copyOf(t.shape, t.dim() - 2); }

    private static int[] withMatrix(int[] batch, int rows, int cols) {
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }

    private static String shapes(Tensor q, Tensor k, Tensor v) {
        return "query " + Shape.str(q.shape) + ", key " + Shape.str(k.shape) + ", value " + Shape.str(v.shape);
    }

    // Storage offsets of each batch entry of t (rank ≥ 2) read as broadcast to batch.
    private static int[] offsets(Tensor t, int[] batch) {
        int[] strides = Shape.broadcastStrides(lead(t), Arrays.copyOf(t.strides, t.dim() - 2), batch);
        int nb = Shape.numel(batch);
        int[] out = new int[nb];
        Odometer at = Odometer.elements(batch, new int[] {t.offset}, strides);
        for (int b = 0; b < nb; b++, at.next()) out[b] = at.offsets[0];
        return out;
    }

    private static AttentionKernel.Operand operand(Tensor t, int[] batch) {
        int r = t.dim();
        boolean columnMajor = t.strides[r - 1] != 1;
        return new AttentionKernel.Operand(t.storage.data(), offsets(t, batch), columnMajor ? t.strides[r - 1] : t.strides[r - 2], columnMajor);
    }

    private static AttentionKernel.Mask mask(Tensor m, int[] batch) {
        int r = m.dim();
        int rowStride = m.shape[r - 2] == 1 ? 0 : m.strides[r - 2], colStride = m.shape[r - 1] == 1 ? 0 : m.strides[r - 1];
        return new AttentionKernel.Mask(m.storage.data(), offsets(m, batch), rowStride, colStride, m.dtype == DType.BOOL);
    }

    // Dropout's mask, one byte per weight as PyTorch's bool mask: kept with probability 1 − p, scaled by 1/(1−p).
    private static AttentionKernel.Drop drop(int n, double p, Generator g) {
        float[] u = new float[n];
        g.nextFloats(u, 0, n);
        byte[] kept = new byte[n];
        float keepP = (float) (1 - p);
        for (int i = 0; i < n; i++) kept[i] = (byte) (u[i] < keepP ? 1 : 0);
        return new AttentionKernel.Drop(kept, p >= 1 ? 0f : 1f / keepP);
    }
}
