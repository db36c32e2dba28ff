package dev.soma.nn;

/**
 * torch.nn.AdaptiveMaxPool1d: the max over adaptive bins of (N, C, …) or (C, …) inputs with 1 spatial dims, giving
 * output_size per dim whatever the input size (−1, PyTorch's None, keeps a dim).
 */
public final class AdaptiveMaxPool1d extends AdaptivePoolNd {
    /** The same output size for every spatial dim. */
    public AdaptiveMaxPool1d(int outputSize) { this(new int[] {outputSize}, false); }

    /** One output size or one per dim (−1 keeps). */
    public AdaptiveMaxPool1d(int[] outputSize, boolean returnIndices) { super(1, true, outputSize, returnIndices); }

    static AdaptiveMaxPool1d fromConfig(Config c) { return new AdaptiveMaxPool1d(c.getInts("output_size"), c.getBoolean("return_indices", false)); }
}
