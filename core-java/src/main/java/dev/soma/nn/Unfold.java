package dev.soma.nn;

import dev.soma.tensor.Folding;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;

/**
 * torch.nn.Unfold: the sliding blocks of (N, C, H, W) (or (C, H, W)) as columns, (N, C·kH·kW, L); rows ordered
 * (channel, kernel row, kernel column). Size arguments hold one value or two.
 */
public final class Unfold extends Module {
    public final int[] kernelSize, dilation, padding, stride;

    public Unfold(int kernelSize) { this(new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}); }

    public Unfold(int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        this.kernelSize = kernelSize.clone();
        this.dilation = dilation.clone();
        this.padding = padding.clone();
        this.stride = stride.clone();
        Folding.unfoldShape(new int[] {1, 1, 1 << 20, 1 << 20}, kernelSize, dilation, padding, stride);   // the arguments' own checks
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Folding.unfold(x, kernelSize, dilation, padding, stride);
    }

    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        try {
            return Folding.unfoldShape(x, kernelSize, dilation, padding, stride);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": " + e.getMessage(), e);
        }
    }

    @Override protected String extraRepr() {
        return "kernel_size=" + args(kernelSize) + ", dilation=" + args(dilation) + ", padding=" + args(padding) + ", stride=" + args(stride);
    }

    static String args(int[] v) { return v.length == 1 ? String.valueOf(v[0]) : Shape.str(v).replace('[', '(').replace(']', ')'); }

    @Override public Config config() {
        return Config.of("Unfold").put("kernel_size", kernelSize).put("dilation", dilation).put("padding", padding).put("stride", stride);
    }

    static Unfold fromConfig(Config c) {
        return new Unfold(c.getInts("kernel_size"), ConvNd.ints(c, "dilation", 1), ConvNd.ints(c, "padding", 0), ConvNd.ints(c, "stride", 1));
    }
}
