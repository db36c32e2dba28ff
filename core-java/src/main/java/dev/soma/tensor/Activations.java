package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.FloatBinaryOp;
import dev.soma.kernel.FloatUnaryOp;
import dev.soma.kernel.UnaryOp;

/**
 * The activation functions of torch.nn.functional: each is its forward map and, beside it, the backward rule,
 * with PyTorch's gradients at the kinks (relu'(0) = 0; clamping ops pass gradient only strictly inside their
 * bounds). Values are evaluated in double and rounded once. Reached through Tensor's methods and nn.Functional.
 */
final class Activations {
    private Activations() {}

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;

    /** out = f(x) as {@code type}; the backward rule maps (g, x) to dL/dx with {@code df}. */
    private static Tensor pointwise(String node, Tensor x, DType type, FloatUnaryOp f, FloatBinaryOp df) {
        Tensor out = Ops.map(x, type, f);
        return Graph.record(node, out, new Tensor[] {x}, (g, n) -> new Tensor[] {Ops.map(g, x, DType.FLOAT32, df)}, x);
    }

    /** out = op(x) as {@code type} through the element kernels, with the kernel's backward (from x, or from out). */
    private static Tensor kernelPointwise(String node, UnaryOp op, Tensor x, DType type) {
        Tensor out = Ops.unary(op, x, type);
        Tensor saved = op.backwardFromOutput() ? out : x;
        return Graph.record(node, out, new Tensor[] {x}, (g, n) -> new Tensor[] {Ops.unaryBackward(op, saved, g)}, saved);
    }

    /** A pointwise op defined only for float tensors, as most of PyTorch's activation kernels are. */
    private static Tensor floatPointwise(String op, String node, Tensor x, FloatUnaryOp f, FloatBinaryOp df) {
        Ops.requireFloat(op, x);
        return pointwise(node, x, DType.FLOAT32, f, df);
    }

    /** Fails for bool tensors: clamping ops accept float and integer tensors. */
    private static void requireNumeric(String op, Tensor x) {
        if (x.dtype == DType.BOOL) throw new IllegalArgumentException(op + ": expected a float32 or int64 tensor, got bool");
    }

    private static double sigmoid(double v) { return 1 / (1 + Math.exp(-v)); }

    // ---------------------------------------------------------------- rectifiers and clamps

    /** max(x, 0) (F.relu); the gradient at 0 is 0. Integer tensors keep their dtype. */
    public static Tensor relu(Tensor x) {
        requireNumeric("relu", x);
        return kernelPointwise("ReluBackward", UnaryOp.RELU, x, x.dtype);
    }

    /** min(max(x, 0), 6) (F.relu6); the gradient is 0 at 0 and at 6. */
    public static Tensor relu6(Tensor x) { return hardtanh(x, 0, 6); }

    /** x where x &gt; threshold, else value (F.threshold); integer tensors keep their dtype. */
    public static Tensor threshold(Tensor x, double threshold, double value) {
        requireNumeric("threshold", x);
        float t = (float) threshold, fill = x.dtype == DType.INT64 ? (long) value : (float) value;
        return pointwise("ThresholdBackward", x, x.dtype, v -> v <= t ? fill : v, (g, v) -> v <= t ? 0f : g);
    }

