package dev.soma.nn;

import dev.soma.tensor.Pooling;
import dev.soma.tensor.Tensor;

/**
 * What AvgPool1d/2d/3d share (PyTorch's _AvgPoolNd): kernel_size, stride (default the kernel), zero padding (at most
 * half the kernel), ceil_mode, count_include_pad (the padding counts in the divisor, the ceil_mode overhang never) and
 * divisor_override (null = None; AvgPool1d has none in PyTorch and keeps it null).
 */
public abstract class AvgPoolNd extends Module {
    public final int[] kernelSize, stride, padding;
    public final boolean ceilMode, countIncludePad;
    public final Integer divisorOverride;                  // may be null
    private final int rank;

    AvgPoolNd(int rank, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, Integer divisorOverride) {
        this.rank = rank;
        this.kernelSize = PoolArgs.sizes(typeName(), "kernel_size", kernelSize, rank, true);
        this.stride = stride == null || stride.length == 0 ? this.kernelSize.clone() : PoolArgs.sizes(typeName(), "stride", stride, rank, true);
        this.padding = padding == null ? new int[] {0} : PoolArgs.sizes(typeName(), "padding", padding, rank, false);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        if (divisorOverride != null && divisorOverride <= 0)
            throw new IllegalArgumentException(typeName() + ": divisor_override must be positive, got " + divisorOverride);
        this.divisorOverride = divisorOverride;
        PoolArgs.checkPadding(typeName(), this.kernelSize, this.padding, rank);
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Pooling.avgPool(x, rank, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride == null ? 0 : divisorOverride);
    }

    /** (N, C, in…) or (C, in…) to (N, C, out…) or (C, out…), out = floor((in + 2p − k) / s) + 1 (ceil_mode: ceil). */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        return Pooling.poolShape(toString(), x, rank, kernelSize, stride, padding, null, ceilMode);
    }

    @Override protected String extraRepr() {
        return "kernel_size=" + PoolArgs.py(kernelSize) + ", stride=" + PoolArgs.py(stride) + ", padding=" + PoolArgs.py(padding)
                + (ceilMode ? ", ceil_mode=True" : "") + (countIncludePad ? "" : ", count_include_pad=False")
                + (divisorOverride == null ? "" : ", divisor_override=" + divisorOverride);
    }

    @Override public Config config() {
        return Config.of(typeName()).put("kernel_size", kernelSize).put("stride", stride).put("padding", padding)
                .put("ceil_mode", ceilMode).put("count_include_pad", countIncludePad).put("divisor_override", divisorOverride);
    }
}
