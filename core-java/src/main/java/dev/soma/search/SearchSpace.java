package dev.soma.search;

import dev.soma.tensor.Generator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hyper-parameters to search, by name: discrete choices, uniform or integer ranges, and log-uniform ranges
 * (for learning rates). Grid search needs a number of points for continuous dimensions; random search samples.
 */
public final class SearchSpace {
    /** One dimension: its grid values and how to draw a random value. */
    sealed interface Dim permits Choice, Uniform, IntRange, LogUniform {
        List<Object> grid();

        Object sample(Generator g);
    }

    record Choice(List<Object> values) implements Dim {
        public List<Object> grid() { return values; }

        public Object sample(Generator g) { return values.get((int) g.nextLong(values.size())); }
    }

    record Uniform(double lo, double hi, int points) implements Dim {
        public List<Object> grid() {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < points; i++) out.add(points == 1 ? lo : lo + (hi - lo) * i / (points - 1));
            return out;
        }

        public Object sample(Generator g) { return lo + (hi - lo) * g.nextDouble(); }
    }

    record IntRange(int lo, int hi) implements Dim {
        public List<Object> grid() {
            List<Object> out = new ArrayList<>();
            for (int v = lo; v <= hi; v++) out.add(v);
            return out;
        }

        public Object sample(Generator g) { return lo + (int) g.nextLong(hi - lo + 1L); }
    }

    record LogUniform(double lo, double hi, int points) implements Dim {
        public List<Object> grid() {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < points; i++)    // the ends exactly as given, the rest evenly spaced in log
                out.add(i == 0 ? lo : i == points - 1 ? hi : Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (points - 1)));
            return out;
        }

        public Object sample(Generator g) { return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * g.nextDouble()); }
    }

    private final LinkedHashMap<String, Dim> dims = new LinkedHashMap<>();

    private SearchSpace add(String name, Dim d) {
        if (dims.putIfAbsent(name, d) != null) throw new IllegalArgumentException("search space: '" + name + "' is declared twice");
        return this;
    }

    /** One of the given values. */
    public SearchSpace choice(String name, Object... values) {
        if (values.length == 0) throw new IllegalArgumentException("search space: choice '" + name + "' needs values");
        return add(name, new Choice(List.of(values)));
    }

    /** A real in [lo, hi]; the grid takes {@code gridPoints} evenly spaced values. */
    public SearchSpace uniform(String name, double lo, double hi, int gridPoints) {
        check(name, lo < hi && gridPoints >= 1, "needs lo < hi and at least one grid point");
        return add(name, new Uniform(lo, hi, gridPoints));
    }

    /** An integer in [lo, hi]. */
    public SearchSpace intRange(String name, int lo, int hi) {
        check(name, lo <= hi, "needs lo <= hi");
        return add(name, new IntRange(lo, hi));
    }

    /** A real in [lo, hi] whose logarithm is uniform (learning rates, weight decay); grid points evenly spaced in log. */
    public SearchSpace logUniform(String name, double lo, double hi, int gridPoints) {
        check(name, lo > 0 && lo < hi && gridPoints >= 1, "needs 0 < lo < hi and at least one grid point");
        return add(name, new LogUniform(lo, hi, gridPoints));
    }

    private static void check(String name, boolean ok, String what) {
        if (!ok) throw new IllegalArgumentException("search space: '" + name + "' " + what);
    }

    /** Every combination of grid values, the last dimension varying fastest. */
    List<Map<String, Object>> grid() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, Dim> d : dims.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out)
                for (Object v : d.getValue().grid()) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(d.getKey(), v);
                    next.add(m);
                }
            out = next;
        }
        return out;
    }

    /** One random configuration. */
    Map<String, Object> sample(Generator g) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Dim> d : dims.entrySet()) m.put(d.getKey(), d.getValue().sample(g));
        return Collections.unmodifiableMap(m);
    }
}
