package dev.soma.nn;

import dev.soma.tensor.Pooling;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * What MaxUnpool1d/2d/3d share (PyTorch's _MaxUnpoolNd): kernel_size, stride (default the kernel) and padding of the max
 * pooling being inverted. Inputs: the pooled values and their int64 indices (as {@link MaxPoolNd#forwardWithIndices}
 * gives them); the output size is (in − 1)·stride − 2·padding + kernel per dim, or the one passed to
 * {@link #forward(Tensor, Tensor, int[])}.
 */
public abstract class MaxUnpoolNd extends Module {
    private static final List<String> INPUTS = List.of("input", "indices");
    public final int[] kernelSize, stride, padding;
    private final int rank;

    MaxUnpoolNd(int rank, int[] kernelSize, int[] stride, int[] padding) {
        this.rank = rank;
        this.kernelSize = PoolArgs.sizes(typeName(), "kernel_size", kernelSize, rank, true);
        this.stride = stride == null || stride.length == 0 ? this.kernelSize.clone() : PoolArgs.sizes(typeName(), "stride", stride, rank, true);
        this.padding = padding == null ? new int[] {0} : PoolArgs.sizes(typeName(), "padding", padding, rank, false);
    }

    @Override public List<String> inputNames() { return INPUTS; }

    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        return forward(inputs[0], inputs[1], null);
    }

    /** Unpools to outputSize (the spatial sizes or the whole shape; null = the default size). */
    public Tensor forward(Tensor input, Tensor indices, int[] outputSize) {
        if (input == null || indices == null) throw new IllegalArgumentException(this + ": input and indices must not be null");
        return Pooling.maxUnpool(input, indices, rank, kernelSize, stride, padding, outputSize);
    }

    /** (N, C, in…) or (C, in…), indices of the same shape, to (N, C, out…), out = (in − 1)·stride − 2·padding + kernel. */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] x = inputShapes[0];
        if (!java.util.Arrays.equals(x, inputShapes[1])) throw shapeError("indices shaped like the input " + dev.soma.tensor.Shape.str(x), inputShapes[1]);
        return Pooling.unpoolShape(toString(), x, rank, kernelSize, stride, padding, null);
    }

    @Override protected String extraRepr() {
        return "kernel_size=" + PoolArgs.py(kernelSize) + ", stride=" + PoolArgs.py(stride) + ", padding=" + PoolArgs.py(padding);
    }

    @Override public Config config() {
        return Config.of(typeName()).put("kernel_size", kernelSize).put("stride", stride).put("padding", padding);
    }
}
