package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.AlongDim;
import dev.soma.kernel.Remap;

/**
 * Indexing with int64 index tensors and bool masks: gather / scatter_add (one index per element),
 * index_select / index_add (one index per slice) and masked_fill, each with PyTorch's checks and its backward
 * rule (gather ↔ scatter_add and index_select ↔ index_add are each other's adjoints). Indices must lie in
 * [0, size): like PyTorch, these ops do not accept negative indices.
 */
public final class IndexOps {
    private IndexOps() {}

    // ---------------------------------------------------------------- gather, scatter_add

    /** out[i][j][k] = x[i][index[i][j][k]][k] for dim = 1 (torch.gather); the output has the index's shape. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        requireIndex("gather", index);
        if (x.shape.length == 0 && index.shape.length == 0)
            return gather(x.reshape(1), 0, index.reshape(1)).reshape();
        int rank = x.shape.length, d = Shape.wrapDim(dim, rank);
        if (index.shape.length != rank)
            throw new IllegalArgumentException("gather(): Index tensor must have the same number of dimensions as input tensor: index "
                    + Shape.str(index.shape) + ", input " + Shape.str(x.shape));
        for (int k = 0; k < rank; k++)
            if (k != d && index.shape[k] > x.shape[k])
                throw new IllegalArgumentException("gather(): Size does not match at dimension " + k + " expected index "
                        + Shape.str(index.shape) + " to be smaller than self " + Shape.str(x.shape) + " apart from dimension " + d);
        float[] idx = indices("gather", index, x.shape[d], d);
        float[] out = new float[idx.length];
        AlongDim.gather(x.storage.data(), x.offset, x.strides, idx, d, index.shape, out);
        int[] in = x.shape;
        return Graph.record("GatherBackward", Tensor.wrap(out, index.shape.clone(), x.dtype), new Tensor[] {x},
                (g, n) -> new Tensor[] {scatterAdd(Tensor.zeros(in), d, index, g)}, index);
    }

    /**
     * Out-of-place scatter-add (torch.scatter_add): a copy of x with out[i][index[i][j][k]][k] += src[i][j][k]
     * for dim = 1, over the index's extent; src may be larger than index (its extra elements are unused).
     */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        requireIndex("scatter_add", index);
        if (x.dtype != src.dtype)
            throw new IllegalArgumentException("scatter_add(): Expected self.dtype to be equal to src.dtype, got "
                    + x.dtype.torchName() + " and " + src.dtype.torchName());
        if (x.shape.length == 0 && index.shape.length == 0 && src.shape.length == 0)
            return scatterAdd(x.reshape(1), 0, index.reshape(1), src.reshape(1)).reshape();
        int rank = x.shape.length, d = Shape.wrapDim(dim, rank);
        if (index.shape.length != rank || src.shape.length != rank)
            throw new IllegalArgumentException("scatter_add(): Index tensor must have the same number of dimensions as self and src tensors: index "
                    + Shape.str(index.shape) + ", self " + Shape.str(x.shape) + ", src " + Shape.str(src.shape));
        for (int k = 0; k < rank; k++)
            if (index.shape[k] > src.shape[k] || (k != d && index.shape[k] > x.shape[k]))
                throw new IllegalArgumentException("scatter_add(): Expected index " + Shape.str(index.shape) + " to be smaller than self "
                        + Shape.str(x.shape) + " apart from dimension " + d + " and to be smaller size than src " + Shape.str(src.shape));
        float[] idx = indices("scatter_add", index, x.shape[d], d);
        float[] out = x.toFloatArray();
        AlongDim.scatterAdd(src.storage.data(), src.offset, src.strides, idx, d, index.shape, out, 0, Shape.contiguousStrides(x.shape));
        int[] srcShape = src.shape;
        return Graph.record("ScatterAddBackward", Tensor.wrap(out, x.shape.clone(), x.dtype), new Tensor[] {x, src},
                (g, n) -> new Tensor[] {n[0] ? g : null, n[1] ? zeroExtend(gather(g, d, index), srcShape) : null}, index);
    }

    /** t placed at the start of every dim of zeros(shape) (t is no larger than shape anywhere). */
    private static Tensor zeroExtend(Tensor t, int[] shape) {
        if (java.util.Arrays.equals(t.shape, shape)) return t;
        Tensor full = Tensor.zeros(shape);
        Tensor region = full;
        for (int k = 0; k < shape.length; k++) region = region.narrow(k, 0, t.shape[k]);
        region.copy_(t);
        return full;
    }

    // ---------------------------------------------------------------- index_select, index_add

    /** The slices {@code index[0], index[1], …} of x along {@code dim}, duplicates allowed (torch.index_select). */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        requireIndex("index_select", index);
        if (index.shape.length > 1)
            throw new IllegalArgumentException("index_select(): Index is supposed to be a vector, got shape " + Shape.str(index.shape));
        int d = Shape.wrapDim(dim, x.shape.length);
        if (x.shape.length == 0) {
            indices("index_select", index, 1, d);
            return x.clone();
        }
        float[] idx = indices("index_select", index, x.shape[d], d);
        int[][] maps = ShapeOps.identityMaps(x.shape);
        maps[d] = new int[idx.length];
        for (int i = 0; i < idx.length; i++) maps[d][i] = (int) idx[i];
        return ShapeOps.remap("IndexSelectBackward", x, maps, 0f);
    }

    /** A copy of x with {@code source.select(dim, i)} added to slice {@code index[i]} along {@code dim} (torch.index_add). */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor source) { return indexAdd(x, dim, index, source, 1f); }

    /** A copy of x with {@code alpha · source.select(dim, i)} added to slice {@code index[i]} (torch.index_add with alpha). */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor source, float alpha) {
        requireIndex("index_add", index);
        if (index.shape.length > 1)
            throw new IllegalArgumentException("index_add(): Index is supposed to be a vector, got shape " + Shape.str(index.shape));
        if (x.dtype != source.dtype)
            throw new IllegalArgumentException("index_add(): self (" + x.dtype.torchName() + ") and source (" + source.dtype.torchName()
                    + ") must have the same scalar type");
        if (x.shape.length == 0 && source.shape.length == 0)
            return indexAdd(x.reshape(1), 0, index, source.reshape(1), alpha).reshape();
        int rank = x.shape.length, d = Shape.wrapDim(dim, rank), count = index.numel();
        if (source.shape.length != rank)
            throw new IllegalArgumentException("index_add(): source " + Shape.str(source.shape) + " must have as many dimensions as self "
                    + Shape.str(x.shape));
        if (source.shape[d] != count)
            throw new IllegalArgumentException("index_add(): Number of indices (" + count + ") should be equal to source.size(dim): ("
                    + source.shape[d] + "), for dim: " + d);
        for (int k = 0; k < rank; k++)
            if (k != d && source.shape[k] != x.shape[k])
                throw new IllegalArgumentException("index_add(): Source/destination tensor must have same slice shapes. Destination "
                        + Shape.str(x.shape) + " and source " + Shape.str(source.shape) + " differ at dimension " + k);
        float[] idx = indices("index_add", index, x.shape[d], d);
        int[][] maps = ShapeOps.identityMaps(source.shape);
        for (int i = 0; i < count; i++) maps[d][i] = (int) idx[i];
        Tensor src = source.detach();
        if (alpha != 1f) src = src.mul(alpha);
        else if (!src.isContiguous()) src = src.contiguousCopy();
        float[] out = x.toFloatArray();
        Remap.accumulate(src.storage.data(), src.offset, maps, out, 0, Shape.contiguousStrides(x.shape));
        return Graph.record("IndexAddBackward", Tensor.wrap(out, x.shape.clone(), x.dtype), new Tensor[] {x, source}, (g, n) -> {
            Tensor gs = n[1] ? indexSelect(g, d, index) : null;
            return new Tensor[] {n[0] ? g : null, gs != null && alpha != 1f ? gs.mul(alpha) : gs};
        }, index);
    }

    // ---------------------------------------------------------------- masked_fill

    /**
     * x with {@code value} wherever the bool mask is true (torch.masked_fill); the mask broadcasts with x, and
     * the gradient is zero at filled positions.
     */
    public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
        if (mask.dtype != DType.BOOL)
            throw new IllegalArgumentException("masked_fill(): only supports boolean masks, but got mask with dtype " + mask.dtype.torchName());
        try {
            Shape.broadcast(x.shape, mask.shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("masked_fill(): mask of shape " + Shape.str(mask.shape) + " does not broadcast with input of shape "
                    + Shape.str(x.shape) + ": " + e.getMessage(), e);
        }
        float v = x.dtype == DType.FLOAT32 ? value : x.dtype == DType.BOOL ? (value != 0f ? 1f : 0f) : (float) (long) value;
        Tensor out = Ops.map(x, mask, x.dtype, (a, m) -> m != 0f ? v : a);
        int[] in = x.shape;
        return Graph.record("MaskedFillBackward", out, new Tensor[] {x},
                (g, n) -> new Tensor[] {maskedFill(g, mask, 0f).sumTo(in)}, mask);
    }

    // ---------------------------------------------------------------- index validation

    /** Fails unless {@code index} is an int64 tensor, naming the op. */
    static void requireIndex(String op, Tensor index) {
        if (index == null) throw new IllegalArgumentException(op + "(): index must not be null");
        if (index.dtype != DType.INT64)
            throw new IllegalArgumentException(op + "(): Expected dtype int64 for index, got " + index.dtype.torchName());
    }

    /** The index values in row-major order, each checked to lie in [0, size). */
    static float[] indices(String op, Tensor index, int size, int dim) {
        float[] v = index.toFloatArray();
        for (float f : v)
            if (f < 0 || f >= size)
                throw new IllegalArgumentException(op + "(): index " + (long) f + " is out of bounds for dimension " + dim + " with size " + size);
        return v;
    }
}
