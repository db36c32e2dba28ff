package dev.soma.search;

import dev.soma.tensor.Generator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Grid and random hyper-parameter search: calls a user objective (train, then return a score) for each
 * configuration and returns every trial, best first. Trials the pruner abandons are kept, marked pruned.
 */
public final class Search {
    /** One trial's outcome: configuration, final score (NaN when pruned) and whether it was pruned. */
    public record Result(int trial, Map<String, Object> config, double score, boolean pruned) {}

    /** All trials sorted best first (pruned ones last). */
    public record Results(List<Result> trials) {
        /** The best completed trial. */
        public Result best() {
            return trials.stream().filter(r -> !r.pruned).findFirst()
                    .orElseThrow(() -> new IllegalStateException("every trial was pruned"));
        }
    }

    private Search() {}

    /** Every combination of the space's grid values. */
    public static Results grid(SearchSpace space, ToDoubleFunction<Trial> objective, boolean maximize, Pruner pruner) {
        return run(space.grid(), objective, maximize, pruner);
    }

    /** {@code trials} configurations drawn from the space with {@code seed}. */
    public static Results random(SearchSpace space, int trials, long seed, ToDoubleFunction<Trial> objective, boolean maximize,
                                 Pruner pruner) {
        Generator g = new Generator(seed);
        List<Map<String, Object>> configs = new ArrayList<>();
        for (int i = 0; i < trials; i++) configs.add(space.sample(g));
        return run(configs, objective, maximize, pruner);
    }

    private static Results run(List<Map<String, Object>> configs, ToDoubleFunction<Trial> objective, boolean maximize, Pruner pruner) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Trial t = new Trial(i, Map.copyOf(configs.get(i)), pruner);
            double score;
            boolean pruned = false;
            try {
                score = objective.applyAsDouble(t);
            } catch (TrialPruned p) {
                score = Double.NaN;
                pruned = true;
            }
            if (pruner != null && !pruned) pruner.record(t.reports());
            results.add(new Result(i, configs.get(i), score, pruned));
        }
        Comparator<Result> byScore = Comparator.comparingDouble(Result::score);
        if (maximize) byScore = byScore.reversed();
        results.sort(Comparator.comparing(Result::pruned).thenComparing(byScore));
        return new Results(List.copyOf(results));
    }
}
