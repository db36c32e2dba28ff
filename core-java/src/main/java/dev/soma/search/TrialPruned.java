package dev.soma.search;

/** Thrown by {@link Trial#report} to abandon a trial that is doing worse than the others did at the same step. */
public final class TrialPruned extends RuntimeException {
    public TrialPruned(int trial, int step, double score) {
        super("trial " + trial + " pruned at step " + step + " (score " + score + ")", null, false, false);
    }
}
