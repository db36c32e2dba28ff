package dev.soma.tensor;

import dev.soma.autograd.GradMode;
import dev.soma.autograd.Graph;
import dev.soma.kernel.Gemm;
import dev.soma.kernel.Odometer;
import dev.soma.kernel.PackedBCache;

/**
 * Matrix products. One mechanism, {@link #batched}, multiplies (…, m, k) by (…, k, n) with broadcast batch
 * dims through the batched GEMM kernel, reading every matrix in place: a transposed view becomes a transpose flag, so
 * backward's Aᵀ and Bᵀ are never copied. Users reach linear and bilinear through nn.Functional.
 */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /** torch.matmul: dot, matrix-vector, matrix-matrix or batched, with NumPy broadcasting of batch dims. */
    public static Tensor matmul(Tensor a, Tensor b) {
        Ops.requireFloat("matmul", a);
        Ops.requireFloat("matmul", b);
        int ra = a.dim(), rb = b.dim();
        if (ra == 0 || rb == 0)
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are " + ra + "D and "
                    + rb + "D");
        if (ra == 1 && rb == 1) {
            if (a.shape[0] != b.shape[0])
                throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + a.shape[0]
                        + "] and src [" + b.shape[0] + "] to have the same number of elements, but got " + a.shape[0]
                        + " and " + b.shape[0] + " elements respectively");
            return batched(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        // Checked here so that the message names the caller's shapes, not the unsqueezed ones batched() sees.
        int ka = a.shape[ra - 1], kb = rb == 1 ? b.shape[0] : b.shape[rb - 2];
        if ((ra == 1 || rb == 1) && ka != kb)
            throw new IllegalArgumentException("matmul: size mismatch, shapes " + Shape.str(a.shape) + " and " + Shape.str(b.shape)
                    + " cannot be multiplied (" + ka + " and " + kb + " along the contracted dimension)");
        if (ra == 1) return batched(a.unsqueeze(0), b).squeeze(-2);
        if (rb == 1) return batched(a, b.unsqueeze(1)).squeeze(-1);
        return batched(a, b);
    }

    /** torch.mm: 2-d by 2-d. */
    public static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2 || b.dim() != 2)
            throw new IllegalArgumentException("mm: expected 2-D tensors, got " + a.dim() + "-D and " + b.dim() + "-D");
        return batched(a, b);
    }

    /** torch.bmm: (B, n, m) by (B, m, p), no broadcasting. */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3 || b.dim() != 3)
            throw new IllegalArgumentException("bmm: batch1 and batch2 must be 3D tensors, got " + a.dim() + "D and " + b.dim() + "D");
        if (a.shape[0] != b.shape[0])
            throw new IllegalArgumentException("bmm: batch1 and batch2 must have same number of batches, got " + a.shape[0]
                    + " and " + b.shape[0]);
        return batched(a, b);
    }

    /** y = x Wᵀ + b over the last dim of x (torch.nn.functional.linear); W is (out, in), bias may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2)
            throw new IllegalArgumentException("linear: weight must be 2-D (out_features, in_features), got shape "
                    + Shape.str(weight.shape));
        int in = weight.shape[1], outF = weight.shape[0];
        if (x.dim() == 0 || x.size(-1) != in)
            throw new IllegalArgumentException("linear: mat1 and mat2 shapes cannot be multiplied (input " + Shape.str(x.shape)
                    + ", weight " + Shape.str(weight.shape) + "): expected input (*, " + in + ")");
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != outF))
            throw new IllegalArgumentException("linear: bias must have shape [" + outF + "], got " + Shape.str(bias.shape));
        if (bias == null || x.dim() == 1) {
            Tensor y = matmul(x, weight.t());
            return bias == null ? y : y.add(bias);
        }
        return linearWithBias(x, weight, bias, in, outF);
    }

    /**
     * Whether a Linear run without grad keeps its weight's packed panels (one more copy of each weight of at least
     * 32K elements, until the weight changes) instead of packing them every call: W6b 0.91 → 1.00 of PyTorch's
     * throughput. {@code -Dsoma.keepPackedWeights=false} turns it off where memory is tighter than time.
     */
    private static final boolean KEEP_PACKED_WEIGHTS = !"false".equals(System.getProperty("soma.keepPackedWeights"));

    /**
     * x Wᵀ + b with the bias fused into the GEMM: each output row starts as b and the product is accumulated onto
     * it (beta = 1), saving a pass and a temporary over the output. x of any rank ≥ 2, flattened to rows.
     */
    private static Tensor linearWithBias(Tensor x, Tensor weight, Tensor bias, int in, int outF) {
        int rows = x.numel() / Math.max(in, 1);
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = outF;
        float[] out = BufferPool.take(rows * outF);    // every row is written with the bias first
        float[] b = bias.contiguous().toFloatArray();
        for (int r = 0; r < rows; r++) System.arraycopy(b, 0, out, r * outF, outF);
        Tensor x2 = gemmReady(x.detach().reshape(rows, in)), w = gemmReady(weight.detach());
        boolean ta = x2.strides[1] != 1, tb = w.strides[1] == 1;    // W is (out, in): op(B) = Wᵀ
        int lda = ta ? x2.strides[1] : x2.strides[0], ldb = tb ? w.strides[0] : w.strides[1];
        // Without grad a parameter is an inference weight: its packed panels are kept and reused until it changes.
        PackedBCache packed = KEEP_PACKED_WEIGHTS && !GradMode.isEnabled() && weight.requiresGrad() && weight.isLeaf()
                && w.sharesStorageWith(weight) ? w.storage.packedB() : null;
        if (rows > 0 && outF > 0)
            Gemm.sgemm(ta, tb, rows, outF, in, 1f, x2.storage.data(), x2.offset, lda, w.storage.data(), w.offset, ldb, 1f, out, 0,
                    outF, packed);
        Tensor result = BufferPool.wrap(out, outShape, DType.FLOAT32);
        return Graph.record("AddmmBackward", result, new Tensor[] {x, weight, bias}, (g, need) -> {
            Tensor g2 = g.reshape(rows, outF);
            return new Tensor[] {
                    need[0] ? g2.matmul(weight).reshape(x.shape) : null,
                    need[1] ? g2.t().matmul(x.reshape(rows, in)) : null,
                    need[2] ? g2.sum(0) : null};
        }, x, weight);
    }

    /** y_k = x1ᵀ W_k x2 + b_k over the last dims (torch.nn.functional.bilinear); W is (out, in1, in2). */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3)
            throw new IllegalArgumentException("bilinear: weight must be 3-D (out, in1, in2), got " + Shape.str(weight.shape));
        int outF = weight.shape[0], in1 = weight.shape[1], in2 = weight.shape[2];
        if (x1.dim() == 0 || x1.size(-1) != in1 || x2.dim() == 0 || x2.size(-1) != in2)
            throw new IllegalArgumentException("bilinear: expected input1 (*, " + in1 + ") and input2 (*, " + in2 + "), got "
                    + Shape.str(x1.shape) + " and " + Shape.str(x2.shape));
        int[] lead1 = java.util.Arrays.copyOf(x1.shape, x1.dim() - 1), lead2 = java.util.Arrays.copyOf(x2.shape, x2.dim() - 1);
        if (!java.util.Arrays.equals(lead1, lead2))
            throw new IllegalArgumentException("bilinear: input1 and input2 must have the same leading dims, got "
                    + Shape.str(x1.shape) + " and " + Shape.str(x2.shape));
        // x1 · W viewed as (in1, out·in2), then a row-wise dot with x2 per output unit.
        Tensor w = weight.permute(1, 0, 2).reshape(in1, outF * in2);
        Tensor u = matmul(x1, w).unflatten(-1, outF, in2);
        Tensor y = u.mul(x2.unsqueeze(-2)).sum(-1);
        if (bias != null) {
            if (bias.dim() != 1 || bias.shape[0] != outF)
                throw new IllegalArgumentException("bilinear: bias must have shape [" + outF + "], got " + Shape.str(bias.shape));
            y = y.add(bias);
        }
        return y;
    }

    /** (…, m, k) · (…, k, n) with broadcast batch dims, recorded for backward. */
    static Tensor batched(Tensor a, Tensor b) {
        int ra = a.dim(), rb = b.dim();
        int m = a.shape[ra - 2], k = a.shape[ra - 1], k2 = b.shape[rb - 2], n = b.shape[rb - 1];
        if (k != k2)
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + m + "x" + k + " and " + k2 + "x"
                    + n + "): shapes " + Shape.str(a.shape) + " and " + Shape.str(b.shape));
        int[] batchA = java.util.Arrays.copyOf(a.shape, ra - 2), batchB = java.util.Arrays.copyOf(b.shape, rb - 2);
        int[] batch;
        try {
            batch = Shape.broadcast(batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dimensions " + Shape.str(batchA) + " and " + Shape.str(batchB)
                    + " do not broadcast (shapes " + Shape.str(a.shape) + " and " + Shape.str(b.shape) + ")");
        }
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out = BufferPool.take(Shape.numel(outShape));    // the GEMM writes every element (beta = 0)
        Tensor ga = gemmReady(a), gb = gemmReady(b);
        int[] sa = Shape.broadcastStrides(batchA, java.util.Arrays.copyOf(ga.strides, ra - 2), batch);
        int[] sb = Shape.broadcastStrides(batchB, java.util.Arrays.copyOf(gb.strides, rb - 2), batch);
        boolean ta = ga.strides[ra - 1] != 1, tb = gb.strides[rb - 1] != 1;
        int lda = ta ? ga.strides[ra - 1] : ga.strides[ra - 2], ldb = tb ? gb.strides[rb - 1] : gb.strides[rb - 2];
        int nb = Shape.numel(batch);
        int[] offA = new int[nb], offB = new int[nb];
        Odometer at = Odometer.elements(batch, new int[] {ga.offset, gb.offset}, sa, sb);
        for (int bi = 0; bi < nb; bi++, at.next()) {
            offA[bi] = at.offsets[0];
            offB[bi] = at.offsets[1];
        }
        if (nb > 0 && m > 0 && n > 0)
            Gemm.sgemmBatch(ta, tb, m, n, k, 1f, ga.storage.data(), offA, lda, gb.storage.data(), offB, ldb, 0f, out, 0, m * n, n, nb);
        Tensor result = BufferPool.wrap(out, outShape, DType.FLOAT32);
        return Graph.record("MmBackward", result, new Tensor[] {a, b}, (g, need) -> new Tensor[] {
                need[0] ? batched(g, b.transpose(-1, -2)).sumTo(a.shape) : null,
                need[1] ? batched(a.transpose(-1, -2), g).sumTo(b.shape) : null}, a, b);
    }

    /** x itself when its last two dims are row- or column-major with unit stride; otherwise a contiguous copy. */
    static Tensor gemmReady(Tensor x) {
        int r = x.dim();
        int s0 = x.strides[r - 2], s1 = x.strides[r - 1];
        int rows = x.shape[r - 2], cols = x.shape[r - 1];
        // A leading dimension below the row length (e.g. stride 0 from expand) would alias rows: copy instead.
        if ((s1 == 1 || cols == 1) && (rows == 1 || s0 >= cols)) return withUnitStride(x, false);
        if ((s0 == 1 || rows == 1) && (cols == 1 || s1 >= rows)) return withUnitStride(x, true);
        return x.detach().contiguousCopy();
    }

    /** Normalises degenerate strides of size-1 matrix dims so the GEMM flags read the layout correctly. */
    private static Tensor withUnitStride(Tensor x, boolean columnMajor) {
        int r = x.dim();
        int rows = x.shape[r - 2], cols = x.shape[r - 1];
        int[] st = x.strides.clone();
        if (columnMajor) {
            st[r - 2] = 1;
            if (cols == 1) st[r - 1] = Math.max(rows, 1);
        } else {
            st[r - 1] = 1;
            if (rows == 1) st[r - 2] = Math.max(cols, 1);
        }
        return new Tensor(x.storage, x.shape, st, x.offset, x.dtype);
    }
}
