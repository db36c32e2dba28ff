package dev.soma.data.transforms;

import dev.soma.data.Dataset;
import dev.soma.tensor.Tensor;

/** A dataset of (input, target, …) rows whose input goes through a transform each time it is read. */
public final class TransformedDataset implements Dataset<Tensor[]> {
    private final Dataset<Tensor[]> base;
    private final Transform transform;

    public TransformedDataset(Dataset<Tensor[]> base, Transform transform) {
        this.base = base;
        this.transform = transform;
    }

    @Override public int size() { return base.size(); }

    @Override public Tensor[] get(int index) {
        Tensor[] row = base.get(index).clone();
        row[0] = transform.apply(row[0]);
        return row;
    }
}
