package dev.soma.nn;

import dev.soma.tensor.Folding;
import dev.soma.tensor.Tensor;

/**
 * torch.nn.Fold: columns (N, C·kH·kW, L) (or unbatched) summed back into (N, C, H, W) of the given output size,
 * overlapping entries added: the adjoint of {@link Unfold}. Size arguments hold one value or two.
 */
public final class Fold extends Module {
    public final int[] outputSize, kernelSize, dilation, padding, stride;

    public Fold(int[] outputSize, int kernelSize) { this(outputSize, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}); }

    public Fold(int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        this.outputSize = outputSize.clone();
        this.kernelSize = kernelSize.clone();
        this.dilation = dilation.clone();
        this.padding = padding.clone();
        this.stride = stride.clone();
        // the arguments' own checks: a one-channel input with as many blocks as they give
        try {
            int[] blocks = Folding.unfoldShape(new int[] {1, 1, pick(outputSize, 0), pick(outputSize, 1)}, kernelSize, dilation, padding,
                    stride);
            Folding.foldShape(blocks, outputSize, kernelSize, dilation, padding, stride);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Fold: " + e.getMessage(), e);
        }
    }

    private static int pick(int[] v, int i) {
        if (v == null || v.length < 1 || v.length > 2) throw new IllegalArgumentException("Fold: output_size must be an int or a pair of ints");
        return v[v.length == 1 ? 0 : i];
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Folding.fold(x, outputSize, kernelSize, dilation, padding, stride);
    }

    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        try {
            return Folding.foldShape(x, outputSize, kernelSize, dilation, padding, stride);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
        }
    }

    @Override protected String extraRepr() {
        return "output_size=" + Unfold.args(outputSize) + ", kernel_size=" + Unfold.args(kernelSize) + ", dilation=" + Unfold.args(dilation)
                + ", padding=" + Unfold.args(padding) + ", stride=" + Unfold.args(stride);
    }

    @Override public Config config() {
        return Config.of("Fold").put("output_size", outputSize).put("kernel_size", kernelSize).put("dilation", dilation)
                .put("padding", padding).put("stride", stride);
    }

    static Fold fromConfig(Config c) {
        return new Fold(c.getInts("output_size"), c.getInts("kernel_size"), ConvNd.ints(c, "dilation", 1), ConvNd.ints(c, "padding", 0),
                ConvNd.ints(c, "stride", 1));
    }
}
