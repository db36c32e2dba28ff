package dev.soma.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The trials of a finished search, best first: complete trials by score (NaN last), then pruned ones in run order. */
public final class SearchResult {
    private final Direction direction;
    private final List<Trial> trials;

    SearchResult(Direction direction, List<Trial> runOrder) {
        this.direction = direction;
        List<Trial> sorted = new ArrayList<>(runOrder);
        sorted.sort(Comparator.<Trial>comparingInt(t -> t.state() == Trial.State.COMPLETE ? 0 : 1)
                .thenComparing((a, b) -> a.state() == Trial.State.COMPLETE ? direction.compare(a.score(), b.score()) : 0)
                .thenComparingInt(Trial::number));
        this.trials = List.copyOf(sorted);
    }

    /** Whether higher or lower scores won. */
    public Direction direction() { return direction; }

    /** Every trial, best first. */
    public List<Trial> trials() { return trials; }

    /** The best complete trial. */
    public Trial best() {
        if (trials.isEmpty() || trials.get(0).state() != Trial.State.COMPLETE)
            throw new IllegalStateException("search: no trial completed (" + trials.size() + " run)");
        return trials.get(0);
    }

    /** The number of trials the pruner abandoned. */
    public long prunedCount() { return trials.stream().filter(t -> t.state() == Trial.State.PRUNED).count(); }

    /** A table: rank, trial number, state, score and config, best first. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Search (" + direction.name().toLowerCase(Locale.ROOT) + "), " + trials.size() + " trials\n");
        sb.append(String.format(Locale.ROOT, "%5s  %6s  %9s  %14s  %s%n", "rank", "trial", "state", "score", "config"));
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            sb.append(String.format(Locale.ROOT, "%5d  %6d  %9s  %14.6g  %s%n", i + 1, t.number(), t.state(), t.score(), t.config()));
        }
        return sb.toString();
    }
}
