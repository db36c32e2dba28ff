package dev.soma.tensor;

import dev.soma.autograd.GradMode;
import dev.soma.autograd.Graph;
import dev.soma.kernel.Remap;
import dev.soma.kernel.Strided;
import java.util.Arrays;

/**
 * Shape ops that copy (cat, stack, repeat, flip, roll, tril, triu) and the splits that return views (split,
 * chunk, unbind; one multi-output node per call), with PyTorch's semantics and error conditions. Flip, roll and
 * repeat, like index_select and padding, are "remaps" — one index map per dimension — whose gradient accumulates
 * back through the maps.
 */
public final class ShapeOps {
    private ShapeOps() {}

    // ---------------------------------------------------------------- remaps (shared with IndexOps, Padding)

    /** out[o] = x[maps[0][o0], …, maps[k][ok]], or {@code fill} where a map entry is negative; output shape = map lengths. */
    static Tensor remap(String name, Tensor x, int[][] maps, float fill) {
        int[] outShape = new int[maps.length];
        for (int d = 0; d < maps.length; d++) outShape[d] = maps[d].length;
        float[] out = new float[Shape.numel(outShape)];
        Remap.gather(x.storage.data(), x.offset, x.strides, maps, out, fill);
        int[] in = x.shape;
        return Graph.record(name, Tensor.wrap(out, outShape, x.dtype), new Tensor[] {x},
                (g, n) -> new Tensor[] {remapAdd(g, maps, in)});
    }

    /** The adjoint of {@link #remap}: g accumulated through the maps into zeros of {@code inShape}. */
    static Tensor remapAdd(Tensor g, int[][] maps, int[] inShape) {
        Tensor gc = g.isContiguous() ? g : g.contiguousCopy();
        float[] dx = new float[Shape.numel(inShape)];
        Remap.accumulate(gc.storage.data(), gc.offset, maps, dx, 0, Shape.contiguousStrides(inShape));
        return Graph.record("RemapAddBackward", Tensor.wrap(dx, inShape.clone(), g.dtype), new Tensor[] {g},
                (gg, n) -> new Tensor[] {remap("RemapBackward", gg, maps, 0f)});
    }

