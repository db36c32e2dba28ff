package dev.soma.search;

import java.util.List;

/** Decides from an intermediate score whether a running trial should be abandoned (see {@link MedianPruner}). */
@FunctionalInterface
public interface Pruner {
    /** True to stop {@code trial}, which reported {@code score} at {@code step}; {@code earlier} are the finished trials. */
    boolean prune(Trial trial, int step, double score, List<Trial> earlier, Direction direction);
}
