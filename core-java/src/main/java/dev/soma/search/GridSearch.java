package dev.soma.search;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Exhaustive search (scikit-learn's GridSearchCV without the cross-validation): every config of the cartesian
 * product of the dimensions, first dimension slowest; a continuous dimension takes {@link #points} values.
 */
public final class GridSearch {
    private final SearchSpace space;
    private int points;
    private Pruner pruner;

    /** A grid over {@code space}. */
    public GridSearch(SearchSpace space) {
        if (space == null) throw new IllegalArgumentException("GridSearch: space must not be null");
        this.space = space;
    }

    /** The number of values each continuous dimension takes, ends included; returns this. */
    public GridSearch points(int points) {
        if (points < 1) throw new IllegalArgumentException("GridSearch: points must be >= 1, got " + points);
        this.points = points;
        return this;
    }

    /** Abandons trials the pruner rejects from their reported scores (none by default); returns this. */
    public GridSearch pruner(Pruner pruner) {
        this.pruner = pruner;
        return this;
    }

    /** The configs in the order they will run. */
    public List<Map<String, Object>> configs() { return space.grid(points); }

    /** Runs the objective on every config and ranks the trials highest score first. */
    public SearchResult maximize(ToDoubleFunction<Trial> objective) { return run(Direction.MAXIMIZE, objective); }

    /** Runs the objective on every config and ranks the trials lowest score first. */
    public SearchResult minimize(ToDoubleFunction<Trial> objective) { return run(Direction.MINIMIZE, objective); }

    /** Runs the objective on every config, ranking by {@code direction}. */
    public SearchResult run(Direction direction, ToDoubleFunction<Trial> objective) {
        return TrialRunner.run(configs(), direction, pruner, objective);
    }
}
