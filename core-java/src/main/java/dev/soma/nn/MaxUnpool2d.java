package dev.soma.nn;

/**
 * torch.nn.MaxUnpool2d: puts the values of a 2-d max pooling back at their indices in a zero tensor, the partial
 * inverse of {@link MaxPool2d}; inputs (input, indices).
 */
public final class MaxUnpool2d extends MaxUnpoolNd {
    /** Stride = kernel, no padding. */
    public MaxUnpool2d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}); }

    /** Sizes hold one value or one per dim; stride null = the kernel. */
    public MaxUnpool2d(int[] kernelSize, int[] stride, int[] padding) { super(2, kernelSize, stride, padding); }

    static MaxUnpool2d fromConfig(Config c) {
        return new MaxUnpool2d(c.getInts("kernel_size"), c.has("stride") ? c.getInts("stride") : null, ConvNd.ints(c, "padding", 0));
    }
}
