package dev.soma.search;

import java.util.Arrays;
import java.util.List;

/**
 * The median rule (Optuna's MedianPruner): a trial is abandoned at a step when its score is worse than the median of
 * the scores the earlier completed trials reported at that same step. It waits for {@code startupTrials} such trials
 * and ignores steps below {@code warmupSteps}.
 */
public final class MedianPruner implements Pruner {
    public final int startupTrials, warmupSteps;

    /** Optuna's defaults: 5 startup trials, no warm-up steps. */
    public MedianPruner() { this(5, 0); }

    public MedianPruner(int startupTrials, int warmupSteps) {
        if (startupTrials < 1 || warmupSteps < 0)
            throw new IllegalArgumentException("MedianPruner: startup_trials must be >= 1 and warmup_steps >= 0, got " + startupTrials
                    + " and " + warmupSteps);
        this.startupTrials = startupTrials;
        this.warmupSteps = warmupSteps;
    }

    @Override public boolean prune(Trial trial, int step, double score, List<Trial> earlier, Direction direction) {
        if (step < warmupSteps) return false;
        double[] at = earlier.stream().filter(t -> t.state() == Trial.State.COMPLETE && t.reports().containsKey(step))
                .mapToDouble(t -> t.reports().get(step)).filter(v -> !Double.isNaN(v)).toArray();
        if (at.length < startupTrials) return false;
        Arrays.sort(at);
        double median = at.length % 2 == 1 ? at[at.length / 2] : (at[at.length / 2 - 1] + at[at.length / 2]) / 2;
        return direction.better(median, score);
    }

    @Override public String toString() { return "MedianPruner(startup_trials=" + startupTrials + ", warmup_steps=" + warmupSteps + ")"; }
}
