package dev.soma.data;

import dev.soma.tensor.Tensor;

/** One minibatch: the stacked inputs and targets of its samples (the first dim is the batch). */
public record Batch(Tensor inputs, Tensor targets) {
    /** The number of samples in the batch. */
    public int size() { return inputs.size(0); }
}
