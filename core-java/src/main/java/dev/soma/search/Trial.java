package dev.soma.search;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One evaluation of the objective: its number, its config (a value per dimension), the intermediate scores it
 * reported and, once finished, its score and state.
 */
public final class Trial {
    /** Where a trial stands. */
    public enum State { RUNNING, COMPLETE, PRUNED }

    private final int number;
    private final Map<String, Object> config;
    private final TreeMap<Integer, Double> reports = new TreeMap<>();
    private final Pruner pruner;
    private final List<Trial> earlier;
    private final Direction direction;
    private State state = State.RUNNING;
    private double score = Double.NaN;

    Trial(int number, Map<String, Object> config, Pruner pruner, List<Trial> earlier, Direction direction) {
        this.number = number;
        this.config = Collections.unmodifiableMap(config);
        this.pruner = pruner;
        this.earlier = earlier;
        this.direction = direction;
    }

    /** The trial's position in the search, from 0. */
    public int number() { return number; }

    /** The hyper-parameter values, by name in declaration order (read-only). */
    public Map<String, Object> config() { return config; }

    /** The value of hyper-parameter {@code name}. */
    public Object get(String name) {
        Object v = config.get(name);
        if (v == null) throw new IllegalArgumentException("Trial " + number + ": no hyper-parameter '" + name + "' (has " + config.keySet() + ")");
        return v;
    }

    /** The numeric value of {@code name} as a double. */
    public double getDouble(String name) { return number(name).doubleValue(); }

    /** The numeric value of {@code name} as an int (it must be integral). */
    public int getInt(String name) {
        Number n = number(name);
        if (n.doubleValue() != Math.rint(n.doubleValue()))
            throw new IllegalArgumentException("Trial " + number + ": '" + name + "' is " + n + ", not an integer");
        return n.intValue();
    }

    private Number number(String name) {
        Object v = get(name);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("Trial " + number + ": '" + name + "' is " + v + ", not a number");
        return n;
    }

    /**
     * Records an intermediate score at {@code step} (e.g. validation accuracy after an epoch); throws
     * {@link TrialPrunedException} when the search's pruner abandons the trial, which the search catches.
     */
    public void report(int step, double score) {
        if (state != State.RUNNING) throw new IllegalStateException("Trial " + number + " is " + state + "; it can no longer report");
        if (reports.containsKey(step)) throw new IllegalArgumentException("Trial " + number + ": step " + step + " was already reported");
        reports.put(step, score);
        if (pruner != null && pruner.prune(this, step, score, earlier, direction)) {
            state = State.PRUNED;
            this.score = score;
            throw new TrialPrunedException(number, step, score);
        }
    }

    /** The intermediate scores by step (read-only). */
    public Map<Integer, Double> reports() { return Collections.unmodifiableMap(reports); }

    /** The final score when complete, the last reported one when pruned, NaN while running. */
    public double score() { return score; }

    /** The trial's state. */
    public State state() { return state; }

    void complete(double score) {
        this.score = score;
        state = State.COMPLETE;
    }

    // A trial pruned without its pruner (the objective threw TrialPrunedException itself).
    void markPruned() {
        if (state == State.RUNNING) {
            state = State.PRUNED;
            score = reports.isEmpty() ? Double.NaN : reports.lastEntry().getValue();
        }
    }

    @Override public String toString() { return "Trial " + number + " " + state + " score=" + score + " " + config; }
}
