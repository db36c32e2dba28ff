package dev.soma.nn;

/**
 * torch.nn.MaxUnpool1d: puts the values of a 1-d max pooling back at their indices in a zero tensor, the partial
 * inverse of {@link MaxPool1d}; inputs (input, indices).
 */
public final class MaxUnpool1d extends MaxUnpoolNd {
    /** Stride = kernel, no padding. */
    public MaxUnpool1d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}); }

    /** Sizes hold one value or one per dim; stride null = the kernel. */
    public MaxUnpool1d(int[] kernelSize, int[] stride, int[] padding) { super(1, kernelSize, stride, padding); }

    static MaxUnpool1d fromConfig(Config c) {
        return new MaxUnpool1d(c.getInts("kernel_size"), c.has("stride") ? c.getInts("stride") : null, ConvNd.ints(c, "padding", 0));
    }
}
