package dev.soma.nn;

import dev.soma.nn.init.Init;
import dev.soma.tensor.Convolution;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Padding;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * What Conv1d/2d/3d and ConvTranspose1d/2d/3d share (PyTorch's _ConvNd): arguments, checks, weight and bias, shape
 * rule, MAC count and config. The weight is (C_out, C_in/groups, k…), transposed (C_in, C_out/groups, k…); both are
 * initialised as PyTorch's, kaiming-uniform(a = √5) and a bias of U(±1/√fan_in).
 */
public abstract class ConvNd extends Module {
    public final int inChannels, outChannels, groups;
    public final int[] kernelSize, stride, dilation, outputPadding;
    public final IntsOrString padding;
    public final String paddingMode;
    public final boolean transposed;
    public final Parameter weight, bias;                 // bias may be null
    private final int rank;
    private final int[] padBefore, padAfter;              // padding resolved per dim ("same" may be uneven)

    ConvNd(int rank, boolean transposed, int inChannels, int outChannels, int[] kernelSize, int[] stride, IntsOrString padding,
           int[] dilation, int groups, boolean bias, String paddingMode, int[] outputPadding, Generator g) {
        String name = (transposed ? "ConvTranspose" : "Conv") + rank + "d";
        this.rank = rank;
        this.transposed = transposed;
        if (inChannels <= 0 || outChannels <= 0)
            throw new IllegalArgumentException(name + ": in_channels and out_channels must be positive, got " + inChannels + " and " + outChannels);
        if (groups <= 0) throw new IllegalArgumentException(name + ": groups must be a positive integer, got " + groups);
        if (inChannels % groups != 0) throw new IllegalArgumentException(name + ": in_channels must be divisible by groups (in_channels="
                + inChannels + ", groups=" + groups + ")");
        if (outChannels % groups != 0) throw new IllegalArgumentException(name + ": out_channels must be divisible by groups (out_channels="
                + outChannels + ", groups=" + groups + ")");
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.kernelSize = positive(name, "kernel_size", Shape.perDim(name, "kernel_size", kernelSize, rank));
        this.stride = positive(name, "stride", Shape.perDim(name, "stride", stride, rank));
        this.dilation = positive(name, "dilation", Shape.perDim(name, "dilation", dilation, rank));
        this.padding = padding == null ? IntsOrString.of(0) : padding;
        this.paddingMode = paddingMode == null ? "zeros" : paddingMode;
        if (!Arrays.asList("zeros", "reflect", "replicate", "circular").contains(this.paddingMode))
            throw new IllegalArgumentException(name + ": padding_mode must be one of zeros, reflect, replicate or circular, got '"
                    + this.paddingMode + "'");
        if (transposed && !this.paddingMode.equals("zeros"))
            throw new IllegalArgumentException(name + ": only \"zeros\" padding mode is supported, got '" + this.paddingMode + "'");
        padBefore = new int[rank];
        padAfter = new int[rank];
        if (this.padding.isString()) {
            String p = this.padding.string();
            if (transposed) throw new IllegalArgumentException(name + ": padding must be an int or a tuple of ints, got '" + p + "'");
            if (p.equals("same")) {
                for (int s : this.stride)
                    if (s != 1) throw new IllegalArgumentException(name + ": padding='same' is not supported for strided convolutions");
                for (int i = 0; i < rank; i++) {
                    int total = this.dilation[i] * (this.kernelSize[i] - 1);
                    padBefore[i] = total / 2;
                    padAfter[i] = total - padBefore[i];
                }
            } else if (!p.equals("valid")) {
                throw new IllegalArgumentException(name + ": Invalid padding string '" + p + "', should be one of {'valid', 'same'}");
            }
        } else {
            int[] p = Shape.perDim(name, "padding", this.padding.ints(), rank);
            for (int i = 0; i < rank; i++) {
                if (p[i] < 0) throw new IllegalArgumentException(name + ": padding must be non-negative, got " + this.padding);
                padBefore[i] = padAfter[i] = p[i];
            }
        }
        this.outputPadding = Shape.perDim(name, "output_padding", outputPadding, rank, 0);
        for (int i = 0; i < rank; i++)
            if (this.outputPadding[i] < 0 || (this.outputPadding[i] > 0 && this.outputPadding[i] >= this.stride[i]
                    && this.outputPadding[i] >= this.dilation[i]))
                throw new IllegalArgumentException(name + ": output_padding must be smaller than either stride or dilation, got output_padding="
                        + Shape.str(this.outputPadding) + ", stride=" + Shape.str(this.stride) + ", dilation=" + Shape.str(this.dilation));
        int[] wShape = new int[rank + 2];
        wShape[0] = transposed ? inChannels : outChannels;
        wShape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(this.kernelSize, 0, wShape, 2, rank);
        Tensor w = Tensor.zeros(wShape);
        Init.kaimingUniform_(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
        weight = registerParameter("weight", w);
        int fanIn = Init.fans(w)[0];
        this.bias = registerParameter("bias", bias ? Init.fanInUniform_(Tensor.zeros(outChannels), fanIn, g) : null);
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());      // the shape rule checks, naming the layer
        if (transposed)
            return Convolution.convTranspose(x, weight, bias, stride, padBefore, outputPadding, groups, dilation);
        if (paddingMode.equals("zeros")) {
            return padding.isString()
                    ? Convolution.conv(x, weight, bias, stride, padding.string(), dilation, groups)
                    : Convolution.conv(x, weight, bias, stride, padBefore, dilation, groups);
        }
        // Pad in the mode first (F.pad lists the last dim first), then convolve unpadded.
        int[] pad = new int[2 * rank];
        for (int i = 0; i < rank; i++) {
            pad[2 * i] = padBefore[rank - 1 - i];
            pad[2 * i + 1] = padAfter[rank - 1 - i];
        }
        return Convolution.conv(Padding.pad(x, pad, paddingMode, 0f), weight, bias, stride, new int[] {0}, dilation, groups);
    }

    /** (N, C_in, in…) or (C_in, in…) to (N, C_out, out…) or (C_out, out…). */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        return transposed
                ? Convolution.transposeShape(toString(), x, weight.shape(), stride, padBefore, outputPadding, dilation, groups)
                : Convolution.convShape(toString(), x, weight.shape(), stride, padBefore, padAfter, dilation, groups);
    }

    /**
     * Multiply-adds, bias not counted: N·C_out·(out positions)·(C_in/groups)·K for a convolution, and for a transposed
     * one N·C_in·(in positions)·(C_out/groups)·K (each input element meets the kernel once).
     */
    @Override public long macs(int[] x) {
        int[] out = outputShape(x);
        int[] spatial = transposed ? x : out;
        long positions = 1;
        for (int i = spatial.length - rank; i < spatial.length; i++) positions *= spatial[i];
        long n = x.length == rank + 2 ? x[0] : 1, taps = 1;
        for (int k : kernelSize) taps *= k;
        return transposed
                ? n * inChannels * positions * (outChannels / groups) * taps
                : n * outChannels * positions * (inChannels / groups) * taps;
    }

    @Override protected String extraRepr() {
        StringBuilder b = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(pyTuple(kernelSize)).append(", stride=").append(pyTuple(stride));
        if (padding.isString() || Arrays.stream(padding.ints()).anyMatch(p -> p != 0))
            b.append(", padding=").append(padding.isString() ? "'" + padding.string() + "'" : pyTuple(tupleOf(padding.ints())));
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) b.append(", dilation=").append(pyTuple(dilation));
        if (Arrays.stream(outputPadding).anyMatch(p -> p != 0)) b.append(", output_padding=").append(pyTuple(outputPadding));
        if (groups != 1) b.append(", groups=").append(groups);
        if (bias == null) b.append(", bias=False");
        if (!paddingMode.equals("zeros")) b.append(", padding_mode=").append(paddingMode);
        return b.toString();
    }

    @Override public Config config() {
        Config c = Config.of(typeName()).put("in_channels", inChannels).put("out_channels", outChannels)
                .put("kernel_size", kernelSize).put("stride", stride).put("padding", padding);
        if (transposed) c.put("output_padding", outputPadding);
        return c.put("dilation", dilation).put("groups", groups).put("bias", bias != null).put("padding_mode", paddingMode);
    }

    private int[] tupleOf(int[] v) { return Shape.perDim(typeName(), "padding", v, rank); }

    private static int[] positive(String name, String what, int[] v) {
        for (int e : v)
            if (e <= 0) throw new IllegalArgumentException(name + ": " + what + " must be positive, got " + Shape.str(v));
        return v;
    }

    static String pyTuple(int[] v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(v[i]);
        return b.append(v.length == 1 ? ",)" : ")").toString();
    }

    static int[] ints(Config c, String key, int dflt) { return c.has(key) ? c.getInts(key) : new int[] {dflt}; }
}
