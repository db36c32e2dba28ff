package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.ConvGeometry;
import dev.soma.kernel.ConvolutionKernel;

/**
 * torch.nn.functional.conv1d/2d/3d and conv_transpose1d/2d/3d: the spatial rank comes from the weight (C_out, C_in/groups,
 * k…) or, transposed, (C_in, C_out/groups, k…). Inputs are batched (N, C, spatial…) or unbatched (C, spatial…). Size
 * arguments hold one value for every dim or one per dim. Geometry is checked here, with PyTorch's messages, so the
 * kernels only see valid shapes.
 */
public final class Convolution {
    private Convolution() {}

    /** Convolution with symmetric zero padding per dim. */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        String op = convName(w, false);
        int r = w.dim() - 2;
        int[] pad = Shape.perDim(op, "padding", padding, r, 0);
        return conv(op, x, w, bias, Shape.perDim(op, "stride", stride, r, 1), pad, pad, Shape.perDim(op, "dilation", dilation, r, 1),
                groups);
    }

    /**
     * Convolution with padding "valid" (none) or "same" (the output keeps the input's size: d·(k−1) in total per dim,
     * half before, the odd one after; only for stride 1).
     */
    public static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        String op = convName(w, false);
        int r = w.dim() - 2;
        int[] s = Shape.perDim(op, "stride", stride, r, 1), d = Shape.perDim(op, "dilation", dilation, r, 1);
        int[] before = new int[r], after = new int[r];
        if ("same".equals(padding)) {
            for (int v : s)
                if (v != 1) throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions");
            for (int i = 0; i < r; i++) {
                int total = d[i] * (w.shape[i + 2] - 1);
                before[i] = total / 2;
                after[i] = total - before[i];
            }
        } else if (!"valid".equals(padding)) {
            throw new IllegalArgumentException(op + ": Invalid padding string '" + padding + "', should be one of {'valid', 'same'}");
        }
        return conv(op, x, w, bias, s, before, after, d, groups);
    }

    /**
     * Transposed convolution (the input gradient of the convolution with these arguments): output size per dim
     * (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1.
     */
    public static Tensor convTranspose(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                       int groups, int[] dilation) {
        String op = convName(w, true);
        int r = w.dim() - 2;
        int[] s = Shape.perDim(op, "stride", stride, r, 1), p = Shape.perDim(op, "padding", padding, r, 0);
        int[] op_ = Shape.perDim(op, "output_padding", outputPadding, r, 0), d = Shape.perDim(op, "dilation", dilation, r, 1);
        Ops.requireFloat(op, x);
        Ops.requireFloat(op, w);
        boolean batched = x.dim() == r + 2;
        int[] outShape = batchedShape(transposeShape(op, x.shape, w.shape, s, p, op_, d, groups), batched);
        checkBias(op, bias, outShape[1]);
        Tensor xb = batched ? x : x.unsqueeze(0);
        int cIn = w.shape[0], cOut = outShape[1], n = xb.shape[0];
        int[] in = new int[r], k = new int[r], out = new int[r];
        for (int i = 0; i < r; i++) {
            in[i] = xb.shape[i + 2];
            k[i] = w.shape[i + 2];
            out[i] = outShape[i + 2];
        }
        // The adjoint convolution reads the transposed conv's output as its image and its input as its columns.
        ConvGeometry g = ConvGeometry.of(out, k, s, p, d, in);
        float[] xd = Ops.dense(xb.detach()), wd = Ops.dense(w.detach());
        float[] yd = BufferPool.take(Shape.numel(outShape));
        ConvolutionKernel.backwardInput(g, n, cOut, cIn, groups, xd, wd, yd);
        if (bias != null) addBias(yd, n, cOut, g.imageSize(), Ops.dense(bias.detach()));
        Tensor y = record(BufferPool.wrap(yd, outShape, DType.FLOAT32), xb, w, bias, xd.length, wd.length,
                (gd, dx) -> ConvolutionKernel.forward(g, n, cOut, cIn, groups, gd, wd, null, dx),
                (gd, dw) -> ConvolutionKernel.backwardWeight(g, n, cOut, cIn, groups, gd, xd, dw));
        return batched ? y : y.squeeze(0);
    }

    private static Tensor conv(String op, Tensor x, Tensor w, Tensor bias, int[] s, int[] before, int[] after, int[] d, int groups) {
        int r = w.dim() - 2;
        Ops.requireFloat(op, x);
        Ops.requireFloat(op, w);
        boolean batched = x.dim() == r + 2;
        int[] outShape = batchedShape(convShape(op, x.shape, w.shape, s, before, after, d, groups), batched);
        checkBias(op, bias, w.shape[0]);
        Tensor xb = batched ? x : x.unsqueeze(0);
        int cOut = w.shape[0], cIn = w.shape[1] * groups, n = xb.shape[0];
        int[] in = new int[r], k = new int[r], out = new int[r];
        for (int i = 0; i < r; i++) {
            in[i] = xb.shape[i + 2];
            k[i] = w.shape[i + 2];
            out[i] = outShape[i + 2];
        }
        ConvGeometry g = ConvGeometry.of(in, k, s, before, d, out);
        float[] xd = Ops.dense(xb.detach()), wd = Ops.dense(w.detach());
        float[] yd = BufferPool.take(Shape.numel(outShape));
        ConvolutionKernel.forward(g, n, cIn, cOut, groups, xd, wd, bias == null ? null : Ops.dense(bias.detach()), yd);
        Tensor y = record(BufferPool.wrap(yd, outShape, DType.FLOAT32), xb, w, bias, xd.length, wd.length,
                (gd, dx) -> ConvolutionKernel.backwardInput(g, n, cIn, cOut, groups, gd, wd, dx),
                (gd, dw) -> ConvolutionKernel.backwardWeight(g, n, cIn, cOut, groups, xd, gd, dw));
        return batched ? y : y.squeeze(0);
    }

    /** One gradient pass: the output gradient's values in, the whole gradient array (overwritten) out. */
    @FunctionalInterface
    private interface GradientPass { void run(float[] outputGrad, float[] grad); }

    // Attaches the backward node both convolutions share: input and weight gradients by their passes, bias summed.
    private static Tensor record(Tensor y, Tensor x, Tensor w, Tensor bias, int xSize, int wSize, GradientPass inputGrad,
                                 GradientPass weightGrad) {
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return Graph.record("ConvolutionBackward0", y, inputs, (gy, need) -> {
            float[] gd = Ops.dense(gy);
            Tensor dx = null, dw = null;
            if (need[0]) {
                float[] d = BufferPool.take(xSize);
                inputGrad.run(gd, d);
                dx = BufferPool.wrap(d, x.shape.clone(), DType.FLOAT32);
            }
            if (need[1]) {
                float[] d = new float[wSize];
                weightGrad.run(gd, d);
                dw = Tensor.wrap(d, w.shape.clone());
            }
            if (bias == null) return new Tensor[] {dx, dw};
            return new Tensor[] {dx, dw, need[2] ? biasGrad(gy) : null};
        }, inputs);
    }

    /**
     * The output shape of a convolution of an input shaped (N, C_in, in…) or (C_in, in…) with a weight shaped
     * (C_out, C_in/groups, k…), padded by {@code before} and {@code after} per dim; raises PyTorch's errors for
     * mismatched channels, groups and a kernel larger than the padded input. op names the caller in messages.
     */
    public static int[] convShape(String op, int[] x, int[] w, int[] stride, int[] before, int[] after, int[] dilation, int groups) {
        int r = w.length - 2;
        checkPositive(op, "stride", stride);
        checkPositive(op, "dilation", dilation);
        for (int i = 0; i < r; i++)
            if (before[i] < 0 || after[i] < 0)
                throw new IllegalArgumentException(op + ": negative padding is not supported, got " + Shape.str(before));
        boolean batched = checkInputRank(op, x, r);
        if (groups <= 0) throw new IllegalArgumentException(op + ": non-positive groups is not supported, got groups=" + groups);
        int cOut = w[0], cIn = w[1] * groups, c = x[batched ? 1 : 0];
        if (cOut % groups != 0)
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", expected weight to be divisible by " + groups
                    + " at dimension 0, but got weight of size " + Shape.str(w) + " instead");
        if (c != cIn)
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", weight of size " + Shape.str(w)
                    + ", expected input" + Shape.str(x) + " to have " + cIn + " channels, but got " + c + " channels instead");
        int lead = batched ? 2 : 1;
        int[] out = new int[lead + r], padded = new int[r], span = new int[r];
        if (batched) out[0] = x[0];
        out[lead - 1] = cOut;
        boolean tooLarge = false;
        for (int i = 0; i < r; i++) {
            padded[i] = x[lead + i] + before[i] + after[i];
            span[i] = dilation[i] * (w[i + 2] - 1) + 1;
            tooLarge |= span[i] > padded[i];
            out[lead + i] = (padded[i] - span[i]) / stride[i] + 1;
        }
        if (tooLarge)
            throw new IllegalArgumentException(op + ": Calculated padded input size per channel: " + tuple(padded) + ". Kernel size: "
                    + tuple(span) + ". Kernel size can't be greater than actual input size");
        return out;
    }

    /**
     * The output shape of a transposed convolution of an input shaped (N, C_in, in…) or (C_in, in…) with a weight
     * shaped (C_in, C_out/groups, k…): (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1 per dim.
     */
    public static int[] transposeShape(String op, int[] x, int[] w, int[] stride, int[] padding, int[] outputPadding,
                                       int[] dilation, int groups) {
        int r = w.length - 2;
        checkPositive(op, "stride", stride);
        checkPositive(op, "dilation", dilation);
        for (int i = 0; i < r; i++) {
            if (padding[i] < 0) throw new IllegalArgumentException(op + ": negative padding is not supported, got " + Shape.str(padding));
            if (outputPadding[i] < 0 || (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]))
                throw new IllegalArgumentException(op + ": output padding must be smaller than either stride or dilation, but got output_padding="
                        + Shape.str(outputPadding) + ", stride=" + Shape.str(stride) + ", dilation=" + Shape.str(dilation));
        }
        boolean batched = checkInputRank(op, x, r);
        if (groups <= 0) throw new IllegalArgumentException(op + ": non-positive groups is not supported, got groups=" + groups);
        int cIn = w[0], lead = batched ? 2 : 1;
        if (cIn % groups != 0)
            throw new IllegalArgumentException(op + ": Given groups=" + groups + ", expected weight to be divisible by " + groups
                    + " at dimension 0, but got weight of size " + Shape.str(w) + " instead");
        if (x[lead - 1] != cIn)
            throw new IllegalArgumentException(op + ": Given transposed=1, weight of size " + Shape.str(w) + ", expected input"
                    + Shape.str(x) + " to have " + cIn + " channels, but got " + x[lead - 1] + " channels instead");
        int[] out = new int[lead + r];
        if (batched) out[0] = x[0];
        out[lead - 1] = w[1] * groups;
        for (int i = 0; i < r; i++) {
            long o = (long) (x[lead + i] - 1) * stride[i] - 2L * padding[i] + (long) dilation[i] * (w[i + 2] - 1) + outputPadding[i] + 1;
            if (o <= 0 || o > Integer.MAX_VALUE)
                throw new IllegalArgumentException(op + ": Given input of size " + Shape.str(x) + ", the calculated output size " + o
                        + " at spatial dim " + i + " is too small (weight " + Shape.str(w) + ", stride " + Shape.str(stride)
                        + ", padding " + Shape.str(padding) + ")");
            out[lead + i] = (int) o;
        }
        return out;
    }

    // conv1d/2d/3d from a weight of rank 3–5.
    private static String convName(Tensor w, boolean transposed) {
        String base = transposed ? "conv_transpose" : "conv";
        if (w.dim() < 3 || w.dim() > 5)
            throw new IllegalArgumentException(base + ": expected a weight of 3, 4 or 5 dims (out, in/groups, kernel…), got shape "
                    + Shape.str(w.shape));
        return base + (w.dim() - 2) + "d";
    }

    // True when x is batched (N, C, spatial…), false when unbatched (C, spatial…).
    private static boolean checkInputRank(String op, int[] x, int r) {
        if (x.length != r + 1 && x.length != r + 2)
            throw new IllegalArgumentException(op + ": Expected " + (r + 1) + "D (unbatched) or " + (r + 2)
                    + "D (batched) input, but got input of size: " + Shape.str(x));
        return x.length == r + 2;
    }

    private static void checkBias(String op, Tensor bias, int cOut) {
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != cOut))
            throw new IllegalArgumentException(op + ": expected bias of shape [" + cOut + "], got " + Shape.str(bias.shape));
        if (bias != null) Ops.requireFloat(op, bias);
    }

    private static void checkPositive(String op, String what, int[] v) {
        for (int e : v)
            if (e <= 0) throw new IllegalArgumentException(op + ": non-positive " + what + " is not supported, got " + Shape.str(v));
    }

    // (C, …) as (1, C, …), the batch the kernels run.
    private static int[] batchedShape(int[] shape, boolean batched) {
        if (batched) return shape;
        int[] b = new int[shape.length + 1];
        b[0] = 1;
        System.arraycopy(shape, 0, b, 1, shape.length);
        return b;
    }

    private static String tuple(int[] v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? " x " : "").append(v[i]);
        return b.append(")").toString();
    }

    private static void addBias(float[] y, int n, int c, int plane, float[] bias) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < c; j++) {
                int o = (i * c + j) * plane;
                for (int q = 0; q < plane; q++) y[o + q] += bias[j];
            }
    }

    // Σ over samples and positions of each channel's gradient (the kernels' reduction, summed in double).
    private static Tensor biasGrad(Tensor gy) {
        int[] dims = new int[gy.dim() - 1];
        dims[0] = 0;
        for (int i = 1; i < dims.length; i++) dims[i] = i + 1;
        return Reductions.sum(gy.detach(), dims, false);
    }
}
