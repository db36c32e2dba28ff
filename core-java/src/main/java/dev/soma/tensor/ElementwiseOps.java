package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.BinaryOp;
import dev.soma.kernel.UnaryOp;

/**
 * Elementwise arithmetic and math with NumPy broadcasting; each op is its forward map and, beside it, the
 * backward rule (gradients summed back to each input's shape with {@link Tensor#sumTo}).
 */
public final class ElementwiseOps {
    private ElementwiseOps() {}

    /** a + b (for two bool tensors: logical or, as PyTorch). */
    public static Tensor add(Tensor a, Tensor b) {
        DType type = Ops.resultType(a, b);
        Tensor out = type == DType.BOOL ? Ops.map(a, b, type, (x, y) -> x != 0f || y != 0f ? 1f : 0f)
                : Ops.binary(BinaryOp.ADD, a, b, type);
        return Graph.record("AddBackward", out, new Tensor[] {a, b},
                (g, n) -> new Tensor[] {n[0] ? g.sumTo(a.shape) : null, n[1] ? g.sumTo(b.shape) : null});
    }

    /** a + alpha·b (torch.add with alpha). */
    public static Tensor add(Tensor a, Tensor b, float alpha) {
        if (alpha == 1f) return add(a, b);
        DType type = Ops.resultType(a, b);
        Tensor out = type == DType.BOOL ? Ops.map(a, b, type, (x, y) -> x != 0f || alpha * y != 0f ? 1f : 0f)
                : Ops.map(a, b, type, (x, y) -> x + alpha * y);
        return Graph.record("AddBackward", out, new Tensor[] {a, b},
                (g, n) -> new Tensor[] {n[0] ? g.sumTo(a.shape) : null, n[1] ? g.mul(alpha).sumTo(b.shape) : null});
    }

