package dev.soma.search;

/** Thrown by {@link Trial#report} when the pruner abandons the trial; the search catches it and marks the trial pruned. */
public final class TrialPrunedException extends RuntimeException {
    public TrialPrunedException(int trial, int step, double score) {
        super("trial " + trial + " pruned at step " + step + " (score " + score + ")", null, false, false);
    }
}
