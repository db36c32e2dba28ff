package dev.soma.tensor;

import dev.soma.autograd.Engine;
import dev.soma.autograd.Graph;
import dev.soma.autograd.Node;
import dev.soma.autograd.TensorAccess;
import dev.soma.kernel.Strided;
import java.util.Arrays;

/**
 * An n-dimensional float32 array (as torch.Tensor): a shared {@link Storage} read through shape, strides and
 * an offset, so reshape, transpose, permute, narrow, expand and squeeze are views that copy nothing.
 * Operations on tensors that require grad record a graph that {@link #backward()} walks in reverse.
 */
public class Tensor implements AutoCloseable {
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    final DType dtype;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private int outputIndex;    // which output of gradFn this tensor is (0 unless gradFn has several)
    private boolean ownsStorage;    // made with its storage, not a view of another tensor's: close() may release it

    Tensor(Storage storage, int[] shape, int[] strides, int offset, DType dtype) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.dtype = dtype;
    }

    static {
        TensorAccess.install(new TensorAccess.Internals() {
            @Override public void attachGradFn(Tensor t, Node node, int index) {
                if (t.gradFn != null) throw new IllegalStateException("tensor already has a grad_fn " + t.gradFn.name());
                t.gradFn = node;
                t.outputIndex = index;
                t.requiresGrad = true;
            }

            @Override public long creationMark() { return Storage.nextSerial(); }

            @Override public boolean ownsStorageCreatedSince(Tensor t, long mark) {
                return t.storage.serial >= mark && t.offset == 0 && t.storage.data().length == t.numel() && t.isContiguous();
            }
        });
    }

    /** A tensor reading the same storage, shape and strides as {@code data}, with no graph: for subclasses such as Parameter. */
    protected Tensor(Tensor data) {
        this(data.storage, data.shape, data.strides, data.offset, data.dtype);
    }

    /** A new contiguous tensor over {@code data} (not copied), shape already validated. */
    static Tensor wrap(float[] data, int[] shape, DType dtype) {
        Tensor t = new Tensor(new Storage(data), shape, Shape.contiguousStrides(shape), 0, dtype);
        t.ownsStorage = true;
        return t;
    }

    static Tensor wrap(float[] data, int[] shape) { return wrap(data, shape, DType.FLOAT32); }

    // ---------------------------------------------------------------- factories

    /** A float tensor holding a copy of {@code data} with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n)
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values cannot fill shape " + Shape.str(shape)
                    + " (needs " + n + ")");
        return wrap(data.clone(), shape.clone());
    }

    /**
     * A tensor over {@code data} itself, not a copy: the caller hands the array over and must not touch it
     * afterwards (for loaders and readers that build large buffers once). Values must suit {@code dtype}.
     */
    public static Tensor adopt(float[] data, DType dtype, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n)
            throw new IllegalArgumentException("Tensor.adopt: " + data.length + " values cannot fill shape " + Shape.str(shape)
                    + " (needs " + n + ")");
        return wrap(data, shape.clone(), dtype);
    }

    /** A 1-d float tensor of the given values. */
    public static Tensor of(float... data) { return of(data, data.length); }

    /** A 2-d float tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int r = rows.length, c = r == 0 ? 0 : rows[0].length;
        float[] data = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c)
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length + " values, expected " + c);
            System.arraycopy(rows[i], 0, data, i * c, c);
        }
        return wrap(data, new int[] {r, c});
    }

    /** A 0-d float tensor. */
    public static Tensor scalar(float value) { return wrap(new float[] {value}, new int[0]); }

    /** An int64 tensor (indices, labels) of the given values; magnitudes above 2^24 are refused. */
    public static Tensor ofLongs(long[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n)
            throw new IllegalArgumentException("Tensor.ofLongs: " + data.length + " values cannot fill shape " + Shape.str(shape));
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = exactInt(data[i]);
        return wrap(f, shape.clone(), DType.INT64);
    }

    /** An int64 tensor of the given int values. */
    public static Tensor ofInts(int[] data, int... shape) {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) l[i] = data[i];
        return ofLongs(l, shape);
    }

    /** A bool tensor (mask) of the given values. */
    public static Tensor ofBooleans(boolean[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n)
            throw new IllegalArgumentException("Tensor.ofBooleans: " + data.length + " values cannot fill shape " + Shape.str(shape));
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = data[i] ? 1f : 0f;
        return wrap(f, shape.clone(), DType.BOOL);
    }

    static float exactInt(long v) {
        if (Math.abs(v) > (1 << 24))
            throw new IllegalArgumentException("integer value " + v + " is beyond 2^24, the largest Soma stores exactly");
        return v;
    }

    /** A float tensor filled with zeros. */
    public static Tensor zeros(int... shape) { return wrap(new float[Shape.numel(shape)], shape.clone()); }

    /** A float tensor filled with ones. */
    public static Tensor ones(int... shape) { return full(shape, 1f); }

    /** A float tensor filled with {@code value} (torch.full). */
    public static Tensor full(int[] shape, float value) {
        float[] d = new float[Shape.numel(shape)];
        Arrays.fill(d, value);
        return wrap(d, shape.clone());
    }

    /** Zeros shaped like {@code t} (float32). */
    public static Tensor zerosLike(Tensor t) { return zeros(t.shape); }

    /** Ones shaped like {@code t} (float32). */
    public static Tensor onesLike(Tensor t) { return ones(t.shape); }

    /** 0, 1, …, end−1 as float (torch.arange(end)). */
    public static Tensor arange(double end) { return arange(0, end, 1); }

    /** start, start+1, … below end. */
    public static Tensor arange(double start, double end) { return arange(start, end, 1); }

    /** start, start+step, … strictly before end (torch.arange). */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        if ((end - start) / step < 0)
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign: start="
                    + start + ", end=" + end + ", step=" + step);
        int n = (int) Math.ceil((end - start) / step);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + i * step);
        return wrap(d, new int[] {n});
    }

    /** {@code steps} evenly spaced values from start to end inclusive (torch.linspace). */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        float[] d = new float[steps];
        if (steps == 1) d[0] = (float) start;
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Fill from both ends, as PyTorch does, so the last value is exactly end.
        int half = steps / 2;
        if (steps > 1) for (int i = 0; i < steps; i++) d[i] = (float) (i < half ? start + step * i : end - step * (steps - 1 - i));
        return wrap(d, new int[] {steps});
    }

    /** The n×n identity. */
    public static Tensor eye(int n) { return eye(n, n); }

    /** The n×m matrix with ones on the diagonal. */
    public static Tensor eye(int n, int m) {
        float[] d = new float[Shape.numel(new int[] {n, m})];
        for (int i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1f;
        return wrap(d, new int[] {n, m});
    }

    /** Uniform [0, 1) from the default generator. */
    public static Tensor rand(int... shape) { return rand(Generator.defaultGenerator(), shape); }

    /** Uniform [0, 1) from {@code g}. */
    public static Tensor rand(Generator g, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        g.nextFloats(d, 0, d.length);
        return wrap(d, shape.clone());
    }

    /** Standard normal from the default generator. */
    public static Tensor randn(int... shape) { return randn(Generator.defaultGenerator(), shape); }

    /** Standard normal from {@code g}. */
    public static Tensor randn(Generator g, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) g.nextGaussian();
        return wrap(d, shape.clone());
    }

    /** Uniform integers in [low, high) as int64, from the default generator (torch.randint). */
    public static Tensor randint(long low, long high, int... shape) {
        return randint(Generator.defaultGenerator(), low, high, shape);
    }

    /** Uniform integers in [low, high) as int64, from {@code g}. */
    public static Tensor randint(Generator g, long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: expected low < high, got low=" + low + ", high=" + high);
        exactInt(low);
        exactInt(high);
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = low + g.nextLong(high - low);
        return wrap(d, shape.clone(), DType.INT64);
    }

    // ---------------------------------------------------------------- properties

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) { return shape[Shape.wrapDim(dim, shape.length)]; }

    /** A copy of the strides, in elements. */
    public int[] strides() { return strides.clone(); }

    /** The offset of element 0 in the storage. */
    public int storageOffset() { return offset; }

    /** Number of dimensions. */
    public int dim() { return shape.length; }

    /** Number of elements. */
    public int numel() { return Shape.numel(shape); }

    /** The element type. */
    public DType dtype() { return dtype; }

    /** True when the elements lie in row-major order without gaps. */
    public boolean isContiguous() {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    /** True when this tensor and {@code other} read the same storage. */
    public boolean sharesStorageWith(Tensor other) { return storage == other.storage; }

    /**
     * The storage array itself, for fused loops (optimizer updates) that write a contiguous tensor in place
     * starting at {@link #storageOffset()}. Call {@link #markModified()} after writing so autograd sees it.
     */
    public float[] storageArray() { return storage.data(); }

    /**
     * Releases this tensor's memory now, as PyTorch frees a tensor when its last reference goes, instead of when the
     * garbage collector next finds it unreachable: a large result's array goes straight back to the pool, so the
     * next op of that size writes into memory that is still in cache. Use it for results a loop makes and drops
     * ({@code try (Tensor y = x.exp()) { ... }}); never needed for correctness.
     *
     * <p>Only a tensor that owns its memory releases it: one an op made, not a view of another tensor (closing a
     * view, a detached tensor or a Parameter does nothing). After that, this tensor and every view of it refuse
     * to be read ({@link IllegalStateException}), and a backward pass that needs it as a saved tensor says so.
     * Closing twice is harmless.
     */
    @Override
    public void close() {
        if (ownsStorage) storage.close();
    }

    /** True once this tensor's memory was released by {@link #close()} (on it, or on the tensor it is a view of). */
    public boolean isClosed() { return storage.closed(); }

    /** Records an in-place write made through {@link #storageArray()} (bumps the version counter). */
    public void markModified() { storage.bumpVersion(); }

    /** The in-place modification count of the storage (PyTorch's _version). */
    public int version() { return storage.version(); }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1)
            throw new IllegalStateException("a Tensor with " + numel() + " elements cannot be converted to a scalar");
        return storage.data()[offset];
    }

    /** The element at the given index (one int per dimension; negatives count from the end). */
    public float get(int... index) { return storage.data()[flatIndex(index)]; }

    private int flatIndex(int[] index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("expected " + shape.length + " indices for shape " + Shape.str(shape) + ", got "
                    + index.length);
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            int k = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (k < 0 || k >= shape[i])
                throw new IndexOutOfBoundsException("index " + index[i] + " is out of bounds for dimension " + i + " with size "
                        + shape[i]);
            p += k * strides[i];
        }
        return p;
    }

    /** The elements in row-major order, as a new array. */
    public float[] toFloatArray() {
        float[] out = new float[numel()];
        Strided.copy(storage.data(), offset, strides, shape, out, 0);
        return out;
    }

    /** The elements as longs, in row-major order (for INT64 and BOOL tensors, or truncating floats). */
    public long[] toLongArray() {
        float[] f = toFloatArray();
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = (long) f[i];
        return out;
    }

    /** The elements as booleans (nonzero = true), in row-major order. */
    public boolean[] toBooleanArray() {
        float[] f = toFloatArray();
        boolean[] out = new boolean[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i] != 0f;
        return out;
    }

    /** This tensor's values converted to {@code type} (a copy unless the type already matches). */
    public Tensor to(DType type) {
        if (type == dtype) return this;
        float[] d = toFloatArray();
        if (type == DType.BOOL) for (int i = 0; i < d.length; i++) d[i] = d[i] != 0f ? 1f : 0f;
        else if (type == DType.INT64) for (int i = 0; i < d.length; i++) d[i] = exactInt((long) d[i]);
        return wrap(d, shape.clone(), type);
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients are computed for this tensor. */
    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf tensor as needing a gradient (only float leaves can); returns this. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on)
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables; use detach() "
                    + "to get a tensor that does not require grad");
        if (on && !dtype.isFloatingPoint())
            throw new IllegalStateException("only floating point tensors can require gradients; this one is " + dtype.torchName());
        requiresGrad = on;
        return this;
    }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() { return grad; }

    /** Replaces the gradient (null clears it); the shape must match. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape))
            throw new IllegalArgumentException("assigned grad has shape " + Shape.str(g.shape) + " but the tensor has shape "
                    + Shape.str(shape));
        grad = g;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    /** True for tensors created by the user rather than by a recorded op. */
    public boolean isLeaf() { return gradFn == null; }

    /** Which output of {@link #gradFn()} this tensor is (PyTorch's output_nr): 0 but for ops with several outputs. */
    public int outputIndex() { return outputIndex; }

    /** Backpropagates from a one-element tensor. */
    public void backward() { Engine.backward(this, null, false); }

    /** Backpropagates with an explicit dL/d(this) of this tensor's shape. */
    public void backward(Tensor gradient) { Engine.backward(this, gradient, false); }

    /** Backpropagates, keeping the graph for another backward when {@code retainGraph}. */
    public void backward(Tensor gradient, boolean retainGraph) { Engine.backward(this, gradient, retainGraph); }

    /** A tensor sharing this storage but cut from the graph. */
    public Tensor detach() { return new Tensor(storage, shape, strides, offset, dtype); }

    // ---------------------------------------------------------------- copies

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() {
        if (isContiguous()) return this;
        Tensor out = contiguousCopy();
        return Graph.record("CloneBackward", out, new Tensor[] {this}, (g, n) -> new Tensor[] {g});
    }

    /** A new contiguous tensor with the same values, never sharing storage (not recorded). */
    public Tensor contiguousCopy() { return wrap(toFloatArray(), shape.clone(), dtype); }

    /** A differentiable copy with its own storage (torch.clone). */
    public Tensor clone() {
        Tensor out = contiguousCopy();
        return Graph.record("CloneBackward", out, new Tensor[] {this}, (g, n) -> new Tensor[] {g});
    }

    // ---------------------------------------------------------------- views (see Views)

    /** The same elements in a new shape, sharing storage; fails when the strides do not allow it. */
    public Tensor view(int... newShape) { return Views.view(this, newShape); }
    /** The same elements in a new shape: a view when possible, else a copy (torch.reshape). */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape); }
    /** Swaps two dimensions (a view). */
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
    /** The transpose of a matrix (0-d and 1-d tensors are returned as they are), as torch.t. */
    public Tensor t() { return Views.t(this); }
    /** Reorders dimensions (a view): output dim i is input dim {@code dims[i]}. */
    public Tensor permute(int... dims) { return Views.permute(this, dims); }
    /** The sub-range [start, start+length) of one dimension (a view), as torch.narrow. */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }
    /** Elements start, start+step, … before end along one dimension (a view), as x[..., start:end:step]. */
    public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }
    /** The slice at {@code index} of one dimension, with that dimension removed (a view), as torch.select. */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }
    /** This tensor repeated along size-1 dimensions without copying (torch.expand); −1 keeps a size. */
    public Tensor expand(int... sizes) { return Views.expand(this, sizes); }
    /** This tensor broadcast to {@code target} by NumPy rules (a view). */
    public Tensor broadcastTo(int... target) { return Views.expand(this, target); }
    /** Removes every dimension of size 1. */
    public Tensor squeeze() { return Views.squeeze(this); }
    /** Removes dimension {@code dim} if its size is 1; otherwise returns the tensor unchanged. */
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    /** Inserts a size-1 dimension at {@code dim} (range [−rank−1, rank]). */
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    /** Flattens all dimensions into one. */
    public Tensor flatten() { return Views.flatten(this, 0, -1); }
    /** Flattens dimensions startDim..endDim (inclusive) into one, as torch.flatten. */
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
    /** Splits dimension {@code dim} into {@code sizes} (one may be −1), as torch.unflatten. */
    public Tensor unflatten(int dim, int... sizes) { return Views.unflatten(this, dim, sizes); }

    // ---------------------------------------------------------------- in-place writes (see InPlace)

    /** Copies {@code src} (broadcast to this shape) into this tensor in place. */
    public Tensor copy_(Tensor src) { return InPlace.copy(this, src); }
    /** Sets every element to {@code value} in place. */
    public Tensor fill_(float value) { return InPlace.fill(this, value); }
    /** Sets every element to zero in place. */
    public Tensor zero_() { return InPlace.fill(this, 0f); }
    /** this += other (broadcast to this shape), in place; allocates nothing when both are contiguous float tensors of one shape. */
    public Tensor add_(Tensor other) { return InPlace.add(this, other); }
    /** this += alpha * other, in place. */
    public Tensor add_(Tensor other, float alpha) { return InPlace.assign(this, "add_", ElementwiseOps.add(detach(), other.detach(), alpha)); }
    /** this += value, in place. */
    public Tensor add_(float value) { return InPlace.assign(this, "add_", ElementwiseOps.add(detach(), value)); }
    /** this −= other, in place. */
    public Tensor sub_(Tensor other) { return InPlace.assign(this, "sub_", ElementwiseOps.sub(detach(), other.detach())); }
    /** this *= other, in place. */
    public Tensor mul_(Tensor other) { return InPlace.assign(this, "mul_", ElementwiseOps.mul(detach(), other.detach())); }
    /** this *= value, in place. */
    public Tensor mul_(float value) { return InPlace.assign(this, "mul_", ElementwiseOps.mul(detach(), value)); }
    /** this /= other, in place. */
    public Tensor div_(Tensor other) { return InPlace.assign(this, "div_", ElementwiseOps.div(detach(), other.detach())); }
    /** this /= value, in place. */
    public Tensor div_(float value) { return InPlace.assign(this, "div_", ElementwiseOps.mul(detach(), 1f / value)); }
    /** Clamps in place to [min, max]. */
    public Tensor clamp_(float min, float max) { return InPlace.assign(this, "clamp_", ElementwiseOps.clamp(detach(), min, max)); }

    // ---------------------------------------------------------------- elementwise (see ElementwiseOps)

    public Tensor add(Tensor other) { return ElementwiseOps.add(this, other); }
    public Tensor add(Tensor other, float alpha) { return ElementwiseOps.add(this, other, alpha); }
    public Tensor add(float value) { return ElementwiseOps.add(this, value); }
    public Tensor sub(Tensor other) { return ElementwiseOps.sub(this, other); }
    public Tensor sub(Tensor other, float alpha) { return ElementwiseOps.sub(this, alpha == 1f ? other : other.mul(alpha)); }
    public Tensor sub(float value) { return ElementwiseOps.sub(this, value); }
    /** value − this (torch.rsub). */
    public Tensor rsub(float value) { return ElementwiseOps.rsub(this, value); }
    public Tensor mul(Tensor other) { return ElementwiseOps.mul(this, other); }
    public Tensor mul(float value) { return ElementwiseOps.mul(this, value); }
    public Tensor div(Tensor other) { return ElementwiseOps.div(this, other); }
    public Tensor div(float value) { return ElementwiseOps.div(this, value); }
    /** value / this. */
    public Tensor rdiv(float value) { return ElementwiseOps.rdiv(this, value); }
    public Tensor neg() { return ElementwiseOps.neg(this); }
    public Tensor exp() { return ElementwiseOps.exp(this); }
    public Tensor log() { return ElementwiseOps.log(this); }
    public Tensor log1p() { return ElementwiseOps.log1p(this); }
    public Tensor sqrt() { return ElementwiseOps.sqrt(this); }
    public Tensor rsqrt() { return ElementwiseOps.rsqrt(this); }
    public Tensor abs() { return ElementwiseOps.abs(this); }
    public Tensor square() { return ElementwiseOps.square(this); }
    public Tensor reciprocal() { return ElementwiseOps.reciprocal(this); }
    public Tensor sign() { return ElementwiseOps.sign(this); }
    public Tensor pow(float exponent) { return ElementwiseOps.pow(this, exponent); }
    public Tensor pow(Tensor exponent) { return ElementwiseOps.pow(this, exponent); }
    public Tensor clamp(float min, float max) { return ElementwiseOps.clamp(this, min, max); }
    public Tensor clampMin(float min) { return ElementwiseOps.clamp(this, min, Float.POSITIVE_INFINITY); }
    public Tensor clampMax(float max) { return ElementwiseOps.clamp(this, Float.NEGATIVE_INFINITY, max); }
    public Tensor maximum(Tensor other) { return ElementwiseOps.maximum(this, other); }
    public Tensor minimum(Tensor other) { return ElementwiseOps.minimum(this, other); }
    /** Elements of this where {@code condition} is true, else of {@code other} (torch.where). */
    public static Tensor where(Tensor condition, Tensor input, Tensor other) { return ElementwiseOps.where(condition, input, other); }
    public Tensor eq(Tensor other) { return ElementwiseOps.compare(this, other, ElementwiseOps.Cmp.EQ); }
    public Tensor ne(Tensor other) { return ElementwiseOps.compare(this, other, ElementwiseOps.Cmp.NE); }
    public Tensor gt(Tensor other) { return ElementwiseOps.compare(this, other, ElementwiseOps.Cmp.GT); }
    public Tensor ge(Tensor other) { return ElementwiseOps.compare(this, other, ElementwiseOps.Cmp.GE); }
    public Tensor lt(Tensor other) { return ElementwiseOps.compare(this, other, ElementwiseOps.Cmp.LT); }
    public Tensor le(Tensor other) { return ElementwiseOps.compare(this, other, ElementwiseOps.Cmp.LE); }
    public Tensor eq(float v) { return ElementwiseOps.compare(this, scalar(v), ElementwiseOps.Cmp.EQ); }
    public Tensor ne(float v) { return ElementwiseOps.compare(this, scalar(v), ElementwiseOps.Cmp.NE); }
    public Tensor gt(float v) { return ElementwiseOps.compare(this, scalar(v), ElementwiseOps.Cmp.GT); }
    public Tensor ge(float v) { return ElementwiseOps.compare(this, scalar(v), ElementwiseOps.Cmp.GE); }
    public Tensor lt(float v) { return ElementwiseOps.compare(this, scalar(v), ElementwiseOps.Cmp.LT); }
    public Tensor le(float v) { return ElementwiseOps.compare(this, scalar(v), ElementwiseOps.Cmp.LE); }
    /** Logical not of a mask (nonzero = true). */
    public Tensor logicalNot() { return ElementwiseOps.logicalNot(this); }
    /** Where this and {@code other} (broadcast) are within atol + rtol·|other| of each other (torch.isclose); NaN is never close unless {@code equalNan}. */
    public Tensor isClose(Tensor other, double rtol, double atol, boolean equalNan) { return ElementwiseOps.isClose(this, other, rtol, atol, equalNan); }
    /** {@link #isClose(Tensor, double, double, boolean)} with PyTorch's defaults rtol 1e-5, atol 1e-8, equal_nan false. */
    public Tensor isClose(Tensor other) { return isClose(other, 1e-5, 1e-8, false); }
    /** Whether every element is close to {@code other}'s (torch.allclose): {@link #isClose} holds everywhere. */
    public boolean allClose(Tensor other, double rtol, double atol, boolean equalNan) {
        for (boolean c : isClose(other, rtol, atol, equalNan).toBooleanArray()) if (!c) return false;
        return true;
    }
    /** {@link #allClose(Tensor, double, double, boolean)} with PyTorch's defaults rtol 1e-5, atol 1e-8, equal_nan false. */
    public boolean allClose(Tensor other) { return allClose(other, 1e-5, 1e-8, false); }

    // ---------------------------------------------------------------- reductions (see Reductions)

    /** Sum of all elements (0-d). */
    public Tensor sum() { return Reductions.sum(this, null, false); }
    /** Sum over {@code dim}. */
    public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }
    /** Sum over {@code dims} (empty = all), keeping them as size 1 when {@code keepdim}. */
    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }
    /** Sum over {@code dim}, keeping it as size 1 when {@code keepdim}. */
    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[] {dim}, keepdim); }
    /** Sums a broadcast gradient back to {@code target} (the inverse of broadcasting). */
    public Tensor sumTo(int... target) { return Reductions.sumTo(this, target); }

    // region reductions
    /** Mean of all elements (0-d). */
    public Tensor mean() { return Reductions.mean(this, null, false); }

    /** Mean over dim. */
    public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }

    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[] {dim}, keepdim); }

    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }

    /** Product of all elements (0-d). */
    public Tensor prod() { return Reductions.prod(this, null, false); }

    public Tensor prod(int dim) { return Reductions.prod(this, new int[] {dim}, false); }

    public Tensor prod(int dim, boolean keepdim) { return Reductions.prod(this, new int[] {dim}, keepdim); }

    /** Largest element (0-d), torch.amax over all dims. */
    public Tensor amax() { return Reductions.amax(this, null, false); }

    public Tensor amax(int dim) { return Reductions.amax(this, new int[] {dim}, false); }

    public Tensor amax(int dim, boolean keepdim) { return Reductions.amax(this, new int[] {dim}, keepdim); }

    public Tensor amax(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim); }

    /** Smallest element (0-d), torch.amin over all dims. */
    public Tensor amin() { return Reductions.amin(this, null, false); }

    public Tensor amin(int dim) { return Reductions.amin(this, new int[] {dim}, false); }

    public Tensor amin(int dim, boolean keepdim) { return Reductions.amin(this, new int[] {dim}, keepdim); }

    public Tensor amin(int[] dims, boolean keepdim) { return Reductions.amin(this, dims, keepdim); }

    /** Largest element (0-d), torch.max(input). */
    public Tensor max() { return Reductions.amax(this, null, false); }

    /** Largest values over dim and their indices, torch.max(input, dim). */
    public ValuesIndices max(int dim) { return Reductions.max(this, dim, false); }

    public ValuesIndices max(int dim, boolean keepdim) { return Reductions.max(this, dim, keepdim); }

    /** Smallest element (0-d), torch.min(input). */
    public Tensor min() { return Reductions.amin(this, null, false); }

    /** Smallest values over dim and their indices, torch.min(input, dim). */
    public ValuesIndices min(int dim) { return Reductions.min(this, dim, false); }

    public ValuesIndices min(int dim, boolean keepdim) { return Reductions.min(this, dim, keepdim); }

    /** Index of the largest element of the flattened tensor (int64, 0-d). */
    public Tensor argmax() { return Reductions.argmax(this, null, false); }

    public Tensor argmax(int dim) { return Reductions.argmax(this, dim, false); }

    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argmax(this, dim, keepdim); }

    /** Index of the smallest element of the flattened tensor (int64, 0-d). */
    public Tensor argmin() { return Reductions.argmin(this, null, false); }

    public Tensor argmin(int dim) { return Reductions.argmin(this, dim, false); }

    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argmin(this, dim, keepdim); }

    /** Unbiased variance of all elements (0-d). */
    public Tensor var() { return Reductions.var(this, null, 1, false); }

    public Tensor var(boolean unbiased) { return Reductions.var(this, null, unbiased ? 1 : 0, false); }

    public Tensor var(int dim) { return Reductions.var(this, new int[] {dim}, 1, false); }

    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) {
        return Reductions.var(this, dims, unbiased ? 1 : 0, keepdim);
    }

    /** Variance with an explicit Bessel correction (PyTorch 2.x {@code correction=}). */
    public Tensor var(int[] dims, int correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim); }

    /** Unbiased standard deviation of all elements (0-d). */
    public Tensor std() { return Reductions.std(this, null, 1, false); }

    public Tensor std(boolean unbiased) { return Reductions.std(this, null, unbiased ? 1 : 0, false); }

    public Tensor std(int dim) { return Reductions.std(this, new int[] {dim}, 1, false); }

    public Tensor std(int[] dims, boolean unbiased, boolean keepdim) {
        return Reductions.std(this, dims, unbiased ? 1 : 0, keepdim);
    }

    public Tensor std(int[] dims, int correction, boolean keepdim) { return Reductions.std(this, dims, correction, keepdim); }

    /** log Σ exp over dim, stable. */
    public Tensor logsumexp(int dim) { return Reductions.logsumexp(this, new int[] {dim}, false); }

    public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[] {dim}, keepdim); }

    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }

    /** Euclidean norm of all elements (0-d). */
    public Tensor norm() { return Reductions.norm(this, 2f, null, false); }

    /** p-norm of all elements (p = 2 is also "fro"; ±∞ allowed). */
    public Tensor norm(float p) { return Reductions.norm(this, p, null, false); }

    public Tensor norm(float p, int dim) { return Reductions.norm(this, p, new int[] {dim}, false); }

    public Tensor norm(float p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }

    /** Running sum along dim. */
    public Tensor cumsum(int dim) { return Reductions.cumsum(this, dim); }

    /** softmax along dim. */
    public Tensor softmax(int dim) { return SoftmaxOps.softmax(this, dim); }

    /** log_softmax along dim. */
    public Tensor logSoftmax(int dim) { return SoftmaxOps.logSoftmax(this, dim); }
    // endregion reductions

    // ---------------------------------------------------------------- linear algebra (see LinearAlgebra)

    /** Matrix product with NumPy broadcasting rules (torch.matmul). */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }
    /** 2-d matrix product (torch.mm). */
    public Tensor mm(Tensor other) { return LinearAlgebra.mm(this, other); }
    /** Batched matrix product of 3-d tensors (torch.bmm). */
    public Tensor bmm(Tensor other) { return LinearAlgebra.bmm(this, other); }

    // region shape (helper-shape adds instance methods here)
    // ---------------------------------------------------------------- shape and index ops (see ShapeOps, IndexOps, Padding)

    /** Concatenates along {@code dim}; sizes must match elsewhere; 1-d empty tensors are skipped (torch.cat). */
    public static Tensor cat(Tensor[] tensors, int dim) { return ShapeOps.cat(tensors, dim); }
    /** Concatenates along dim 0 (torch.cat). */
    public static Tensor cat(Tensor... tensors) { return ShapeOps.cat(tensors, 0); }
    /** Stacks equally shaped tensors along a new dimension {@code dim} (torch.stack). */
    public static Tensor stack(Tensor[] tensors, int dim) { return ShapeOps.stack(tensors, dim); }
    /** Stacks equally shaped tensors along a new leading dimension (torch.stack). */
    public static Tensor stack(Tensor... tensors) { return ShapeOps.stack(tensors, 0); }
    /** Views of {@code splitSize} along {@code dim}, the last possibly smaller (torch.split). */
    public Tensor[] split(int splitSize, int dim) { return ShapeOps.split(this, splitSize, dim); }
    /** Views of {@code splitSize} along dim 0 (torch.split). */
    public Tensor[] split(int splitSize) { return ShapeOps.split(this, splitSize, 0); }
    /** Views of the given sizes along {@code dim}, which must sum to its size (torch.split with a list). */
    public Tensor[] split(int[] sections, int dim) { return ShapeOps.split(this, sections, dim); }
    /** At most {@code chunks} views of ceil(size/chunks) along {@code dim} (torch.chunk). */
    public Tensor[] chunk(int chunks, int dim) { return ShapeOps.chunk(this, chunks, dim); }
    /** At most {@code chunks} views along dim 0 (torch.chunk). */
    public Tensor[] chunk(int chunks) { return ShapeOps.chunk(this, chunks, 0); }
    /** The slices along {@code dim}, that dim removed, as views (torch.unbind). */
    public Tensor[] unbind(int dim) { return ShapeOps.unbind(this, dim); }
    /** The slices along dim 0 as views (torch.unbind). */
    public Tensor[] unbind() { return ShapeOps.unbind(this, 0); }
    /** Values picked along {@code dim} by an int64 index of the same rank (torch.gather). */
    public Tensor gather(int dim, Tensor index) { return IndexOps.gather(this, dim, index); }
    /** A copy with {@code src} added at the positions the index names along {@code dim} (torch.scatter_add). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return IndexOps.scatterAdd(this, dim, index, src); }
    /** The slices named by a 1-d int64 index along {@code dim} (torch.index_select). */
    public Tensor indexSelect(int dim, Tensor index) { return IndexOps.indexSelect(this, dim, index); }
    /** A copy with slices of {@code source} added at the index's slices along {@code dim} (torch.index_add). */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) { return IndexOps.indexAdd(this, dim, index, source); }
    /** A copy with {@code alpha·source} slices added at the index's slices along {@code dim} (torch.index_add). */
    public Tensor indexAdd(int dim, Tensor index, Tensor source, float alpha) { return IndexOps.indexAdd(this, dim, index, source, alpha); }
    /** {@code value} where the bool mask (broadcast) is true, else this (torch.masked_fill). */
    public Tensor maskedFill(Tensor mask, float value) { return IndexOps.maskedFill(this, mask, value); }
    /** Tiled {@code repeats[i]} times along each dim; extra repeats add leading dims (torch.Tensor.repeat). */
    public Tensor repeat(int... repeats) { return ShapeOps.repeat(this, repeats); }
    /** Reversed along {@code dims} (torch.flip). */
    public Tensor flip(int... dims) { return ShapeOps.flip(this, dims); }
    /** Rotated by {@code shifts[i]} along {@code dims[i]} (torch.roll). */
    public Tensor roll(int[] shifts, int[] dims) { return ShapeOps.roll(this, shifts, dims); }
    /** Rotated by {@code shift} along {@code dim} (torch.roll). */
    public Tensor roll(int shift, int dim) { return ShapeOps.roll(this, new int[] {shift}, new int[] {dim}); }
    /** The flattened tensor rotated by {@code shift}, shape restored (torch.roll without dims). */
    public Tensor roll(int shift) { return ShapeOps.roll(this, new int[] {shift}, new int[0]); }
    /** Lower triangle of the last two dims (torch.tril). */
    public Tensor tril() { return ShapeOps.tril(this, 0); }
    /** Elements on and below the {@code diagonal}-th diagonal of the last two dims (torch.tril). */
    public Tensor tril(int diagonal) { return ShapeOps.tril(this, diagonal); }
    /** Upper triangle of the last two dims (torch.triu). */
    public Tensor triu() { return ShapeOps.triu(this, 0); }
    /** Elements on and above the {@code diagonal}-th diagonal of the last two dims (torch.triu). */
    public Tensor triu(int diagonal) { return ShapeOps.triu(this, diagonal); }
    /** Zero padding by (left, right) pairs from the last dim backwards; negative amounts crop (F.pad). */
    public Tensor pad(int[] pad) { return Padding.pad(this, pad); }
    /** F.pad(input, pad, mode, value) with mode constant, reflect, replicate or circular. */
    public Tensor pad(int[] pad, String mode, float value) { return Padding.pad(this, pad, mode, value); }
    // endregion shape

    // ---------------------------------------------------------------- activations (see Activations)

    // region activations (helper-activations adds instance methods here)
    /** max(x, 0) (torch.relu). */
    public Tensor relu() { return Activations.relu(this); }
    /** min(max(x, 0), 6) (F.relu6). */
    public Tensor relu6() { return Activations.relu6(this); }
    /** x where x &gt; threshold, else value (F.threshold). */
    public Tensor threshold(double threshold, double value) { return Activations.threshold(this, threshold, value); }
    /** Clamped into [−1, 1] (F.hardtanh). */
    public Tensor hardtanh() { return Activations.hardtanh(this); }
    /** Clamped into [minVal, maxVal] (F.hardtanh). */
    public Tensor hardtanh(double minVal, double maxVal) { return Activations.hardtanh(this, minVal, maxVal); }
    /** x for x &gt; 0, else 0.01·x (F.leaky_relu). */
    public Tensor leakyRelu() { return Activations.leakyRelu(this); }
    /** x for x &gt; 0, else negativeSlope·x (F.leaky_relu). */
    public Tensor leakyRelu(double negativeSlope) { return Activations.leakyRelu(this, negativeSlope); }
    /** x for x &gt; 0, else weight·x with one weight or one per channel of dim 1 (torch.prelu). */
    public Tensor prelu(Tensor weight) { return Activations.prelu(this, weight); }
    /** x for x &gt; 0, else eˣ − 1 (F.elu). */
    public Tensor elu() { return Activations.elu(this); }
    /** x for x &gt; 0, else alpha·(eˣ − 1) (F.elu). */
    public Tensor elu(double alpha) { return Activations.elu(this, alpha); }
    /** Scaled elu with the self-normalizing constants (F.selu). */
    public Tensor selu() { return Activations.selu(this); }
    /** max(0, x) + min(0, e^x − 1) (F.celu). */
    public Tensor celu() { return Activations.celu(this); }
    /** max(0, x) + min(0, alpha·(e^(x/alpha) − 1)) (F.celu). */
    public Tensor celu(double alpha) { return Activations.celu(this, alpha); }
    /** x·Φ(x), the exact GELU (F.gelu). */
    public Tensor gelu() { return Activations.gelu(this); }
    /** GELU, exact ("none") or the tanh approximation ("tanh") (F.gelu). */
    public Tensor gelu(String approximate) { return Activations.gelu(this, approximate); }
    /** x·σ(x) (F.silu). */
    public Tensor silu() { return Activations.silu(this); }
    /** x·tanh(softplus(x)) (F.mish). */
    public Tensor mish() { return Activations.mish(this); }
    /** 1 / (1 + e^(−x)) (torch.sigmoid). */
    public Tensor sigmoid() { return Activations.sigmoid(this); }
    /** Hyperbolic tangent (torch.tanh). */
    public Tensor tanh() { return Activations.tanh(this); }
    /** x / (1 + |x|) (F.softsign). */
    public Tensor softsign() { return Activations.softsign(this); }
    /** log(1 + eˣ), linear above 20 (F.softplus). */
    public Tensor softplus() { return Activations.softplus(this); }
    /** log(1 + e^(beta·x)) / beta, linear where beta·x &gt; threshold (F.softplus). */
    public Tensor softplus(double beta, double threshold) { return Activations.softplus(this, beta, threshold); }
    /** log σ(x), computed stably (F.logsigmoid). */
    public Tensor logsigmoid() { return Activations.logsigmoid(this); }
    /** min(max(x + 3, 0), 6) / 6 (F.hardsigmoid). */
    public Tensor hardsigmoid() { return Activations.hardsigmoid(this); }
    /** x·hardsigmoid(x) (F.hardswish). */
    public Tensor hardswish() { return Activations.hardswish(this); }
    /** x where |x| &gt; 0.5, else 0 (F.hardshrink). */
    public Tensor hardshrink() { return Activations.hardshrink(this); }
    /** x where |x| &gt; lambd, else 0 (F.hardshrink). */
    public Tensor hardshrink(double lambd) { return Activations.hardshrink(this, lambd); }
    /** x shrunk toward 0 by 0.5, 0 inside [−0.5, 0.5] (F.softshrink). */
    public Tensor softshrink() { return Activations.softshrink(this); }
    /** x shrunk toward 0 by lambd, 0 inside [−lambd, lambd] (F.softshrink). */
    public Tensor softshrink(double lambd) { return Activations.softshrink(this, lambd); }
    /** x − tanh(x) (F.tanhshrink). */
    public Tensor tanhshrink() { return Activations.tanhshrink(this); }
    /** First half times σ(second half) along the last dim (F.glu). */
    public Tensor glu() { return Activations.glu(this); }
    /** First half times σ(second half) along {@code dim} (F.glu). */
    public Tensor glu(int dim) { return Activations.glu(this, dim); }
    // endregion activations

    // ---------------------------------------------------------------- printing

    @Override public String toString() { return TensorFormat.format(this); }

    /** Identity, as torch: two tensors are equal only when they are the same object. */
    @Override public final boolean equals(Object o) { return this == o; }

    @Override public final int hashCode() { return System.identityHashCode(this); }
}
