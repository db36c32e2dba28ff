package dev.soma.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One configuration being tried: its values, and a way to report intermediate scores so a bad trial can be abandoned. */
public final class Trial {
    private final int number;
    private final Map<String, Object> config;
    private final Pruner pruner;
    private final List<Double> reports = new ArrayList<>();

    Trial(int number, Map<String, Object> config, Pruner pruner) {
        this.number = number;
        this.config = config;
        this.pruner = pruner;
    }

    public int number() { return number; }

    public Map<String, Object> config() { return config; }

    /** A numeric value of the configuration. */
    public double getDouble(String name) { return ((Number) need(name)).doubleValue(); }

    public int getInt(String name) { return ((Number) need(name)).intValue(); }

    public Object get(String name) { return need(name); }

    private Object need(String name) {
        Object v = config.get(name);
        if (v == null) throw new IllegalArgumentException("trial has no hyper-parameter '" + name + "' (has " + config.keySet() + ")");
        return v;
    }

    /** Reports the score after {@code step} (e.g. an epoch); throws {@link TrialPruned} when the trial should stop. */
    public void report(int step, double score) {
        while (reports.size() <= step) reports.add(Double.NaN);
        reports.set(step, score);
        if (pruner != null && pruner.shouldPrune(step, score)) throw new TrialPruned(number, step, score);
    }

    List<Double> reports() { return reports; }
}
