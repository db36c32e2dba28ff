package dev.soma.train;

import dev.soma.tensor.Tensor;

/** A per-epoch figure accumulated batch by batch (accuracy, a running loss, …); users add their own. */
public interface Metric {
    /** The name in logs and the History ("accuracy"); validation adds the prefix "val_". */
    String name();

    /** Forgets everything (called at the start of each epoch and each evaluation). */
    void reset();

    /** Adds one batch: the model's outputs, the targets and the batch's mean loss. */
    void update(Tensor outputs, Tensor targets, double loss);

    /** The value over everything since the last reset. */
    double value();

    /** A fresh metric of the same kind, so training and validation keep separate tallies. */
    Metric copy();
}
