package dev.soma.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One named hyper-parameter of a {@link SearchSpace}: a set of choices or a numeric range, sampled or gridded. */
public sealed interface Dimension {
    /** The hyper-parameter's name, the key of its value in a trial's config. */
    String name();

    /** A value drawn at random from this dimension. */
    Object sample(SplittableRandom rng);

    /** The values a grid visits, in ascending (or declared) order; {@code points} is used by continuous dimensions only. */
    List<Object> grid(int points);

    /** True for a continuous range, which a grid needs a number of points to cover. */
    default boolean continuous() { return false; }

    /** One of the given values, each equally likely; a grid visits all of them in order. */
    record Choice(String name, List<Object> values) implements Dimension {
        public Choice {
            SearchSpace.checkName(name);
            if (values == null || values.isEmpty()) throw new IllegalArgumentException("choice '" + name + "': give at least one value");
            if (values.contains(null)) throw new IllegalArgumentException("choice '" + name + "': values must not be null, got " + values);
            values = List.copyOf(values);
        }

        @Override public Object sample(SplittableRandom rng) { return values.get(rng.nextInt(values.size())); }

        @Override public List<Object> grid(int points) { return values; }
    }

    /** A double uniform in [low, high); a grid visits {@code points} evenly spaced values from low to high inclusive. */
    record Uniform(String name, double low, double high) implements Dimension {
        public Uniform {
            SearchSpace.checkName(name);
            if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high))
                throw new IllegalArgumentException("uniform '" + name + "': expected finite low <= high, got " + low + " and " + high);
        }

        @Override public Object sample(SplittableRandom rng) { return low + rng.nextDouble() * (high - low); }

        @Override public List<Object> grid(int points) { return spaced(low, high, points, false); }

        @Override public boolean continuous() { return true; }
    }

    /** An int uniform in [low, high], both included; a grid visits every one of them. */
    record IntRange(String name, int low, int high) implements Dimension {
        public IntRange {
            SearchSpace.checkName(name);
            if (low > high) throw new IllegalArgumentException("int range '" + name + "': expected low <= high, got " + low + " and " + high);
        }

        @Override public Object sample(SplittableRandom rng) { return (int) (low + rng.nextLong((long) high - low + 1)); }

        @Override public List<Object> grid(int points) {
            List<Object> out = new ArrayList<>();
            for (long v = low; v <= high; v++) out.add((int) v);
            return out;
        }
    }

    /**
     * A double whose logarithm is uniform: exp(U(ln low, ln high)), for scales such as learning rates; a grid visits
     * {@code points} geometrically spaced values from low to high inclusive.
     */
    record LogUniform(String name, double low, double high) implements Dimension {
        public LogUniform {
            SearchSpace.checkName(name);
            if (!(low > 0 && Double.isFinite(high) && low <= high))
                throw new IllegalArgumentException("log-uniform '" + name + "': expected 0 < low <= high, got " + low + " and " + high);
        }

        @Override public Object sample(SplittableRandom rng) {
            double v = Math.exp(Math.log(low) + rng.nextDouble() * (Math.log(high) - Math.log(low)));
            return Math.min(Math.max(v, low), high);
        }

        @Override public List<Object> grid(int points) { return spaced(low, high, points, true); }

        @Override public boolean continuous() { return true; }
    }

    // points values from low to high inclusive, evenly (or geometrically) spaced; one point is the (geometric) middle.
    private static List<Object> spaced(double low, double high, int points, boolean log) {
        if (points < 1) throw new IllegalArgumentException("a grid needs at least one point per continuous dimension, got " + points);
        double a = log ? Math.log(low) : low, b = log ? Math.log(high) : high;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            Object value;
            if (points > 1 && i == 0) value = low;                    // the ends exactly, without rounding
            else if (points > 1 && i == points - 1) value = high;
            else {
                double v = a + (points == 1 ? 0.5 : (double) i / (points - 1)) * (b - a);
                value = log ? Math.exp(v) : v;
            }
            out.add(value);
        }
        return out;
    }
}