    /** a + value. */
    public static Tensor add(Tensor a, float value) {
        Tensor out = Ops.binary(BinaryOp.ADD, a, value, withScalars(a, value));
        return Graph.record("AddBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g});
    }

    /** a − value (refused for bool tensors, as PyTorch). */
    public static Tensor sub(Tensor a, float value) {
        refuseBool("Subtraction, the `-` operator,", a);
        return add(a, -value);
    }

    /** a / value, true division: always float, and exactly x / value rather than x · (1/value). */
    public static Tensor div(Tensor a, float value) {
        Tensor out = Ops.binary(BinaryOp.DIV, a, value, DType.FLOAT32);
        return Graph.record("DivBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.div(value)});
    }

    /** a − b (refused for bool tensors, as PyTorch). */
    public static Tensor sub(Tensor a, Tensor b) {
        refuseBool("Subtraction, the `-` operator,", a, b);
        Tensor out = Ops.binary(BinaryOp.SUB, a, b, Ops.resultType(a, b));
        return Graph.record("SubBackward", out, new Tensor[] {a, b},
                (g, n) -> new Tensor[] {n[0] ? g.sumTo(a.shape) : null, n[1] ? g.neg().sumTo(b.shape) : null});
    }

    /** value − a. */
    public static Tensor rsub(Tensor a, float value) {
        refuseBool("Subtraction, the `-` operator,", a);
        Tensor out = Ops.binary(BinaryOp.SUB, value, a, withScalars(a, value));
        return Graph.record("RsubBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.neg()});
    }

    /** a · b. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Ops.binary(BinaryOp.MUL, a, b, Ops.resultType(a, b));
        return Graph.record("MulBackward", out, new Tensor[] {a, b},
                (g, n) -> new Tensor[] {n[0] ? g.mul(b).sumTo(a.shape) : null, n[1] ? g.mul(a).sumTo(b.shape) : null},
                a, b);
    }

    /** a · value. */
    public static Tensor mul(Tensor a, float value) {
        Tensor out = Ops.binary(BinaryOp.MUL, a, value, withScalars(a, value));
        return Graph.record("MulBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.mul(value)});
    }

    /** a / b (true division: always float). */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = Ops.binary(BinaryOp.DIV, a, b, DType.FLOAT32);
        return Graph.record("DivBackward", out, new Tensor[] {a, b}, (g, n) -> new Tensor[] {
                n[0] ? g.div(b).sumTo(a.shape) : null,
                n[1] ? g.mul(a).div(b.square()).neg().sumTo(b.shape) : null}, a, b);
    }

    /** value / a. */
    public static Tensor rdiv(Tensor a, float value) {
        Tensor out = Ops.binary(BinaryOp.DIV, value, a, DType.FLOAT32);
        return Graph.record("DivBackward", out, new Tensor[] {a},
                (g, n) -> new Tensor[] {g.mul(a.square().rdiv(-value))}, a);
    }

    /** −a. */
    public static Tensor neg(Tensor a) {
        refuseBool("Negation, the `-` operator,", a);
        Tensor out = Ops.unary(UnaryOp.NEG, a, a.dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64);
        return Graph.record("NegBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.neg()});
    }

    /** e^a. */
    public static Tensor exp(Tensor a) {
        Tensor out = Ops.unary(UnaryOp.EXP, a, DType.FLOAT32);
        return Graph.record("ExpBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.mul(out)}, out);
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor a) {
        Tensor out = Ops.unary(UnaryOp.LOG, a, DType.FLOAT32);
        return Graph.record("LogBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.div(a)}, a);
    }

    /** log(1 + a), accurate near 0. */
    public static Tensor log1p(Tensor a) {
        Tensor out = Ops.map(a, x -> (float) Math.log1p(x));
        return Graph.record("Log1PBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.div(a.add(1f))}, a);
    }

    /** Square root. */
    public static Tensor sqrt(Tensor a) {
        Tensor out = Ops.unary(UnaryOp.SQRT, a, DType.FLOAT32);
        return Graph.record("SqrtBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.div(out.mul(2f))}, out);
    }

    /** 1 / √a. */
    public static Tensor rsqrt(Tensor a) {
        Tensor out = Ops.map(a, x -> (float) (1.0 / Math.sqrt(x)));
        // d/da a^-1/2 = -1/2 · a^-3/2 = -1/2 · out³
        return Graph.record("RsqrtBackward", out, new Tensor[] {a},
                (g, n) -> new Tensor[] {g.mul(out.pow(3f)).mul(-0.5f)}, out);
    }

    /** |a|; the gradient at 0 is 0, as PyTorch's. */
    public static Tensor abs(Tensor a) {
        Tensor out = Ops.unary(UnaryOp.ABS, a, a.dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64);
        return Graph.record("AbsBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.mul(a.sign())}, a);
    }

    /** a². */
    public static Tensor square(Tensor a) {
        Tensor out = Ops.unary(UnaryOp.SQUARE, a, a.dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64);
        return Graph.record("PowBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {g.mul(a).mul(2f)}, a);
    }

    /** 1 / a. */
    public static Tensor reciprocal(Tensor a) {
        Tensor out = Ops.unary(UnaryOp.RECIPROCAL, a, DType.FLOAT32);
        return Graph.record("ReciprocalBackward", out, new Tensor[] {a},
                (g, n) -> new Tensor[] {g.mul(out.square()).neg()}, out);
    }

    /** −1, 0 or 1 by the sign of each element; NaN and −0 give 0, as PyTorch's (not differentiable: zero gradient). */
    public static Tensor sign(Tensor a) {
        Tensor out = Ops.map(a, a.dtype, x -> x > 0f ? 1f : x < 0f ? -1f : 0f);
        return Graph.record("SignBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {Tensor.zeros(a.shape)});
    }

    /** a^exponent for a scalar exponent (an integer tensor stays int64 under a whole, non-negative exponent). */
    public static Tensor pow(Tensor a, float exponent) {
        DType type = withScalars(a, exponent);
        if (type == DType.INT64 && exponent < 0f)
            throw new IllegalArgumentException("pow: Integers to negative integer powers are not allowed (exponent " + exponent
                    + " on a " + a.dtype.torchName() + " tensor)");
        Tensor out;
        if (exponent == 2f) out = Ops.map(a, type, x -> x * x);
        else if (exponent == 1f) out = Ops.map(a, type, x -> x);
        else if (exponent == 0f) out = Ops.map(a, type, x -> 1f);
        else out = Ops.map(a, type, x -> (float) Math.pow(x, exponent));
        // d/da a^e = e · a^(e−1); the gradient of a^0 is 0 everywhere.
        return Graph.record("PowBackward", out, new Tensor[] {a}, (g, n) -> new Tensor[] {
                exponent == 0f ? Tensor.zeros(a.shape) : g.mul(a.pow(exponent - 1f)).mul(exponent)}, a);
    }

    /** a^b elementwise with broadcasting (int64 when neither is float, rounding toward zero as integer pow). */
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = a.dtype == DType.FLOAT32 || b.dtype == DType.FLOAT32
                ? Ops.map(a, b, DType.FLOAT32, (x, y) -> (float) Math.pow(x, y))
                : Ops.map(a, b, DType.INT64, (x, y) -> (float) (long) Math.pow(x, y));
        return Graph.record("PowBackward", out, new Tensor[] {a, b}, (g, n) -> new Tensor[] {
                n[0] ? g.mul(b.mul(Ops.map(a, b, DType.FLOAT32, (x, y) -> y == 0f ? 0f : (float) Math.pow(x, y - 1)))).sumTo(a.shape) : null,
                // d/db a^b = a^b · ln a, taken as 0 where a^b is 0 or where a = 0 and b ≥ 0 (0^0 = 1), as PyTorch does
                n[1] ? g.mul(Ops.map(out, a, b, DType.FLOAT32,
                        (o, x, y) -> o == 0f || (x == 0f && y >= 0f) ? 0f : (float) (o * Math.log(x)))).sumTo(b.shape) : null},
                a, b, out);
    }

    /** Clamps into [min, max] (either may be infinite); gradient passes where min ≤ a ≤ max. */
    public static Tensor clamp(Tensor a, float min, float max) {
        // An infinite bound stands for an absent one (clampMin, clampMax), so it does not make an integer result float.
        DType type = withScalars(a, Float.isInfinite(min) ? 0f : min, Float.isInfinite(max) ? 0f : max);
        Tensor out = Ops.map(a, type, x -> Float.isNaN(x) ? x : Math.min(Math.max(x, min), max));
        return Graph.record("ClampBackward", out, new Tensor[] {a},
                (g, n) -> new Tensor[] {g.mul(Ops.map(a, x -> x >= min && x <= max ? 1f : 0f))}, a);
    }

    /** Elementwise maximum; on ties the gradient is split evenly and a NaN passes it to both sides, as PyTorch does. */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = Ops.binary(BinaryOp.MAX, a, b, Ops.resultType(a, b));
        return Graph.record("MaximumBackward", out, new Tensor[] {a, b}, (g, n) -> new Tensor[] {
                n[0] ? g.mul(Ops.map(a, b, DType.FLOAT32, (x, y) -> x < y ? 0f : x == y ? 0.5f : 1f)).sumTo(a.shape) : null,
                n[1] ? g.mul(Ops.map(a, b, DType.FLOAT32, (x, y) -> x > y ? 0f : x == y ? 0.5f : 1f)).sumTo(b.shape) : null},
                a, b);
    }

    /** Elementwise minimum; on ties the gradient is split evenly and a NaN passes it to both sides. */
    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = Ops.binary(BinaryOp.MIN, a, b, Ops.resultType(a, b));
        return Graph.record("MinimumBackward", out, new Tensor[] {a, b}, (g, n) -> new Tensor[] {
                n[0] ? g.mul(Ops.map(a, b, DType.FLOAT32, (x, y) -> x > y ? 0f : x == y ? 0.5f : 1f)).sumTo(a.shape) : null,
                n[1] ? g.mul(Ops.map(a, b, DType.FLOAT32, (x, y) -> x < y ? 0f : x == y ? 0.5f : 1f)).sumTo(b.shape) : null},
                a, b);
    }

    /** input where condition is true, else other; condition must be a bool tensor. */
    public static Tensor where(Tensor condition, Tensor input, Tensor other) {
        if (condition.dtype != DType.BOOL)
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + condition.dtype.torchName());
        DType type = Ops.resultType(input, other);
        Tensor out = Ops.map(condition, input, other, type, (c, x, y) -> c != 0f ? x : y);
        return Graph.record("WhereBackward", out, new Tensor[] {input, other}, (g, n) -> new Tensor[] {
                n[0] ? where(condition, g, Tensor.scalar(0f)).sumTo(input.shape) : null,
                n[1] ? where(condition, Tensor.scalar(0f), g).sumTo(other.shape) : null}, condition);
    }

    /** Comparison kinds for {@link #compare}. */
    public enum Cmp { EQ, NE, GT, GE, LT, LE }

    /** Elementwise comparison giving a bool tensor (not differentiable). */
    public static Tensor compare(Tensor a, Tensor b, Cmp cmp) {
        return switch (cmp) {
            case EQ -> Ops.map(a, b, DType.BOOL, (x, y) -> x == y ? 1f : 0f);
            case NE -> Ops.map(a, b, DType.BOOL, (x, y) -> x != y ? 1f : 0f);
            case GT -> Ops.map(a, b, DType.BOOL, (x, y) -> x > y ? 1f : 0f);
            case GE -> Ops.map(a, b, DType.BOOL, (x, y) -> x >= y ? 1f : 0f);
            case LT -> Ops.map(a, b, DType.BOOL, (x, y) -> x < y ? 1f : 0f);
            case LE -> Ops.map(a, b, DType.BOOL, (x, y) -> x <= y ? 1f : 0f);
        };
    }

    /**
     * Whether a and b (broadcast together) are close: a == b, or both NaN when {@code equalNan}, or a finite
     * |a − b| ≤ atol + |rtol·b|, computed in float32 as torch.isclose does for float tensors (asymmetric in b).
     */
    public static Tensor isClose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        if (rtol < 0) throw new IllegalArgumentException("isclose: rtol must be greater than or equal to zero, but got " + rtol);
        if (atol < 0) throw new IllegalArgumentException("isclose: atol must be greater than or equal to zero, but got " + atol);
        if (a.dtype != b.dtype)
            throw new IllegalArgumentException("isclose: expected both tensors to have the same dtype, but got "
                    + a.dtype.torchName() + " and " + b.dtype.torchName());
        float r = (float) rtol, t = (float) atol;
        return Ops.map(a, b, DType.BOOL, (x, y) -> {
            if (x == y || equalNan && Float.isNaN(x) && Float.isNaN(y)) return 1f;
            float error = Math.abs(x - y);
            return Float.isFinite(error) && error <= t + Math.abs(r * y) ? 1f : 0f;
        });
    }

    /**
     * PyTorch's type for a tensor combined with scalars: a float tensor stays float; an int64 or bool tensor gives
     * int64, or float32 when a scalar is not a whole number (Java cannot tell 2 from 2.0, so a whole float counts as int).
     */
    private static DType withScalars(Tensor a, float... values) {
        if (a.dtype == DType.FLOAT32) return DType.FLOAT32;
        for (float v : values) if (Float.isInfinite(v) || v != Math.rint(v)) return DType.FLOAT32;
        return DType.INT64;
    }

    /** Fails for bool operands of subtraction and negation, with PyTorch's advice. */
    private static void refuseBool(String what, Tensor... operands) {
        for (Tensor t : operands)
            if (t.dtype == DType.BOOL)
                throw new IllegalArgumentException(what + " with a bool tensor is not supported; to invert a mask use "
                        + "logicalNot() instead");
    }

    /** Logical not (nonzero = true) as a bool tensor. */
    public static Tensor logicalNot(Tensor a) { return Ops.map(a, DType.BOOL, x -> x == 0f ? 1f : 0f); }
}
