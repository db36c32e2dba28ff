package dev.soma.nn;

/**
 * torch.nn.AvgPool2d: the mean over each window of (N, C, …) or (C, …) inputs with 2 spatial dims; stride defaults to the
 * kernel, zero padding of at most half the kernel counts in the divisor when count_include_pad.
 */
public final class AvgPool2d extends AvgPoolNd {
    /** Stride = kernel, no padding. */
    public AvgPool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, false, true, null); }

    /** A kernel, stride and padding for every dim. */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true, null);
    }

    /** Every argument of PyTorch's constructor; sizes hold one value or one per dim, stride null = the kernel; divisorOverride null = None. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, Integer divisorOverride) {
        super(2, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    static AvgPool2d fromConfig(Config c) {
        return new AvgPool2d(c.getInts("kernel_size"), c.has("stride") ? c.getInts("stride") : null, ConvNd.ints(c, "padding", 0),
                c.getBoolean("ceil_mode", false), c.getBoolean("count_include_pad", true), c.getNullableInt("divisor_override", null));
    }
}
