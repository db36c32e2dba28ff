package dev.soma.nn;

/**
 * torch.nn.AdaptiveAvgPool1d: the mean over adaptive bins of (N, C, …) or (C, …) inputs with 1 spatial dims, giving
 * output_size per dim whatever the input size (−1, PyTorch's None, keeps a dim).
 */
public final class AdaptiveAvgPool1d extends AdaptivePoolNd {
    /** The same output size for every spatial dim. */
    public AdaptiveAvgPool1d(int outputSize) { this(new int[] {outputSize}); }

    /** One output size or one per dim (−1 keeps). */
    public AdaptiveAvgPool1d(int[] outputSize) { super(1, false, outputSize, false); }

    static AdaptiveAvgPool1d fromConfig(Config c) { return new AdaptiveAvgPool1d(c.getInts("output_size")); }
}
