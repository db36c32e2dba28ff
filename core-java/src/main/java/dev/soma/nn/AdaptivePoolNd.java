package dev.soma.nn;

import dev.soma.tensor.Pooling;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import dev.soma.tensor.ValuesIndices;

/**
 * What AdaptiveAvgPool1d/2d/3d and AdaptiveMaxPool1d/2d/3d share: output_size (one value or one per dim; −1 is
 * PyTorch's None and keeps that dim), bin i of a dim spanning [floor(i·in/out), ceil((i+1)·in/out)). The max layers
 * keep return_indices for the config and offer {@link #forwardWithIndices}.
 */
public abstract class AdaptivePoolNd extends Module {
    public final int[] outputSize;
    public final boolean returnIndices;
    private final int rank;
    private final boolean max;

    AdaptivePoolNd(int rank, boolean max, int[] outputSize, boolean returnIndices) {
        this.rank = rank;
        this.max = max;
        if (outputSize == null || (outputSize.length != 1 && outputSize.length != rank))
            throw new IllegalArgumentException(typeName() + ": output_size must be an int or a tuple of " + rank + " ints (−1 for None), got "
                    + (outputSize == null ? "null" : Shape.str(outputSize)));
        for (int o : outputSize)
            if (o < -1) throw new IllegalArgumentException(typeName() + ": output_size must be non-negative or −1 (None), got " + Shape.str(outputSize));
        this.outputSize = outputSize.clone();
        this.returnIndices = returnIndices;
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return max ? Pooling.adaptiveMaxPool(x, rank, outputSize) : Pooling.adaptiveAvgPool(x, rank, outputSize);
    }

    /** Adaptive max pooling's values and each max's flat index into its input plane (PyTorch's return_indices=True). */
    public ValuesIndices forwardWithIndices(Tensor x) {
        if (!max) throw new IllegalStateException(typeName() + " has no indices: only adaptive max pooling returns them");
        outputShape(x.shape());
        return Pooling.adaptiveMaxPoolWithIndices(x, rank, outputSize);
    }

    /** (N, C, in…) or (C, in…) to (N, C, output_size…) or (C, output_size…), −1 keeping the input's size. */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        return Pooling.adaptiveShape(toString(), x, rank, outputSize);
    }

    @Override protected String extraRepr() {
        return "output_size=" + PoolArgs.pyOutput(outputSize) + (max && returnIndices ? ", return_indices=True" : "");
    }

    @Override public Config config() {
        Config c = Config.of(typeName()).put("output_size", outputSize);
        return max ? c.put("return_indices", returnIndices) : c;
    }
}
