package dev.soma.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The loop both searches share: one trial per config, in order, pruned trials caught and kept. */
final class TrialRunner {
    private TrialRunner() {}

    static SearchResult run(List<Map<String, Object>> configs, Direction direction, Pruner pruner, ToDoubleFunction<Trial> objective) {
        if (direction == null || objective == null) throw new IllegalArgumentException("search: direction and objective must not be null");
        List<Trial> done = new ArrayList<>();
        for (Map<String, Object> config : configs) {
            Trial t = new Trial(done.size(), config, pruner, List.copyOf(done), direction);
            try {
                t.complete(objective.applyAsDouble(t));
            } catch (TrialPrunedException e) {
                t.markPruned();
            }
            done.add(t);
        }
        return new SearchResult(direction, done);
    }
}
