package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.RowOps;

/** Normalisation over the trailing dims, on the kernel's row normalisation: the op behind nn.Functional.layerNorm, which users call. */
public final class Normalization {
    private Normalization() {}

    /**
     * (x − mean)/√(var + eps)·weight + bias with mean and biased variance over the last {@code normalizedShape.length}
     * dims, which must equal normalizedShape; weight and bias (of normalizedShape) may be null (F.layer_norm).
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        Ops.requireFloat("layer_norm", x);
        int k = normalizedShape.length, r = x.dim();
        boolean fits = k >= 1 && k <= r;
        for (int i = 0; fits && i < k; i++) fits = x.shape[r - k + i] == normalizedShape[i];
        if (!fits)
            throw new IllegalArgumentException("layer_norm: given normalized_shape=" + Shape.str(normalizedShape)
                    + ", expected input with shape [*, " + Shape.str(normalizedShape).replaceAll("^\\[|\\]$", "")
                    + "], but got input of size " + Shape.str(x.shape));
        checkAffine("weight", weight, normalizedShape);
        checkAffine("bias", bias, normalizedShape);
        int n = Shape.numel(normalizedShape), rows = n == 0 ? 0 : x.numel() / n;
        Tensor xc = x.detach().contiguous();
        float[] xd = Ops.dense(xc), out = BufferPool.take(x.numel()), mean = new float[rows], rstd = new float[rows];
        float[] w = weight == null ? null : Ops.dense(weight), b = bias == null ? null : Ops.dense(bias);
        RowOps.normalizeRows(xd, rows, n, (float) eps, w, b, out, mean, rstd);
        Tensor y = BufferPool.wrap(out, x.shape.clone(), DType.FLOAT32);
        int[] kept = x.shape.clone();
        for (int i = r - k; i < r; i++) kept[i] = 1;
        int[] rowDims = new int[r - k];
        for (int i = 0; i < rowDims.length; i++) rowDims[i] = i;
        return Graph.record("NativeLayerNormBackward", y, new Tensor[] {x, weight, bias}, (g, need) -> {
            float[] gd = Ops.dense(g);
            Tensor dx = null;
            if (need[0]) {
                float[] dxd = BufferPool.take(x.numel());
                RowOps.normalizeRowsBackward(xd, gd, rows, n, w, mean, rstd, dxd);
                dx = BufferPool.wrap(dxd, x.shape.clone(), DType.FLOAT32);
            }
            Tensor dw = null;
            if (need[1]) {
                Tensor xhat = xc.sub(Tensor.wrap(mean, kept)).mul(Tensor.wrap(rstd, kept));
                dw = sumRows(g.mul(xhat), rowDims).reshape(normalizedShape);
            }
            Tensor db = need[2] ? sumRows(g, rowDims).reshape(normalizedShape) : null;
            return new Tensor[] {dx, dw, db};
        }, java.util.stream.Stream.of(x, weight, bias).filter(java.util.Objects::nonNull).toArray(Tensor[]::new));
    }

    // Sums over the row dims; with none (normalized_shape covers every dim) there is nothing to sum, whereas an
    // empty dims list would make Reductions.sum reduce everything.
    private static Tensor sumRows(Tensor t, int[] rowDims) {
        return rowDims.length == 0 ? t : Reductions.sum(t, rowDims, false);
    }

    private static void checkAffine(String name, Tensor t, int[] normalizedShape) {
        if (t != null && !java.util.Arrays.equals(t.shape, normalizedShape))
            throw new IllegalArgumentException("layer_norm: expected " + name + " of shape " + Shape.str(normalizedShape)
                    + ", got " + Shape.str(t.shape));
    }
}
