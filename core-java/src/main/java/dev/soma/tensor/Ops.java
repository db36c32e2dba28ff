package dev.soma.tensor;

import dev.soma.kernel.BinaryOp;
import dev.soma.kernel.Elementwise;
import dev.soma.kernel.FloatBinaryOp;
import dev.soma.kernel.FloatTernaryOp;
import dev.soma.kernel.FloatUnaryOp;
import dev.soma.kernel.Strided;
import dev.soma.kernel.UnaryOp;

/** Forward plumbing shared by op families: broadcasting and strided iteration into a fresh contiguous result. */
final class Ops {
    private Ops() {}

    /** op over a and b broadcast together through the element kernels, as a new contiguous tensor of {@code type}. */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b, DType type) {
        int[] shape = Shape.broadcast(a.shape, b.shape);
        float[] out = BufferPool.take(Shape.numel(shape));
        Elementwise.binary(op, a.storage.data(), a.offset, Shape.broadcastStrides(a.shape, a.strides, shape),
                b.storage.data(), b.offset, Shape.broadcastStrides(b.shape, b.strides, shape),
                shape, out, 0, Shape.contiguousStrides(shape));
        return BufferPool.wrap(out, shape, type);
    }

    /** op(a, s) elementwise as a new contiguous tensor of {@code type}. */
    static Tensor binary(BinaryOp op, Tensor a, float s, DType type) {
        float[] out = BufferPool.take(a.numel());
        Elementwise.binary(op, a.storage.data(), a.offset, a.strides, new float[] {s}, 0, new int[a.shape.length],
                a.shape, out, 0, Shape.contiguousStrides(a.shape));
        return BufferPool.wrap(out, a.shape.clone(), type);
    }

    /** op(s, b) elementwise as a new contiguous tensor of {@code type}. */
    static Tensor binary(BinaryOp op, float s, Tensor b, DType type) {
        float[] out = BufferPool.take(b.numel());
        Elementwise.binary(op, new float[] {s}, 0, new int[b.shape.length], b.storage.data(), b.offset, b.strides,
                b.shape, out, 0, Shape.contiguousStrides(b.shape));
        return BufferPool.wrap(out, b.shape.clone(), type);
    }

    /** op(x) elementwise as a new contiguous tensor of {@code type}. */
    static Tensor unary(UnaryOp op, Tensor x, DType type) {
        float[] out = BufferPool.take(x.numel());
        Elementwise.unary(op, x.storage.data(), x.offset, x.strides, x.shape, out, 0, Shape.contiguousStrides(x.shape));
        return BufferPool.wrap(out, x.shape.clone(), type);
    }

    /** g·op'(x) (x the op's output where {@link UnaryOp#backwardFromOutput()}), as a new float tensor of g's shape. */
    static Tensor unaryBackward(UnaryOp op, Tensor x, Tensor g) {
        int[] shape = g.shape;
        float[] out = BufferPool.take(Shape.numel(shape));
        Elementwise.unaryBackward(op, x.storage.data(), x.offset, Shape.broadcastStrides(x.shape, x.strides, shape),
                g.storage.data(), g.offset, g.strides, shape, out, 0, Shape.contiguousStrides(shape));
        return BufferPool.wrap(out, shape.clone(), DType.FLOAT32);
    }

    /** f applied to each element of x, as a new contiguous tensor of {@code type}. */
    static Tensor map(Tensor x, DType type, FloatUnaryOp f) {
        float[] out = new float[x.numel()];
        Strided.map(f, x.storage.data(), x.offset, x.strides, x.shape, out);
        return Tensor.wrap(out, x.shape.clone(), type);
    }

    static Tensor map(Tensor x, FloatUnaryOp f) { return map(x, DType.FLOAT32, f); }

    /** f over a and b broadcast together, as a new contiguous tensor of {@code type}. */
    static Tensor map(Tensor a, Tensor b, DType type, FloatBinaryOp f) {
        int[] shape = Shape.broadcast(a.shape, b.shape);
        float[] out = new float[Shape.numel(shape)];
        Strided.map(f, a.storage.data(), a.offset, Shape.broadcastStrides(a.shape, a.strides, shape),
                b.storage.data(), b.offset, Shape.broadcastStrides(b.shape, b.strides, shape), shape, out);
        return Tensor.wrap(out, shape, type);
    }

    static Tensor map(Tensor a, Tensor b, FloatBinaryOp f) { return map(a, b, resultType(a, b), f); }

    /** f over a, b and c broadcast together, as a new contiguous float tensor of {@code type}. */
    static Tensor map(Tensor a, Tensor b, Tensor c, DType type, FloatTernaryOp f) {
        int[] shape = Shape.broadcast(Shape.broadcast(a.shape, b.shape), c.shape);
        float[] out = new float[Shape.numel(shape)];
        Strided.map(f, a.storage.data(), a.offset, Shape.broadcastStrides(a.shape, a.strides, shape),
                b.storage.data(), b.offset, Shape.broadcastStrides(b.shape, b.strides, shape),
                c.storage.data(), c.offset, Shape.broadcastStrides(c.shape, c.strides, shape), shape, out);
        return Tensor.wrap(out, shape, type);
    }

    /** t's values in row-major order from index 0: its own storage array when that is exactly it, else a copy (read only). */
    static float[] dense(Tensor t) {
        float[] d = t.storage.data();
        return t.offset == 0 && d.length == t.numel() && t.isContiguous() ? d : t.toFloatArray();
    }

    /** PyTorch's promotion for arithmetic: float wins; two bools stay bool; otherwise int64. */
    static DType resultType(Tensor a, Tensor b) {
        if (a.dtype == DType.FLOAT32 || b.dtype == DType.FLOAT32) return DType.FLOAT32;
        if (a.dtype == DType.BOOL && b.dtype == DType.BOOL) return DType.BOOL;
        return DType.INT64;
    }

    /** Fails unless x is a float tensor, naming the op. */
    static void requireFloat(String op, Tensor x) {
        if (x.dtype != DType.FLOAT32)
            throw new IllegalArgumentException(op + ": expected a float32 tensor, got " + x.dtype.torchName());
    }
}