    static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) m[i] = i;
        return m;
    }

    static int[][] identityMaps(int[] shape) {
        int[][] maps = new int[shape.length][];
        for (int d = 0; d < shape.length; d++) maps[d] = identity(shape[d]);
        return maps;
    }

    // ---------------------------------------------------------------- cat, stack

    /**
     * Concatenates tensors along {@code dim} (torch.cat): all sizes but {@code dim} must match; legacy 1-d empty
     * tensors (shape [0]) are skipped. The gradient of each input is its slice of the output gradient.
     */
    public static Tensor cat(Tensor[] tensors, int dim) {
        if (tensors == null || tensors.length == 0) throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        Tensor ref = null;
        DType type = null;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t == null) throw new IllegalArgumentException("torch.cat(): tensor number " + i + " in the list is null");
            if (t.shape.length == 0)
                throw new IllegalArgumentException("zero-dimensional tensor (at position " + i + ") cannot be concatenated");
            if (ref == null && !skipped(t)) ref = t;
            type = type == null ? t.dtype : promote(type, t.dtype);
        }
        if (ref == null) ref = tensors[0];
        int rank = ref.shape.length, d = Shape.wrapDim(dim, rank);
        int total = 0;
        int[] starts = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            starts[i] = total;
            if (t != ref && skipped(t)) continue;
            if (t.shape.length != rank)
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + rank + " and " + t.shape.length);
            for (int k = 0; k < rank; k++)
                if (k != d && t.shape[k] != ref.shape[k])
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d + ". Expected size "
                            + ref.shape[k] + " but got size " + t.shape[k] + " for tensor number " + i + " in the list.");
            total += t.shape[d];
        }
        int[] outShape = ref.shape.clone();
        outShape[d] = total;
        int outer = 1, inner = 1;
        for (int k = 0; k < d; k++) outer *= outShape[k];
        for (int k = d + 1; k < rank; k++) inner *= outShape[k];
        float[] out = new float[Shape.numel(outShape)];
        int row = total * inner;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t != ref && skipped(t)) continue;
            float[] src = t.toFloatArray();
            int block = t.shape[d] * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(src, o * block, out, o * row + starts[i] * inner, block);
        }
        Tensor[] inputs = tensors.clone();
        Tensor first = ref;
        return Graph.record("CatBackward", Tensor.wrap(out, outShape, type), inputs, (g, n) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (!n[i]) continue;
                Tensor t = inputs[i];
                grads[i] = t != first && skipped(t) ? Tensor.zeros(t.shape) : g.narrow(d, starts[i], t.shape[d]);
            }
            return grads;
        });
    }

    private static boolean skipped(Tensor t) { return t.shape.length == 1 && t.shape[0] == 0; }

    private static DType promote(DType a, DType b) {
        if (a == DType.FLOAT32 || b == DType.FLOAT32) return DType.FLOAT32;
        if (a == DType.INT64 || b == DType.INT64) return DType.INT64;
        return DType.BOOL;
    }

    /** Stacks equally shaped tensors along a new dimension {@code dim} (torch.stack). */
    public static Tensor stack(Tensor[] tensors, int dim) {
        if (tensors == null || tensors.length == 0) throw new IllegalArgumentException("stack expects a non-empty TensorList");
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] == null) throw new IllegalArgumentException("stack(): tensor number " + i + " in the list is null");
            if (!Arrays.equals(tensors[0].shape, tensors[i].shape))
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Shape.str(tensors[0].shape)
                        + " at entry 0 and " + Shape.str(tensors[i].shape) + " at entry " + i);
        }
        int d = Shape.wrapDim(dim, tensors[0].shape.length + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) expanded[i] = tensors[i].unsqueeze(d);
        return cat(expanded, d);
    }

    // ---------------------------------------------------------------- split, chunk, unbind (views)

    /** Splits into pieces of {@code splitSize} along {@code dim} (the last may be smaller), as views (torch.split). */
    public static Tensor[] split(Tensor x, int splitSize, int dim) {
        if (x.shape.length == 0) throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        if (splitSize < 0) throw new IllegalArgumentException("split expects split_size be non-negative, but got split_size=" + splitSize);
        int d = Shape.wrapDim(dim, x.shape.length), size = x.shape[d];
        if (splitSize == 0 && size != 0)
            throw new IllegalArgumentException("split_size can only be 0 if dimension size is 0, but got dimension size of " + size);
        int n = splitSize == 0 ? 1 : Math.max((size + splitSize - 1) / splitSize, 1);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) sizes[i] = Math.min(splitSize, size - i * splitSize);
        return pieces("SplitBackward", x, d, sizes);
    }

    /** Splits into pieces of the given sizes along {@code dim}, which must sum to its size, as views (torch.split with a list). */
    public static Tensor[] split(Tensor x, int[] sections, int dim) {
        if (x.shape.length == 0) throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
        int d = Shape.wrapDim(dim, x.shape.length), size = x.shape[d];
        long sum = 0;
        for (int s : sections) {
            if (s < 0) throw new IllegalArgumentException("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes="
                    + Arrays.toString(sections));
            sum += s;
        }
        if (sum != size)
            throw new IllegalArgumentException("split_with_sizes expects split_sizes to sum exactly to " + size
                    + " (input tensor's size at dimension " + dim + "), but got split_sizes=" + Arrays.toString(sections));
        return pieces("SplitWithSizesBackward", x, d, sections.clone());
    }

    /** Splits into at most {@code chunks} views of ceil(size/chunks) along {@code dim} (torch.chunk; possibly fewer chunks). */
    public static Tensor[] chunk(Tensor x, int chunks, int dim) {
        if (x.shape.length == 0) throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        int d = Shape.wrapDim(dim, x.shape.length), size = x.shape[d];
        int splitSize = (size + chunks - 1) / chunks;
        // An empty dim still gives `chunks` empty pieces, as PyTorch does.
        if (splitSize == 0) return split(x, new int[chunks], d);
        return split(x, splitSize, d);
    }

    /** The slices of {@code dim}, each with that dim removed, as views (torch.unbind); one node for all of them. */
    public static Tensor[] unbind(Tensor x, int dim) {
        if (x.shape.length == 0) throw new IllegalArgumentException("Dimension specified as " + dim + " but tensor has no dimensions");
        int d = Shape.wrapDim(dim, x.shape.length), n = x.shape[d];
        Tensor[] parts = new Tensor[n];
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < n; i++) parts[i] = x.select(d, i);
        }
        int[] in = x.shape;
        return Graph.recordMulti("UnbindBackward", parts, null, false, new Tensor[] {x}, (grads, need) -> {
            Tensor full = Tensor.zeros(in);
            for (int i = 0; i < n; i++) if (grads[i] != null) writeInto(full.select(d, i), grads[i]);
            return new Tensor[] {full};
        });
    }

    /**
     * Consecutive views of {@code sizes[i]} along dim d, attached to one node whose backward writes each piece's
     * gradient into its range of a zero input gradient (pieces that got none stay zero).
     */
    private static Tensor[] pieces(String name, Tensor x, int d, int[] sizes) {
        Tensor[] parts = new Tensor[sizes.length];
        int[] starts = new int[sizes.length];
        try (var g = GradMode.noGrad()) {
            for (int i = 0, start = 0; i < sizes.length; start += sizes[i++]) {
                starts[i] = start;
                parts[i] = x.narrow(d, start, sizes[i]);
            }
        }
        int[] in = x.shape;
        return Graph.recordMulti(name, parts, null, false, new Tensor[] {x}, (grads, need) -> {
            Tensor full = Tensor.zeros(in);
            for (int i = 0; i < grads.length; i++) if (grads[i] != null) writeInto(full.narrow(d, starts[i], sizes[i]), grads[i]);
            return new Tensor[] {full};
        });
    }

    // Copies g into the view dst of a fresh buffer (no version bump: nothing has seen the buffer yet).
    private static void writeInto(Tensor dst, Tensor g) {
        Tensor src = g.isContiguous() ? g : g.contiguousCopy();
        Strided.scatter(src.storage.data(), src.offset, src.shape, dst.storage.data(), dst.offset, dst.strides);
    }

    // ---------------------------------------------------------------- repeat, flip, roll

    /** Tiles the tensor {@code repeats[i]} times along each dim; extra leading repeats add dims (torch.Tensor.repeat). */
    public static Tensor repeat(Tensor x, int... repeats) {
        int r = repeats.length, lead = r - x.shape.length;
        if (lead < 0)
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor: repeat("
                    + Arrays.toString(repeats) + ") for shape " + Shape.str(x.shape));
        int[] padded = new int[r];
        int[][] maps = new int[r][];
        for (int d = 0; d < r; d++) {
            if (repeats[d] < 0)
                throw new IllegalArgumentException("repeat(): repeats must be non-negative, got " + Arrays.toString(repeats));
            padded[d] = d < lead ? 1 : x.shape[d - lead];
            maps[d] = new int[Math.multiplyExact(padded[d], repeats[d])];
            for (int o = 0; o < maps[d].length; o++) maps[d][o] = o % padded[d];
        }
        return remap("RepeatBackward", x.reshape(padded), maps, 0f);
    }

    /** Reverses the order of elements along {@code dims} (torch.flip; a copy). */
    public static Tensor flip(Tensor x, int... dims) {
        int rank = x.shape.length;
        boolean[] mask = dims.length == 0 ? new boolean[rank] : Shape.dimMask(dims, rank);
        int[][] maps = identityMaps(x.shape);
        for (int d = 0; d < rank; d++) {
            if (!mask[d]) continue;
            int s = x.shape[d];
            for (int o = 0; o < s; o++) maps[d][o] = s - 1 - o;
        }
        return remap("FlipBackward", x, maps, 0f);
    }

    /**
     * Rotates elements along {@code dims} by {@code shifts} (torch.roll): element i moves to (i + shift) mod size.
     * With no dims, a single shift rolls the flattened tensor and the shape is restored.
     */
    public static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (shifts.length == 0) throw new IllegalArgumentException("roll(): `shifts` required");
        if (dims.length == 0) {
            if (shifts.length != 1)
                throw new IllegalArgumentException("shifts and dimensions must align. shifts: " + shifts.length + ", dims:0");
            return roll(x.flatten(), shifts, new int[] {0}).reshape(x.shape);
        }
        if (shifts.length != dims.length)
            throw new IllegalArgumentException("shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        int rank = x.shape.length;
        long[] total = new long[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) total[Shape.wrapDim(dims[i], rank)] += shifts[i];
        int[][] maps = identityMaps(x.shape);
        for (int d = 0; d < rank; d++) {
            int s = x.shape[d];
            if (s == 0 || total[d] % s == 0) continue;
            for (int o = 0; o < s; o++) maps[d][o] = (int) Math.floorMod(o - total[d], (long) s);
        }
        return remap("RollBackward", x, maps, 0f);
    }

    // ---------------------------------------------------------------- tril, triu

    /** Keeps elements on and below the {@code diagonal}-th diagonal of the last two dims, zeroing the rest (torch.tril). */
    public static Tensor tril(Tensor x, int diagonal) { return triangle("tril", x, diagonal, true); }

    /** Keeps elements on and above the {@code diagonal}-th diagonal of the last two dims, zeroing the rest (torch.triu). */
    public static Tensor triu(Tensor x, int diagonal) { return triangle("triu", x, diagonal, false); }

    private static Tensor triangle(String op, Tensor x, int diagonal, boolean lower) {
        int rank = x.shape.length;
        if (rank < 2)
            throw new IllegalArgumentException(op + ": input tensor must have at least 2 dimensions, got shape " + Shape.str(x.shape));
        int rows = x.shape[rank - 2], cols = x.shape[rank - 1];
        float[] d = x.toFloatArray();
        int plane = rows * cols;
        for (int b = 0; b < d.length; b += plane)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) {
                    long k = (long) j - i;
                    if (lower ? k > diagonal : k < diagonal) d[b + i * cols + j] = 0f;
                }
        return Graph.record(lower ? "TrilBackward" : "TriuBackward", Tensor.wrap(d, x.shape.clone(), x.dtype), new Tensor[] {x},
                (g, n) -> new Tensor[] {triangle(op, g, diagonal, lower)});
    }
}
