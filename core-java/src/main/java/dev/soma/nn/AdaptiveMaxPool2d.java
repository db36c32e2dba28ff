package dev.soma.nn;

/**
 * torch.nn.AdaptiveMaxPool2d: the max over adaptive bins of (N, C, …) or (C, …) inputs with 2 spatial dims, giving
 * output_size per dim whatever the input size (−1, PyTorch's None, keeps a dim).
 */
public final class AdaptiveMaxPool2d extends AdaptivePoolNd {
    /** The same output size for every spatial dim. */
    public AdaptiveMaxPool2d(int outputSize) { this(new int[] {outputSize}, false); }

    /** One output size or one per dim (−1 keeps). */
    public AdaptiveMaxPool2d(int[] outputSize, boolean returnIndices) { super(2, true, outputSize, returnIndices); }

    static AdaptiveMaxPool2d fromConfig(Config c) { return new AdaptiveMaxPool2d(c.getInts("output_size"), c.getBoolean("return_indices", false)); }
}
