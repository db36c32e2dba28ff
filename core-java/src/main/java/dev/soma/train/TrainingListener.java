package dev.soma.train;

import java.util.Map;

/** Receives training progress, so consoles, notebooks and GUIs can each show it their own way. */
public interface TrainingListener {
    /** An epoch (0-based) of {@code epochs} starts, with {@code batches} batches (−1 when unknown). */
    default void onEpochStart(int epoch, int epochs, int batches) {}

    /** A training batch finished: running means of the epoch so far and the samples per second. */
    default void onBatch(int epoch, int batch, int batches, Map<String, Double> running, double samplesPerSecond) {}

    /** An epoch finished with these logs, after {@code seconds}. */
    default void onEpochEnd(int epoch, int epochs, Map<String, Double> logs, double seconds, double samplesPerSecond) {}
}
