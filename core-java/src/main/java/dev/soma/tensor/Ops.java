package dev.soma.tensor;

import dev.soma.kernel.FloatBinaryOp;
import dev.soma.kernel.FloatTernaryOp;
import dev.soma.kernel.FloatUnaryOp;
import dev.soma.kernel.Strided;

/** Forward plumbing shared by op families: broadcasting and strided iteration into a fresh contiguous result. */
final class Ops {
    private Ops() {}

    /** f applied to each element of x, as a new contiguous tensor of {@code type}. */
    static Tensor map(Tensor x, DType type, FloatUnaryOp f) {
        float[] out = new float[x.numel()];
        Strided.map(f, x.storage.data, x.offset, x.strides, x.shape, out);
        return Tensor.wrap(out, x.shape.clone(), type);
    }

    static Tensor map(Tensor x, FloatUnaryOp f) { return map(x, DType.FLOAT32, f); }

    /** f over a and b broadcast together, as a new contiguous tensor of {@code type}. */
    static Tensor map(Tensor a, Tensor b, DType type, FloatBinaryOp f) {
        int[] shape = Shape.broadcast(a.shape, b.shape);
        float[] out = new float[Shape.numel(shape)];
        Strided.map(f, a.storage.data, a.offset, Shape.broadcastStrides(a.shape, a.strides, shape),
                b.storage.data, b.offset, Shape.broadcastStrides(b.shape, b.strides, shape), shape, out);
        return Tensor.wrap(out, shape, type);
    }

    static Tensor map(Tensor a, Tensor b, FloatBinaryOp f) { return map(a, b, resultType(a, b), f); }

    /** f over a, b and c broadcast together, as a new contiguous float tensor of {@code type}. */
    static Tensor map(Tensor a, Tensor b, Tensor c, DType type, FloatTernaryOp f) {
        int[] shape = Shape.broadcast(Shape.broadcast(a.shape, b.shape), c.shape);
        float[] out = new float[Shape.numel(shape)];
        Strided.map(f, a.storage.data, a.offset, Shape.broadcastStrides(a.shape, a.strides, shape),
                b.storage.data, b.offset, Shape.broadcastStrides(b.shape, b.strides, shape),
                c.storage.data, c.offset, Shape.broadcastStrides(c.shape, c.strides, shape), shape, out);
        return Tensor.wrap(out, shape, type);
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
