package dev.soma.nn;

/**
 * torch.nn.MaxPool2d: the max over each window of (N, C, …) or (C, …) inputs with 2 spatial dims; stride defaults to
 * the kernel, padding is implicit −∞ (at most half the kernel). {@link #forwardWithIndices} also gives the indices.
 */
public final class MaxPool2d extends MaxPoolNd {
    /** Stride = kernel, no padding. */
    public MaxPool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}, new int[] {1}, false, false); }

    /** A kernel, stride and padding for every dim. */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, false, false);
    }

    /** Every argument of PyTorch's constructor; sizes hold one value or one per dim, stride null = the kernel. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean returnIndices, boolean ceilMode) {
        super(2, kernelSize, stride, padding, dilation, returnIndices, ceilMode);
    }

    static MaxPool2d fromConfig(Config c) {
        return new MaxPool2d(c.getInts("kernel_size"), c.has("stride") ? c.getInts("stride") : null, ConvNd.ints(c, "padding", 0),
                ConvNd.ints(c, "dilation", 1), c.getBoolean("return_indices", false), c.getBoolean("ceil_mode", false));
    }
}
