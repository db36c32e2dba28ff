package dev.soma.nn;

import dev.soma.tensor.Generator;

/**
 * torch.nn.ConvTranspose1d: the gradient of a 1-d convolution with respect to its input, as a layer (upsampling by
 * the stride). Output size per dim (in − 1)·stride − 2·padding + dilation·(k − 1) + output_padding + 1. Weight
 * (in_channels, out_channels/groups, kernel…).
 */
public final class ConvTranspose1d extends ConvNd {
    /** Stride 1, no padding, one group, with bias. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {0}, 1, true, new int[] {1});
    }

    /** A square kernel, stride and padding, one group, with bias. */
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {0}, 1, true, new int[] {1});
    }

    /** Every argument of PyTorch's constructor, in its order (padding_mode is always zeros); one value or one per dim. */
    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] outputPadding,
                           int groups, boolean bias, int[] dilation) {
        this(inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation, Generator.defaultGenerator());
    }

    /** As the full constructor, drawing the initial weights from g. */
    public ConvTranspose1d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] outputPadding,
                           int groups, boolean bias, int[] dilation, Generator g) {
        super(1, true, inChannels, outChannels, kernelSize, stride, IntsOrString.of(padding), dilation, groups, bias, "zeros",
                outputPadding, g);
    }

    static ConvTranspose1d fromConfig(Config c) {
        if (!c.getString("padding_mode", "zeros").equals("zeros"))
            throw new IllegalArgumentException("ConvTranspose1d: only \"zeros\" padding mode is supported, got '" + c.getString("padding_mode") + "'");
        return new ConvTranspose1d(c.getInt("in_channels"), c.getInt("out_channels"), c.getInts("kernel_size"), ints(c, "stride", 1),
                c.getIntsOrString("padding", IntsOrString.of(0)).ints(), ints(c, "output_padding", 0), c.getInt("groups", 1),
                c.getBoolean("bias", true), ints(c, "dilation", 1));
    }
}
