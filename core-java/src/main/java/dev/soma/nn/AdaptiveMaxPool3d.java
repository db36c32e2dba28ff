package dev.soma.nn;

/**
 * torch.nn.AdaptiveMaxPool3d: the max over adaptive bins of (N, C, …) or (C, …) inputs with 3 spatial dims, giving
 * output_size per dim whatever the input size (−1, PyTorch's None, keeps a dim).
 */
public final class AdaptiveMaxPool3d extends AdaptivePoolNd {
    /** The same output size for every spatial dim. */
    public AdaptiveMaxPool3d(int outputSize) { this(new int[] {outputSize}, false); }

    /** One output size or one per dim (−1 keeps). */
    public AdaptiveMaxPool3d(int[] outputSize, boolean returnIndices) { super(3, true, outputSize, returnIndices); }

    static AdaptiveMaxPool3d fromConfig(Config c) { return new AdaptiveMaxPool3d(c.getInts("output_size"), c.getBoolean("return_indices", false)); }
}
