package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.Reduce;

/**
 * Reductions over chosen dimensions, read straight from the input's strided memory by the kernel's
 * {@link Reduce}: sums, means, variances and extremes through its vector loops, the rest (products, arg-extremes,
 * logsumexp, norms) through {@link Reduce#rows}, which hands each output's elements to a row function in a fixed
 * order. Results never depend on the thread count. Only prod's backward still lays the input out as rows.
 */
public final class Reductions {
    private Reductions() {}

    /** The input arranged as [outer, inner] rows (a permuted copy), for prod's backward: reduced dims last. */
    static final class Rows {
        final float[] data;
        final int outer, inner;
        final int[] outShape;      // without kept dims
        final int[] keptShape;     // reduced dims as size 1
        private final int[] perm;  // the permutation of the input's dims that gives the row layout

        Rows(float[] data, int outer, int inner, int[] outShape, int[] keptShape, int[] perm) {
            this.data = data;
            this.outer = outer;
            this.inner = inner;
            this.outShape = outShape;
            this.keptShape = keptShape;
            this.perm = perm;
        }

        int[] shape(boolean keepdim) { return keepdim ? keptShape.clone() : outShape.clone(); }

        /** Values laid out like {@link #data} (outer·inner), put back in the input's shape and order. */
        Tensor unpermute(float[] rowData, int[] inputShape) {
            int[] permShape = new int[perm.length], inverse = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                permShape[i] = inputShape[perm[i]];
                inverse[perm[i]] = i;
            }
            return Tensor.wrap(rowData, permShape).permute(inverse).contiguous();
        }
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
        return new Rows(p.toFloatArray(), outer, inner, outShape, keptShape, perm);
    }


    private static DType sumType(Tensor x) { return x.dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64; }

    /** g (of the reduced shape) broadcast back over the input: the gradient of every summed element. */
    private static Tensor spread(Tensor g, int[] kept, int[] in) { return g.reshape(kept).expand(in); }

    /** A reduction read straight from x's strided memory by the kernel, in the reduced shape (kept dims as 1 or not). */
    private static final class Reduced {
        final boolean[] mask;
        final int[] outShape, keptShape;

        Reduced(Tensor x, int[] dims) {
            int r = x.shape.length;
            mask = Shape.dimMask(dims, r);
            int nKept = 0;
            for (boolean m : mask) if (!m) nKept++;
            outShape = new int[nKept];
            keptShape = new int[r];
            for (int i = 0, k = 0; i < r; i++) {
                keptShape[i] = mask[i] ? 1 : x.shape[i];
                if (!mask[i]) outShape[k++] = x.shape[i];
            }
        }

        int[] shape(boolean keepdim) { return keepdim ? keptShape.clone() : outShape.clone(); }

        int count(Tensor x) { return x.numel() == 0 ? 0 : x.numel() / Shape.numel(outShape); }

        double[] run(Reduce.Kind kind, Tensor x, double[] means) {
            double[] out = new double[Shape.numel(outShape)];
            Reduce.reduce(kind, x.storage.data(), x.offset, x.strides, x.shape, mask, means, out);
            return out;
        }

        /** f over each output's elements, gathered from x's strided memory one output at a time. */
        float[] rows(Tensor x, Reduce.RowFunction f) {
            float[] out = new float[Shape.numel(outShape)];
            Reduce.rows(x.storage.data(), x.offset, x.strides, x.shape, mask, f, out);
            return out;
        }

        static float[] toFloat(double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            return f;
        }
    }

    /** Sum over dims (null/empty = all); the gradient broadcasts back to every summed element. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        Reduced rd = new Reduced(x, dims);
        Tensor result = Tensor.wrap(Reduced.toFloat(rd.run(Reduce.Kind.SUM, x, null)), rd.shape(keepdim), sumType(x));
        int[] kept = rd.keptShape, in = x.shape;
        return Graph.record("SumBackward", result, new Tensor[] {x},
                (g, n) -> new Tensor[] {spread(g, kept, in).contiguous()});
    }

    /** Mean over dims (null/empty = all); torch.mean, float input only (an empty reduction gives NaN). */
    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        Ops.requireFloat("mean", x);
        Reduced rd = new Reduced(x, dims);
        int count = rd.count(x);
        double[] sums = rd.run(Reduce.Kind.SUM, x, null);
        for (int i = 0; i < sums.length; i++) sums[i] = count == 0 ? Double.NaN : sums[i] / count;
        Tensor result = Tensor.wrap(Reduced.toFloat(sums), rd.shape(keepdim));
        int[] kept = rd.keptShape, in = x.shape;
        return Graph.record("MeanBackward", result, new Tensor[] {x},
                (g, n) -> new Tensor[] {spread(g, kept, in).mul(1f / count)});
    }

    private static double sumOf(float[] d, int base, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += d[base + i];
        return s;
    }

    /** Product over dims (null/empty = all); torch.prod. The gradient is exact with zeros (products of the others). */
    public static Tensor prod(Tensor x, int[] dims, boolean keepdim) {
        Reduced rd = new Reduced(x, dims);
        Tensor result = Tensor.wrap(rd.rows(x, (d, b, n) -> {
            double p = 1;
            for (int i = 0; i < n; i++) p *= d[b + i];
            return (float) p;
        }), rd.shape(keepdim), sumType(x));
        int[] kept = rd.keptShape, in = x.shape;
        return Graph.record("ProdBackward", result, new Tensor[] {x}, (g, n) -> {
            // d prod / d x_i = product of the other elements: prefix · suffix products, so zeros need no division.
            // Backward lays x and g out as rows (a permuted copy of each); forward reads x in place.
            Rows rw = rows(x, dims);
            float[] grad = new float[rw.outer * rw.inner];
            float[] gr = rows(spread(g, kept, in), dims).data, d = rw.data;
            for (int o = 0; o < rw.outer; o++) {
                int b = o * rw.inner;
                double before = 1;
                for (int i = 0; i < rw.inner; i++) {
                    grad[b + i] = (float) before;
                    before *= d[b + i];
                }
                double after = 1;
                for (int i = rw.inner - 1; i >= 0; i--) {
                    grad[b + i] = (float) (grad[b + i] * after * gr[b + i]);
                    after *= d[b + i];
                }
            }
            return new Tensor[] {rw.unpermute(grad, in)};
        });
    }

    /** Largest value over dims (null/empty = all); torch.amax. Ties share the gradient evenly. NaN propagates. */
    public static Tensor amax(Tensor x, int[] dims, boolean keepdim) { return extreme("amax", x, dims, keepdim, true); }

    /** Smallest value over dims (null/empty = all); torch.amin. Ties share the gradient evenly. NaN propagates. */
    public static Tensor amin(Tensor x, int[] dims, boolean keepdim) { return extreme("amin", x, dims, keepdim, false); }

    private static Tensor extreme(String op, Tensor x, int[] dims, boolean keepdim, boolean max) {
        Reduced rd = new Reduced(x, dims);
        if (x.numel() == 0)
            throw new IllegalArgumentException(op + "(): expected a non-empty reduction, but the input of shape "
                    + Shape.str(x.shape) + " has no elements to reduce over");
        Tensor result = Tensor.wrap(Reduced.toFloat(rd.run(max ? Reduce.Kind.MAX : Reduce.Kind.MIN, x, null)), rd.shape(keepdim), x.dtype);
        int[] kept = rd.keptShape, in = x.shape;
        return Graph.record(max ? "AmaxBackward" : "AminBackward", result, new Tensor[] {x}, (g, n) -> {
            Tensor hit = x.eq(result.reshape(kept)).to(DType.FLOAT32);
            return new Tensor[] {spread(g, kept, in).mul(hit).div(sum(hit, dims, true))};
        }, x, result);
    }

    private static void requireNonEmpty(String op, Tensor x) {
        if (x.numel() == 0)
            throw new IllegalArgumentException(op + "(): expected a non-empty reduction, but the input of shape "
                    + Shape.str(x.shape) + " has no elements to reduce over");
    }

    /** Index of the largest value over dim (null = of the flattened input); torch.argmax, int64, first of ties. */
    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim) { return argExtreme("argmax", x, dim, keepdim, true); }

    /** Index of the smallest value over dim (null = of the flattened input); torch.argmin, int64, first of ties. */
    public static Tensor argmin(Tensor x, Integer dim, boolean keepdim) { return argExtreme("argmin", x, dim, keepdim, false); }

    private static Tensor argExtreme(String op, Tensor x, Integer dim, boolean keepdim, boolean max) {
        Reduced rd = new Reduced(x, dim == null ? null : new int[] {dim});
        requireNonEmpty(op, x);
        float[] idx = rd.rows(x, (d, b, n) -> argRow(d, b, n, max));
        int[] shape = dim != null || !keepdim ? rd.shape(keepdim) : rd.keptShape.clone();
        return Tensor.wrap(idx, shape, DType.INT64);
    }

    /** The position of the first extreme value in a row (the first NaN, if any, as PyTorch does). */
    private static int argRow(float[] d, int b, int n, boolean max) {
        int best = 0;
        float m = d[b];
        if (Float.isNaN(m)) return 0;
        for (int i = 1; i < n; i++) {
            float v = d[b + i];
            if (Float.isNaN(v)) return i;
            if (max ? v > m : v < m) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    /** Largest values over one dim with their indices; torch.max(input, dim, keepdim). The gradient goes to the index. */
    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) { return extremeWithIndex("max", x, dim, keepdim, true); }

    /** Smallest values over one dim with their indices; torch.min(input, dim, keepdim). */
    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) { return extremeWithIndex("min", x, dim, keepdim, false); }

    private static ValuesIndices extremeWithIndex(String op, Tensor x, int dim, boolean keepdim, boolean max) {
        int d = Shape.wrapDim(dim, x.dim());
        Reduced rd = new Reduced(x, new int[] {d});
        requireNonEmpty(op, x);
        float[] idx = rd.rows(x, (v, b, n) -> argRow(v, b, n, max));
        float[] vals = rd.rows(x, (v, b, n) -> v[b + argRow(v, b, n, max)]);
        Tensor indices = Tensor.wrap(idx, rd.shape(keepdim), DType.INT64);
        int[] kept = rd.keptShape, in = x.shape;
        // One node for (values, indices); the int64 indices stay out of the graph, so grads[0] is the values' gradient.
        Tensor[] outs = Graph.recordMulti(max ? "MaxBackward" : "MinBackward",
                new Tensor[] {Tensor.wrap(vals, rd.shape(keepdim), x.dtype), indices}, new Tensor[] {x}, (grads, n) -> {
                    Tensor g = grads[0];
                    if (x.dim() == 0) return new Tensor[] {g.reshape(in)};
                    Tensor at = indices.reshape(kept);
                    return new Tensor[] {Tensor.zeros(in).scatterAdd(d, at, g.reshape(kept))};
                });
        return new ValuesIndices(outs[0], outs[1]);
    }

    /** Variance over dims with Bessel's {@code correction} (1 = unbiased, PyTorch's default; 0 = biased); torch.var. */
    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        return spreadStat("var", x, dims, correction, keepdim, false);
    }

    /** Standard deviation over dims with Bessel's {@code correction}; torch.std. */
    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) {
        return spreadStat("std", x, dims, correction, keepdim, true);
    }

    private static Tensor spreadStat(String op, Tensor x, int[] dims, int correction, boolean keepdim, boolean root) {
        Ops.requireFloat(op, x);
        if (correction < 0) throw new IllegalArgumentException(op + "(): correction must be non-negative, got " + correction);
        Reduced rd = new Reduced(x, dims);
        int count = rd.count(x);
        float divisor = Math.max(0, count - correction);
        double[] means = rd.run(Reduce.Kind.SUM, x, null);
        for (int i = 0; i < means.length; i++) means[i] /= count;
        double[] v = rd.run(Reduce.Kind.SQUARED_DEVIATIONS, x, means);
        for (int i = 0; i < v.length; i++) v[i] = root ? Math.sqrt(v[i] / divisor) : v[i] / divisor;
        Tensor result = Tensor.wrap(Reduced.toFloat(v), rd.shape(keepdim));
        int[] kept = rd.keptShape, in = x.shape;
        return Graph.record(root ? "StdBackward" : "VarBackward", result, new Tensor[] {x}, (g, n) -> {
            Tensor centred = x.sub(mean(x, dims, true));
            Tensor gk = g.reshape(kept);
            // var' = 2(x − mean)/divisor; std' = var' / (2·std)
            return new Tensor[] {root ? centred.mul(gk.div(result.reshape(kept).mul(divisor)))
                    : centred.mul(gk.mul(2f / divisor))};
        }, x, result);
    }

    /** log Σ exp(x) over dims, computed with the max shifted out so it never overflows; torch.logsumexp. */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Tensor xf = x.dtype == DType.FLOAT32 ? x : x.to(DType.FLOAT32);
        Reduced rd = new Reduced(xf, dims);
        Tensor result = Tensor.wrap(rd.rows(xf, Reductions::rowLogSumExp), rd.shape(keepdim));
        int[] kept = rd.keptShape;
        return Graph.record("LogsumexpBackward", result, new Tensor[] {x},
                (g, n) -> new Tensor[] {x.sub(result.reshape(kept)).exp().mul(g.reshape(kept))}, x, result);
    }

    static float rowLogSumExp(float[] d, int b, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) if (d[b + i] > m || Float.isNaN(d[b + i])) m = d[b + i];
        if (Float.isNaN(m)) return m;
        if (Float.isInfinite(m)) return m;    // all −∞ (or a +∞): the shift would give NaN
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.exp(d[b + i] - m);
        return (float) (m + Math.log(s));
    }

    /**
     * The p-norm over dims (null/empty = all); torch.norm / torch.linalg.vector_norm: p = 2 (Euclidean, also
     * "fro"), 1, any real p > 0, +∞ (max |x|), −∞ (min |x|), 0 (count of nonzeros).
     */
    public static Tensor norm(Tensor x, float p, int[] dims, boolean keepdim) {
        Ops.requireFloat("norm", x);
        if (Float.isNaN(p)) throw new IllegalArgumentException("norm(): p must be a number, got NaN");
        if (p < 0 && !Float.isInfinite(p))
            throw new IllegalArgumentException("norm(): p must be ≥ 0, +inf or -inf, got " + p);
        Reduced rd = new Reduced(x, dims);
        if (Float.isInfinite(p)) requireNonEmpty("norm", x);
        Tensor result = Tensor.wrap(rd.rows(x, (d, b, n) -> rowNorm(d, b, n, p)), rd.shape(keepdim));
        int[] kept = rd.keptShape, in = x.shape;
        return Graph.record("NormBackward", result, new Tensor[] {x}, (g, n) -> {
            Tensor gk = g.reshape(kept), nk = result.reshape(kept);
            Tensor grad;
            if (p == 0f) grad = Tensor.zeros(in);
            else if (p == 1f) grad = x.sign().mul(gk);
            else if (Float.isInfinite(p)) {
                Tensor hit = x.abs().eq(nk).to(DType.FLOAT32);
                grad = x.sign().mul(hit).mul(gk.div(sum(hit, dims, true)));
            } else if (p == 2f) grad = x.mul(gk.div(nk)).maskedFill(nk.eq(Tensor.scalar(0f)), 0f);
            else // d‖x‖_p/dx = x·|x|^(p−2) / ‖x‖_p^(p−1)
                grad = x.mul(x.abs().pow(p - 2)).mul(gk.div(nk.pow(p - 1))).maskedFill(x.eq(Tensor.scalar(0f)), 0f);
            return new Tensor[] {grad.expand(in).contiguous()};
        }, x, result);
    }

    private static float rowNorm(float[] d, int b, int n, float p) {
        if (p == 2f) {
            double s = 0;
            for (int i = 0; i < n; i++) s += (double) d[b + i] * d[b + i];
            return (float) Math.sqrt(s);
        }
        if (p == 1f) {
            double s = 0;
            for (int i = 0; i < n; i++) s += Math.abs(d[b + i]);
            return (float) s;
        }
        if (p == 0f) {
            int c = 0;
            for (int i = 0; i < n; i++) if (d[b + i] != 0f) c++;
            return c;
        }
        if (Float.isInfinite(p)) {
            float m = Math.abs(d[b]);
            for (int i = 1; i < n; i++) {
                float a = Math.abs(d[b + i]);
                if (Float.isNaN(a)) return a;
                if (p > 0 ? a > m : a < m) m = a;
            }
            return m;
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.pow(Math.abs(d[b + i]), p);
        return (float) Math.pow(s, 1.0 / p);
    }

    /** Running sum along dim; torch.cumsum. The gradient is the reversed running sum of g. */
    public static Tensor cumsum(Tensor x, int dim) {
        int d = Shape.wrapDim(dim, x.dim());
        Lanes lanes = Lanes.of(x, d);
        float[] v = lanes.data;
        for (int o = 0; o < lanes.count; o++) {
            double s = 0;
            for (int i = o * lanes.length, end = i + lanes.length; i < end; i++) v[i] = (float) (s += v[i]);
        }
        Tensor result = lanes.toTensor(v, sumType(x));
        return Graph.record("CumsumBackward", result, new Tensor[] {x},
                (g, n) -> new Tensor[] {x.dim() == 0 ? g : cumsum(g.flip(d), d).flip(d)});
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
