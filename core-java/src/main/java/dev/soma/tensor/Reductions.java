package dev.soma.tensor;

import dev.soma.autograd.Graph;

/**
 * Reductions over chosen dimensions. One mechanism serves them all: {@link #rows} lays the input out so
 * each output element reduces one contiguous row; each reduction is then a loop over rows in a fixed order
 * (so results never depend on the thread count).
 */
public final class Reductions {
    private Reductions() {}

    /** The input arranged as [outer, inner] rows: {@code data} holds outer·inner values, reduced dims last. */
    static final class Rows {
        final float[] data;
        final int outer, inner;
        final int[] outShape;      // without kept dims
        final int[] keptShape;     // reduced dims as size 1

        Rows(float[] data, int outer, int inner, int[] outShape, int[] keptShape) {
            this.data = data;
            this.outer = outer;
            this.inner = inner;
            this.outShape = outShape;
            this.keptShape = keptShape;
        }

        int[] shape(boolean keepdim) { return keepdim ? keptShape.clone() : outShape.clone(); }
    }

    /** Lays out x so that the dims selected by {@code dims} (null or empty = all) form the contiguous rows. */
    static Rows rows(Tensor x, int[] dims) {
        int r = x.shape.length;
        boolean[] mask = Shape.dimMask(dims, r);
        int nKept = 0;
        for (boolean m : mask) if (!m) nKept++;
        int[] perm = new int[r], outShape = new int[nKept], keptShape = new int[r];
        int k = 0, outer = 1, inner = 1;
        for (int i = 0; i < r; i++) {
            keptShape[i] = mask[i] ? 1 : x.shape[i];
            if (!mask[i]) {
                perm[k] = i;
                outShape[k++] = x.shape[i];
                outer *= x.shape[i];
            }
        }
        for (int i = 0; i < r; i++) if (mask[i]) {
            perm[k++] = i;
            inner *= x.shape[i];
        }
        Tensor p = x.detach().permute(perm);
        return new Rows(p.toFloatArray(), outer, inner, outShape, keptShape);
    }

    /** Sum over dims (null/empty = all); the gradient broadcasts back to every summed element. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        Rows rw = rows(x, dims);
        float[] out = new float[rw.outer];
        float[] d = rw.data;
        for (int o = 0; o < rw.outer; o++) {
            double s = 0;
            int base = o * rw.inner;
            for (int i = 0; i < rw.inner; i++) s += d[base + i];
            out[o] = (float) s;
        }
        DType type = x.dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64;
        Tensor result = Tensor.wrap(out, rw.shape(keepdim), type);
        int[] kept = rw.keptShape, in = x.shape;
        return Graph.record("SumBackward", result, new Tensor[] {x},
                (g, n) -> new Tensor[] {g.reshape(kept).expand(in).contiguous()});
    }

    /** Sums g over the dims that broadcasting expanded, giving a tensor of shape {@code target}. */
    public static Tensor sumTo(Tensor g, int[] target) {
        if (java.util.Arrays.equals(g.shape, target)) return g;
        int r = g.shape.length, lead = r - target.length;
        if (lead < 0) throw new IllegalArgumentException("sumTo: shape " + Shape.str(g.shape) + " cannot be summed to "
                + Shape.str(target));
        int[] dims = new int[r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            if (i < lead) dims[k++] = i;
            else if (target[i - lead] == 1 && g.shape[i] != 1) dims[k++] = i;
            else if (target[i - lead] != g.shape[i])
                throw new IllegalArgumentException("sumTo: shape " + Shape.str(g.shape) + " is not a broadcast of "
                        + Shape.str(target));
        }
        if (k == 0) return g.reshape(target);
        return sum(g, java.util.Arrays.copyOf(dims, k), true).reshape(target);
    }
}
