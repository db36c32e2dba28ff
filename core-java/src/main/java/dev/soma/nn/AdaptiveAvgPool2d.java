package dev.soma.nn;

/**
 * torch.nn.AdaptiveAvgPool2d: the mean over adaptive bins of (N, C, …) or (C, …) inputs with 2 spatial dims, giving
 * output_size per dim whatever the input size (−1, PyTorch's None, keeps a dim).
 */
public final class AdaptiveAvgPool2d extends AdaptivePoolNd {
    /** The same output size for every spatial dim. */
    public AdaptiveAvgPool2d(int outputSize) { this(new int[] {outputSize}); }

    /** One output size or one per dim (−1 keeps). */
    public AdaptiveAvgPool2d(int[] outputSize) { super(2, false, outputSize, false); }

    static AdaptiveAvgPool2d fromConfig(Config c) { return new AdaptiveAvgPool2d(c.getInts("output_size")); }
}
