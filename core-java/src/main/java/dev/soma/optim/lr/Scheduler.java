package dev.soma.optim.lr;

import java.util.Map;

/** What every learning-rate scheduler offers, epoch-based or metric-driven: its last lrs and a resumable state. */
public interface Scheduler {
    /** The lr of each parameter group after the last step. */
    double[] lastLr();

    /** The mutable state, as primitives, arrays and nested maps. */
    Map<String, Object> stateDict();

    /** Restores a state from {@link #stateDict()}. */
    void loadStateDict(Map<String, Object> state);
}
