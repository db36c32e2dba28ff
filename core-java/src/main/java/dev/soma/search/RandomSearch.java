package dev.soma.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Random search (Bergstra &amp; Bengio 2012): {@code trials} configs drawn independently from the space with a
 * seeded generator, so the same seed gives the same configs.
 */
public final class RandomSearch {
    private final SearchSpace space;
    private final int trials;
    private final long seed;
    private Pruner pruner;

    /** {@code trials} random configs from {@code space}, drawn from {@code seed}. */
    public RandomSearch(SearchSpace space, int trials, long seed) {
        if (space == null) throw new IllegalArgumentException("RandomSearch: space must not be null");
        if (trials < 0) throw new IllegalArgumentException("RandomSearch: trials must be >= 0, got " + trials);
        this.space = space;
        this.trials = trials;
        this.seed = seed;
    }

    /** Abandons trials the pruner rejects from their reported scores (none by default); returns this. */
    public RandomSearch pruner(Pruner pruner) {
        this.pruner = pruner;
        return this;
    }

    /** The configs in the order they will run (the same for the same seed). */
    public List<Map<String, Object>> configs() {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < trials; i++) out.add(space.sample(rng));
        return out;
    }

    /** Runs the objective on every config and ranks the trials highest score first. */
    public SearchResult maximize(ToDoubleFunction<Trial> objective) { return run(Direction.MAXIMIZE, objective); }

    /** Runs the objective on every config and ranks the trials lowest score first. */
    public SearchResult minimize(ToDoubleFunction<Trial> objective) { return run(Direction.MINIMIZE, objective); }

    /** Runs the objective on every config, ranking by {@code direction}. */
    public SearchResult run(Direction direction, ToDoubleFunction<Trial> objective) {
        return TrialRunner.run(configs(), direction, pruner, objective);
    }
}
