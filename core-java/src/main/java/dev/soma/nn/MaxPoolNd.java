package dev.soma.nn;

import dev.soma.tensor.Pooling;
import dev.soma.tensor.Tensor;
import dev.soma.tensor.ValuesIndices;

/**
 * What MaxPool1d/2d/3d share (PyTorch's _MaxPoolNd): kernel_size, stride (default the kernel), padding (implicit −∞, at
 * most half the kernel), dilation, return_indices and ceil_mode, each size one value or one per dim. {@link #forward}
 * returns the pooled values; {@link #forwardWithIndices} also returns the indices that MaxUnpool takes, whatever
 * return_indices says (a Module's forward has one output; the flag is kept for the config and the repr).
 */
public abstract class MaxPoolNd extends Module {
    public final int[] kernelSize, stride, padding, dilation;
    public final boolean returnIndices, ceilMode;
    private final int rank;

    MaxPoolNd(int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean returnIndices, boolean ceilMode) {
        this.rank = rank;
        this.kernelSize = PoolArgs.sizes(typeName(), "kernel_size", kernelSize, rank, true);
        this.stride = stride == null || stride.length == 0 ? this.kernelSize.clone() : PoolArgs.sizes(typeName(), "stride", stride, rank, true);
        this.padding = padding == null ? new int[] {0} : PoolArgs.sizes(typeName(), "padding", padding, rank, false);
        this.dilation = dilation == null ? new int[] {1} : PoolArgs.sizes(typeName(), "dilation", dilation, rank, true);
        this.returnIndices = returnIndices;
        this.ceilMode = ceilMode;
        PoolArgs.checkPadding(typeName(), this.kernelSize, this.padding, rank);
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());      // the shape rule checks, naming the layer
        return Pooling.maxPool(x, rank, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** The pooled values and each max's flat index into its input plane (PyTorch's forward with return_indices=True). */
    public ValuesIndices forwardWithIndices(Tensor x) {
        outputShape(x.shape());
        return Pooling.maxPoolWithIndices(x, rank, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** (N, C, in…) or (C, in…) to (N, C, out…) or (C, out…), out = floor((in + 2p − d(k − 1) − 1) / s) + 1 (ceil_mode: ceil). */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        return Pooling.poolShape(toString(), x, rank, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override protected String extraRepr() {
        return "kernel_size=" + PoolArgs.py(kernelSize) + ", stride=" + PoolArgs.py(stride) + ", padding=" + PoolArgs.py(padding)
                + ", dilation=" + PoolArgs.py(dilation) + ", ceil_mode=" + PoolArgs.py(ceilMode);
    }

    @Override public Config config() {
        return Config.of(typeName()).put("kernel_size", kernelSize).put("stride", stride).put("padding", padding)
                .put("dilation", dilation).put("return_indices", returnIndices).put("ceil_mode", ceilMode);
    }
}
