package dev.soma.nn;

import dev.soma.tensor.Generator;

/**
 * A depthwise 2-d convolution: each of {@code channels} input channels convolved with its own {@code multiplier}
 * kernels, giving channels·multiplier outputs. It is PyTorch's {@code Conv2d(channels, channels·multiplier, k,
 * groups=channels)} under another name, with the same state-dict keys ({@code weight} (C·multiplier, 1, kH, kW),
 * {@code bias}), so weights move between the two either way.
 */
public final class DepthwiseConv2d extends ConvNd {
    public final int multiplier;

    /** One kernel per channel, stride 1, the given zero padding, with bias. */
    public DepthwiseConv2d(int channels, int kernelSize, int padding) {
        this(channels, 1, new int[] {kernelSize}, new int[] {1}, IntsOrString.of(padding), new int[] {1}, true, "zeros");
    }

    /** Every argument: size arguments hold one value or one per dim; padding also "same" or "valid". */
    public DepthwiseConv2d(int channels, int multiplier, int[] kernelSize, int[] stride, IntsOrString padding, int[] dilation,
                           boolean bias, String paddingMode) {
        this(channels, multiplier, kernelSize, stride, padding, dilation, bias, paddingMode, Generator.defaultGenerator());
    }

    /** As the full constructor, drawing the initial weights from g. */
    public DepthwiseConv2d(int channels, int multiplier, int[] kernelSize, int[] stride, IntsOrString padding, int[] dilation,
                           boolean bias, String paddingMode, Generator g) {
        super(2, false, channels, checkedOut(channels, multiplier), kernelSize, stride, padding, dilation, Math.max(channels, 1), bias,
                paddingMode, null, g);
        this.multiplier = multiplier;
    }

    private static int checkedOut(int channels, int multiplier) {
        if (multiplier <= 0)
            throw new IllegalArgumentException("DepthwiseConv2d: the channel multiplier must be positive, got " + multiplier);
        return channels * multiplier;
    }

    @Override public Config config() {
        return Config.of("DepthwiseConv2d").put("channels", inChannels).put("multiplier", multiplier).put("kernel_size", kernelSize)
                .put("stride", stride).put("padding", padding).put("dilation", dilation).put("bias", bias != null)
                .put("padding_mode", paddingMode);
    }

    static DepthwiseConv2d fromConfig(Config c) {
        return new DepthwiseConv2d(c.getInt("channels"), c.getInt("multiplier", 1), c.getInts("kernel_size"), ints(c, "stride", 1),
                c.getIntsOrString("padding", IntsOrString.of(0)), ints(c, "dilation", 1), c.getBoolean("bias", true),
                c.getString("padding_mode", "zeros"));
    }
}
