package dev.soma.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The median rule: abandon a trial whose score at a step is worse than the median of the earlier trials' scores
 * at that step, once at least {@code minTrials} trials reported it (and not before {@code warmupSteps}).
 */
public final class Pruner {
    private final boolean maximize;
    private final int minTrials, warmupSteps;
    private final List<List<Double>> finished = new ArrayList<>();

    public Pruner(boolean maximize, int minTrials, int warmupSteps) {
        this.maximize = maximize;
        this.minTrials = minTrials;
        this.warmupSteps = warmupSteps;
    }

    boolean shouldPrune(int step, double score) {
        if (step < warmupSteps) return false;
        List<Double> at = new ArrayList<>();
        for (List<Double> r : finished) if (r.size() > step && !r.get(step).isNaN()) at.add(r.get(step));
        if (at.size() < minTrials) return false;
        at.sort(null);
        int n = at.size();
        double median = n % 2 == 1 ? at.get(n / 2) : (at.get(n / 2 - 1) + at.get(n / 2)) / 2;
        return maximize ? score < median : score > median;
    }

    void record(List<Double> reports) { finished.add(new ArrayList<>(reports)); }
}
