package dev.soma.tensor;

import dev.soma.autograd.GradMode;
import dev.soma.kernel.Strided;
import java.util.Arrays;

/**
 * The in-place writes behind {@link Tensor}'s trailing-underscore methods (copy_, fill_, add_, mul_, …): each
 * computes its result out of the graph and writes it through the target's strides, bumping the storage version;
 * refused while grad mode is on for a tensor that requires grad, as PyTorch refuses them on leaves.
 */
final class InPlace {
    private InPlace() {}

    private static void check(Tensor x, String op) {
        if (x.requiresGrad() && GradMode.isEnabled())
            throw new IllegalStateException((x.isLeaf() ? "a leaf Variable that requires grad is being used in an in-place operation ("
                    : "in-place operations on tensors that are part of a graph are not supported (") + op
                    + "); run it inside GradMode.noGrad() or use the out-of-place op");
    }

    /** Writes a contiguous result of x's shape into x's (possibly strided) elements. */
    private static void writeFrom(Tensor x, float[] src) {
        if (x.isContiguous()) System.arraycopy(src, 0, x.storage.data(), x.offset, src.length);
        else Strided.scatter(src, 0, x.shape, x.storage.data(), x.offset, x.strides);
        x.storage.bumpVersion();
    }

    static Tensor copy(Tensor x, Tensor src) {
        check(x, "copy_");
        Tensor b = src.expand(x.shape);
        float[] vals = new float[x.numel()];
        Strided.copy(b.storage.data(), b.offset, b.strides, x.shape, vals, 0);
        writeFrom(x, vals);
        return x;
    }

    static Tensor fill(Tensor x, float value) {
        check(x, "fill_");
        float[] vals = new float[x.numel()];
        Arrays.fill(vals, value);
        writeFrom(x, vals);
        return x;
    }

    /** x += other; allocates nothing when both are contiguous float tensors of one shape. */
    static Tensor add(Tensor x, Tensor other) {
        if (x.dtype == DType.FLOAT32 && other.dtype == DType.FLOAT32 && Arrays.equals(x.shape, other.shape) && x.isContiguous()
                && other.isContiguous() && (other.storage != x.storage || other.offset == x.offset)) {
            check(x, "add_");
            addInto(other.storage.data(), other.offset, x.storage.data(), x.offset, x.numel());
            x.storage.bumpVersion();
            return x;
        }
        return assign(x, "add_", ElementwiseOps.add(x.detach(), other.detach()));
    }

    // out[o+i] += x[xo+i] for i < n (gradient accumulation's loop; the JIT vectorises it).
    private static void addInto(float[] x, int xo, float[] out, int o, int n) {
        for (int i = 0; i < n; i++) out[o + i] += x[xo + i];
    }

    /** Checks that {@code result} (computed out of the graph) has x's shape and writes it into x. */
    static Tensor assign(Tensor x, String op, Tensor result) {
        check(x, op);
        if (!Arrays.equals(result.shape, x.shape))
            throw new IllegalArgumentException(op + ": output with shape " + Shape.str(x.shape)
                    + " doesn't match the broadcast shape " + Shape.str(result.shape));
        writeFrom(x, result.storage.data());
        return x;
    }
}
