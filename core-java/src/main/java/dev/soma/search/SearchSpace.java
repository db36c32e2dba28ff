package dev.soma.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The declared hyper-parameters of a search, in order: {@code new SearchSpace().choice("hidden", 64, 128)
 * .logUniform("lr", 1e-4, 1e-1).intRange("layers", 1, 3)}. The declaration order is the order of a config's keys
 * and of a grid's nesting (the first dimension varies slowest).
 */
public final class SearchSpace {
    private final LinkedHashMap<String, Dimension> dims = new LinkedHashMap<>();

    /** Adds a dimension; returns this. */
    public SearchSpace add(Dimension d) {
        if (d == null) throw new IllegalArgumentException("SearchSpace: dimension must not be null");
        if (dims.containsKey(d.name())) throw new IllegalArgumentException("SearchSpace: '" + d.name() + "' is already declared");
        dims.put(d.name(), d);
        return this;
    }

    /** A choice among the given values (numbers, strings, anything); returns this. */
    public SearchSpace choice(String name, Object... values) {
        return add(new Dimension.Choice(name, values == null ? null : Arrays.asList(values)));
    }

    /** A double uniform in [low, high); returns this. */
    public SearchSpace uniform(String name, double low, double high) { return add(new Dimension.Uniform(name, low, high)); }

    /** An int in [low, high], both included; returns this. */
    public SearchSpace intRange(String name, int low, int high) { return add(new Dimension.IntRange(name, low, high)); }

    /** A double whose log is uniform between ln low and ln high (0 &lt; low); returns this. */
    public SearchSpace logUniform(String name, double low, double high) { return add(new Dimension.LogUniform(name, low, high)); }

    /** The dimensions in declaration order. */
    public List<Dimension> dimensions() { return List.copyOf(dims.values()); }

    /** One config drawn at random, a value per dimension, keyed in declaration order. */
    public Map<String, Object> sample(SplittableRandom rng) {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        for (Dimension d : dims.values()) c.put(d.name(), d.sample(rng));
        return c;
    }

    /**
     * Every config of the grid: the cartesian product of each dimension's grid values, the first dimension varying
     * slowest; continuous dimensions take {@code points} values each. An empty space has one, empty, config.
     */
    public List<Map<String, Object>> grid(int points) {
        List<Dimension> ds = dimensions();
        List<List<Object>> values = new ArrayList<>();
        for (Dimension d : ds) {
            if (d.continuous() && points < 1)
                throw new IllegalArgumentException("SearchSpace: '" + d.name() + "' is continuous; give a grid a number of points (>= 1) for it");
            values.add(d.grid(points));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int[] idx = new int[ds.size()];
        while (true) {
            LinkedHashMap<String, Object> c = new LinkedHashMap<>();
            for (int i = 0; i < ds.size(); i++) c.put(ds.get(i).name(), values.get(i).get(idx[i]));
            out.add(c);
            int k = ds.size() - 1;
            while (k >= 0 && ++idx[k] == values.get(k).size()) idx[k--] = 0;
            if (k < 0) return out;
        }
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("SearchSpace: a dimension needs a non-empty name");
    }

    @Override public String toString() { return "SearchSpace" + dims.values(); }
}
