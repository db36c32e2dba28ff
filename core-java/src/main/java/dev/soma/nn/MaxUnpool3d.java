package dev.soma.nn;

/**
 * torch.nn.MaxUnpool3d: puts the values of a 3-d max pooling back at their indices in a zero tensor, the partial
 * inverse of {@link MaxPool3d}; inputs (input, indices).
 */
public final class MaxUnpool3d extends MaxUnpoolNd {
    /** Stride = kernel, no padding. */
    public MaxUnpool3d(int kernelSize) { this(new int[] {kernelSize}, null, new int[] {0}); }

    /** Sizes hold one value or one per dim; stride null = the kernel. */
    public MaxUnpool3d(int[] kernelSize, int[] stride, int[] padding) { super(3, kernelSize, stride, padding); }

    static MaxUnpool3d fromConfig(Config c) {
        return new MaxUnpool3d(c.getInts("kernel_size"), c.has("stride") ? c.getInts("stride") : null, ConvNd.ints(c, "padding", 0));
    }
}