    /** x clamped into [minVal, maxVal] (F.hardtanh, defaults −1 and 1); gradient only strictly inside the bounds. */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        requireNumeric("hardtanh", x);
        // Integer inputs take integer bounds (truncated), as PyTorch does, so the result stays integral.
        boolean integral = x.dtype == DType.INT64;
        float lo = integral ? (long) minVal : (float) minVal, hi = integral ? (long) maxVal : (float) maxVal;
        return pointwise("HardtanhBackward", x, x.dtype, v -> Math.min(Math.max(v, lo), hi),
                (g, v) -> v <= lo || v >= hi ? 0f : g);
    }

    /** hardtanh with bounds −1 and 1. */
    public static Tensor hardtanh(Tensor x) { return hardtanh(x, -1, 1); }

    /** x for x &gt; 0, else negativeSlope·x (F.leaky_relu); the gradient at 0 is negativeSlope. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        float s = (float) negativeSlope;
        return floatPointwise("leaky_relu", "LeakyReluBackward", x, v -> v > 0 ? v : v * s, (g, v) -> v > 0 ? g : g * s);
    }

    /** leakyRelu with negativeSlope 0.01. */
    public static Tensor leakyRelu(Tensor x) { return leakyRelu(x, 0.01); }

    /**
     * x for x &gt; 0, else weight·x with weight of 1 element or one per channel (dim 1 of the input; inputs below 2-d
     * have one channel) (F.prelu). Gradients flow to both input and weight.
     */
    public static Tensor prelu(Tensor input, Tensor weight) {
        Ops.requireFloat("prelu", input);
        Ops.requireFloat("prelu", weight);
        if (weight.dim() > 1)
            throw new IllegalArgumentException("prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = " + weight.dim());
        int w = weight.numel();
        int[] wShape = new int[0];    // the weight laid out to broadcast along dim 1
        if (w != 1) {
            if (input.dim() == 0)
                throw new IllegalArgumentException("prelu: Not allow zero-dim input tensor with a weight of " + w + " elements");
            int channels = input.dim() > 1 ? input.shape[1] : 1;
            if (channels != w)
                throw new IllegalArgumentException("prelu: Mismatch of parameter numbers and input channel size. Found parameter "
                        + "numbers = " + w + " and channel size = " + channels + " (input shape " + Shape.str(input.shape) + ")");
            wShape = new int[input.dim() - 1];
            java.util.Arrays.fill(wShape, 1);
            wShape[0] = w;
        }
        int[] ws = wShape;
        Tensor wb = weight.detach().reshape(ws);
        Tensor out = Ops.map(input, wb, DType.FLOAT32, (v, a) -> v > 0 ? v : a * v);
        return Graph.record("PreluBackward", out, new Tensor[] {input, weight}, (g, n) -> new Tensor[] {
                n[0] ? Ops.map(g, input, wb, DType.FLOAT32, (gv, v, a) -> v > 0 ? gv : a * gv) : null,
                n[1] ? Ops.map(g, input, DType.FLOAT32, (gv, v) -> v > 0 ? 0f : v * gv).sumTo(ws).reshape(weight.shape) : null},
                input, weight);
    }

    // ---------------------------------------------------------------- exponential units

    /** scale·(x for x &gt; 0, else alpha·(e^(inputScale·x) − 1)): PyTorch's one kernel under elu, selu and celu. */
    private static Tensor eluFamily(String op, String node, Tensor x, double alpha, double scale, double inputScale) {
        double negCoef = alpha * scale;
        return floatPointwise(op, node, x,
                v -> (float) (v > 0 ? v * scale : negCoef * Math.expm1(v * inputScale)),
                (g, v) -> (float) (v > 0 ? g * scale : g * negCoef * inputScale * Math.exp(v * inputScale)));
    }

    /** x for x &gt; 0, else alpha·(eˣ − 1) (F.elu); the gradient at 0 is alpha. */
    public static Tensor elu(Tensor x, double alpha) { return eluFamily("elu", "EluBackward", x, alpha, 1, 1); }

    /** elu with alpha 1. */
    public static Tensor elu(Tensor x) { return elu(x, 1); }

    /** scale·elu(x, alpha) with the self-normalizing constants α ≈ 1.6733, scale ≈ 1.0507 (F.selu). */
    public static Tensor selu(Tensor x) { return eluFamily("selu", "EluBackward", x, SELU_ALPHA, SELU_SCALE, 1); }

    /** max(0, x) + min(0, alpha·(e^(x/alpha) − 1)) (F.celu); alpha must be nonzero. */
    public static Tensor celu(Tensor x, double alpha) {
        if (alpha == 0) throw new IllegalArgumentException("celu: alpha cannot be 0");
        return eluFamily("celu", "CeluBackward", x, alpha, 1, 1 / alpha);
    }

    /** celu with alpha 1. */
    public static Tensor celu(Tensor x) { return celu(x, 1); }

    // ---------------------------------------------------------------- smooth gates

    /**
     * x·Φ(x) with Φ the standard normal CDF (F.gelu, approximate "none"), or with approximate "tanh"
     * 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715x³))).
     */
    public static Tensor gelu(Tensor x, String approximate) {
        if ("none".equals(approximate))
        {
            Ops.requireFloat("gelu", x);
            return kernelPointwise("GeluBackward", UnaryOp.GELU, x, DType.FLOAT32);
        }
        if ("tanh".equals(approximate))
            return floatPointwise("gelu", "GeluBackward", x, v -> {
                double t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v));
                return (float) (0.5 * v * (1 + t));
            }, (g, v) -> {
                double t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v));
                double dInner = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * v * v);
                return (float) (g * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * dInner));
            });
        throw new IllegalArgumentException("gelu: approximate argument must be either none or tanh, got '" + approximate + "'");
    }

    /** The exact gelu (approximate "none"). */
    public static Tensor gelu(Tensor x) { return gelu(x, "none"); }

    /** x·σ(x) (F.silu, also called swish). */
    public static Tensor silu(Tensor x) {
        return floatPointwise("silu", "SiluBackward", x, v -> (float) (v * sigmoid(v)), (g, v) -> {
            double s = sigmoid(v);
            return (float) (g * s * (1 + v * (1 - s)));
        });
    }

    /** x·tanh(softplus(x)) (F.mish). */
    public static Tensor mish(Tensor x) {
        return floatPointwise("mish", "MishBackward", x, v -> (float) (v * Math.tanh(Math.log1p(Math.exp(v)))), (g, v) -> {
            double t = Math.tanh(Math.log1p(Math.exp(v)));
            return (float) (g * (t + v * sigmoid(v) * (1 - t * t)));
        });
    }

    /** 1 / (1 + e^(−x)) (torch.sigmoid); integer inputs give float. */
    public static Tensor sigmoid(Tensor x) {
        return kernelPointwise("SigmoidBackward", UnaryOp.SIGMOID, x, DType.FLOAT32);
    }

    /** Hyperbolic tangent (torch.tanh); integer inputs give float. */
    public static Tensor tanh(Tensor x) {
        return kernelPointwise("TanhBackward", UnaryOp.TANH, x, DType.FLOAT32);
    }

    /** x / (1 + |x|) (F.softsign); integer inputs give float. */
    public static Tensor softsign(Tensor x) {
        return pointwise("SoftsignBackward", x, DType.FLOAT32, v -> (float) (v / (1.0 + Math.abs(v))), (g, v) -> {
            double d = 1 + Math.abs(v);
            return (float) (g / (d * d));
        });
    }

    /**
     * log(1 + e^(beta·x)) / beta (F.softplus, defaults beta 1, threshold 20), and x itself where beta·x &gt; threshold
     * for numerical stability.
     */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return floatPointwise("softplus", "SoftplusBackward", x, v -> {
            double z = v * beta;
            return z > threshold ? v : (float) ((Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / beta);
        }, (g, v) -> {
            double z = v * beta;
            return z > threshold ? g : (float) (g * sigmoid(z));
        });
    }

    /** softplus with threshold 20. */
    public static Tensor softplus(Tensor x, double beta) { return softplus(x, beta, 20); }

    /** softplus with beta 1 and threshold 20. */
    public static Tensor softplus(Tensor x) { return softplus(x, 1, 20); }

    /** log σ(x) = min(0, x) − log1p(e^(−|x|)) (F.logsigmoid), finite for every finite x. */
    public static Tensor logsigmoid(Tensor x) {
        return floatPointwise("logsigmoid", "LogSigmoidBackward", x,
                v -> (float) (Math.min(v, 0.0) - Math.log1p(Math.exp(-Math.abs(v)))), (g, v) -> {
                    double z = Math.exp(-Math.abs(v));    // d/dx log σ(x) = σ(−x)
                    return (float) (g * (v < 0 ? 1 / (1 + z) : z / (1 + z)));
                });
    }

    /** min(max(x + 3, 0), 6) / 6 (F.hardsigmoid); gradient 1/6 strictly between −3 and 3. */
    public static Tensor hardsigmoid(Tensor x) {
        return floatPointwise("hardsigmoid", "HardsigmoidBackward", x, v -> Math.min(Math.max(v + 3f, 0f), 6f) / 6f,
                (g, v) -> v > -3f && v < 3f ? g / 6f : 0f);
    }

    /** x·min(max(x + 3, 0), 6) / 6 (F.hardswish); gradient x/3 + 1/2 on [−3, 3], 0 below, 1 above. */
    public static Tensor hardswish(Tensor x) {
        // At x = 3 this is PyTorch's scalar and CUDA rule (gradient 1.5); its vectorized CPU path gives 1 there.
        return floatPointwise("hardswish", "HardswishBackward", x, v -> v * Math.min(Math.max(v + 3f, 0f), 6f) / 6f,
                (g, v) -> v < -3f ? 0f : v <= 3f ? g * (v / 3f + 0.5f) : g);
    }

    // ---------------------------------------------------------------- shrinkage

    /** x where |x| &gt; lambd, else 0 (F.hardshrink, lambd 0.5). */
    public static Tensor hardshrink(Tensor x, double lambd) {
        float l = (float) lambd;
        return floatPointwise("hardshrink", "HardshrinkBackward", x, v -> v >= -l && v <= l ? 0f : v,
                (g, v) -> v >= -l && v <= l ? 0f : g);
    }

    /** hardshrink with lambd 0.5. */
    public static Tensor hardshrink(Tensor x) { return hardshrink(x, 0.5); }

    /** x − lambd above lambd, x + lambd below −lambd, else 0 (F.softshrink, lambd 0.5 ≥ 0). */
    public static Tensor softshrink(Tensor x, double lambd) {
        if (!(lambd >= 0)) throw new IllegalArgumentException("softshrink: lambda must be greater or equal to 0, but found to be " + lambd);
        float l = (float) lambd;
        return floatPointwise("softshrink", "SoftshrinkBackward", x, v -> v > l ? v - l : v < -l ? v + l : 0f,
                (g, v) -> v >= -l && v <= l ? 0f : g);
    }

    /** softshrink with lambd 0.5. */
    public static Tensor softshrink(Tensor x) { return softshrink(x, 0.5); }

    /** x − tanh(x) (F.tanhshrink). */
    public static Tensor tanhshrink(Tensor x) {
        return floatPointwise("tanhshrink", "TanhshrinkBackward", x, v -> (float) (v - Math.tanh(v)), (g, v) -> {
            double t = Math.tanh(v);
            return (float) (g * t * t);
        });
    }

    // ---------------------------------------------------------------- gated

    /** a·σ(b) where a, b are the first and second halves of input along {@code dim}, which must be even (F.glu). */
    public static Tensor glu(Tensor input, int dim) {
        Ops.requireFloat("glu", input);
        if (input.dim() == 0) throw new IllegalArgumentException("glu does not support scalars because halving size must be even");
        int d = Shape.wrapDim(dim, input.dim()), size = input.shape[d], h = size / 2;
        if (size % 2 != 0)
            throw new IllegalArgumentException("glu: Halving dimension must be even, but dimension " + d + " is size " + size);
        Tensor a = input.detach().narrow(d, 0, h), b = input.detach().narrow(d, h, h);
        Tensor out = Ops.map(a, b, DType.FLOAT32, (av, bv) -> (float) (av * sigmoid(bv)));
        return Graph.record("GluBackward", out, new Tensor[] {input}, (g, n) -> {
            Tensor grad = Tensor.zeros(input.shape);
            grad.narrow(d, 0, h).copy_(Ops.map(g, b, DType.FLOAT32, (gv, bv) -> (float) (gv * sigmoid(bv))));
            grad.narrow(d, h, h).copy_(Ops.map(g, a, b, DType.FLOAT32, (gv, av, bv) -> {
                double s = sigmoid(bv);
                return (float) (gv * av * s * (1 - s));
            }));
            return new Tensor[] {grad};
        }, input);
    }

    /** glu over the last dimension. */
    public static Tensor glu(Tensor input) { return glu(input, -1); }
}
