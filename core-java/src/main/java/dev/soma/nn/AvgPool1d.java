package dev.soma.nn;

/**
 * torch.nn.AvgPool1d: the mean over each window of (N, C, …) or (C, …) inputs with 1 spatial dims; stride defaults to the
 * kernel, zero padding of at most half the kernel counts in the divisor when count_include_pad.
 */
public final class AvgPool1d extends AvgPoolNd {
    /** Stride = kernel, no padding. */
    public AvgPool1d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, false, true); }

    /** A kernel, stride and padding for every dim. */
    public AvgPool1d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, false, true);
    }

    /** Every argument of PyTorch's constructor; sizes hold one value or one per dim, stride null = the kernel; PyTorch's AvgPool1d takes no divisor_override. */
    public AvgPool1d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        super(1, kernelSize, stride, padding, ceilMode, countIncludePad, null);
    }

    static AvgPool1d fromConfig(Config c) {
        return new AvgPool1d(c.getInts("kernel_size"), c.has("stride") ? c.getInts("stride") : null, ConvNd.ints(c, "padding", 0),
                c.getBoolean("ceil_mode", false), c.getBoolean("count_include_pad", true));
    }
}
