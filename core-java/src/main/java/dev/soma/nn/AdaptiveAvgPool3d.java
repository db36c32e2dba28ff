package dev.soma.nn;

/**
 * torch.nn.AdaptiveAvgPool3d: the mean over adaptive bins of (N, C, …) or (C, …) inputs with 3 spatial dims, giving
 * output_size per dim whatever the input size (−1, PyTorch's None, keeps a dim).
 */
public final class AdaptiveAvgPool3d extends AdaptivePoolNd {
    /** The same output size for every spatial dim. */
    public AdaptiveAvgPool3d(int outputSize) { this(new int[] {outputSize}); }

    /** One output size or one per dim (−1 keeps). */
    public AdaptiveAvgPool3d(int[] outputSize) { super(3, false, outputSize, false); }

    static AdaptiveAvgPool3d fromConfig(Config c) { return new AdaptiveAvgPool3d(c.getInts("output_size")); }
}
