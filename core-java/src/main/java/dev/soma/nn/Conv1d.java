package dev.soma.nn;

import dev.soma.tensor.Generator;

/**
 * torch.nn.Conv1d: a 1-d convolution of (N, C_in, …) or (C_in, …) inputs, with stride, padding (ints, "same" or
 * "valid"), dilation, groups (depthwise when groups == in_channels), bias and padding_mode zeros, reflect, replicate or
 * circular. Weight (out_channels, in_channels/groups, kernel…).
 */
public final class Conv1d extends ConvNd {
    /** Stride 1, no padding, one group, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, IntsOrString.of(0), new int[] {1}, 1, true, "zeros");
    }

    /** A square kernel, stride and zero padding, one group, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, IntsOrString.of(padding), new int[] {1}, 1, true, "zeros");
    }

    /** Every argument of PyTorch's constructor; size arguments hold one value or one per dim. */
    public Conv1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, IntsOrString padding, int[] dilation,
                  int groups, boolean bias, String paddingMode) {
        this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, paddingMode, Generator.defaultGenerator());
    }

    /** As the full constructor, drawing the initial weights from g. */
    public Conv1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, IntsOrString padding, int[] dilation,
                  int groups, boolean bias, String paddingMode, Generator g) {
        super(1, false, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, paddingMode, null, g);
    }

    static Conv1d fromConfig(Config c) {
        return new Conv1d(c.getInt("in_channels"), c.getInt("out_channels"), c.getInts("kernel_size"), ints(c, "stride", 1),
                c.getIntsOrString("padding", IntsOrString.of(0)), ints(c, "dilation", 1), c.getInt("groups", 1),
                c.getBoolean("bias", true), c.getString("padding_mode", "zeros"));
    }
}
