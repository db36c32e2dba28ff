package dev.soma.nn;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A depthwise-separable 2-d convolution: a {@link DepthwiseConv2d} ({@code depthwise}), then optionally a norm and an
 * activation, then a 1×1 {@link Conv2d} ({@code pointwise}) to the output channels. Its state-dict keys are those of
 * the PyTorch module with children named {@code depthwise}, {@code norm}, {@code activation} and {@code pointwise}
 * (e.g. {@code depthwise.weight}, {@code norm.running_mean}, {@code pointwise.weight}). MACs are the two
 * convolutions' (plus the norm's and activation's): K·K·C_in·multiplier·H·W + C_in·multiplier·C_out·H·W per sample.
 */
public final class SeparableConv2d extends Module {
    public final DepthwiseConv2d depthwise;
    public final Conv2d pointwise;
    private final Module norm, activation;       // either may be null

    /** A kernel-size depthwise convolution with the given padding and no norm or activation, both convolutions with bias. */
    public SeparableConv2d(int inChannels, int outChannels, int kernelSize, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {1}, IntsOrString.of(padding), new int[] {1}, 1, true,
                null, null, Generator.defaultGenerator());
    }

    /**
     * Every argument: kernel, stride, padding (ints, "same" or "valid") and dilation of the depthwise convolution, its
     * channel multiplier, bias on both convolutions, and an optional norm and activation between them (null for none).
     */
    public SeparableConv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, IntsOrString padding, int[] dilation,
                           int multiplier, boolean bias, Module norm, Module activation, Generator g) {
        depthwise = registerModule("depthwise",
                new DepthwiseConv2d(inChannels, multiplier, kernelSize, stride, padding, dilation, bias, "zeros", g));
        this.norm = norm == null ? null : registerModule("norm", norm);
        this.activation = activation == null ? null : registerModule("activation", activation);
        pointwise = registerModule("pointwise", new Conv2d(inChannels * multiplier, outChannels, new int[] {1}, new int[] {1},
                IntsOrString.of(0), new int[] {1}, 1, bias, "zeros", g));
    }

    private List<Module> chain() {
        List<Module> c = new ArrayList<>(List.of(depthwise));
        if (norm != null) c.add(norm);
        if (activation != null) c.add(activation);
        c.add(pointwise);
        return c;
    }

    @Override public Tensor forward(Tensor x) {
        for (Module m : chain()) x = m.forward(x);
        return x;
    }

    @Override public boolean hasShapeRule() { return chain().stream().allMatch(Module::hasShapeRule); }

    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        int[] s = inputShape;
        for (Module m : chain()) s = m.outputShape(s);
        return s;
    }

    @Override public long macs(int[] inputShape) {
        long total = 0;
        int[] s = inputShape;
        for (Module m : chain()) {
            total += m.macs(s);
            s = m.outputShape(s);
        }
        return total;
    }

    @Override public Config config() {
        Config c = Config.of("SeparableConv2d").put("in_channels", depthwise.inChannels).put("out_channels", pointwise.outChannels)
                .put("kernel_size", depthwise.kernelSize).put("stride", depthwise.stride).put("padding", depthwise.padding)
                .put("dilation", depthwise.dilation).put("multiplier", depthwise.multiplier).put("bias", depthwise.bias != null);
        if (norm != null) c.put("norm", norm.config());
        if (activation != null) c.put("activation", activation.config());
        return c;
    }

    static SeparableConv2d fromConfig(Config c) {
        return new SeparableConv2d(c.getInt("in_channels"), c.getInt("out_channels"), c.getInts("kernel_size"), ConvNd.ints(c, "stride", 1),
                c.getIntsOrString("padding", IntsOrString.of(0)), ConvNd.ints(c, "dilation", 1), c.getInt("multiplier", 1),
                c.getBoolean("bias", true), c.has("norm") ? ModuleFactory.build(c.getConfig("norm")) : null,
                c.has("activation") ? ModuleFactory.build(c.getConfig("activation")) : null, Generator.defaultGenerator());
    }
}
