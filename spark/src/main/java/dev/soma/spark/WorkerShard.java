package dev.soma.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What one worker trains on during one epoch: its samples, sorted by their position in the epoch's order. A step's
 * piece is then one contiguous run of them, found by binary search on the positions.
 */
final class WorkerShard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int worker;
    final int[] positions;
    final SparkSample[] samples;

    /** Sorts {@code placed} (position, sample) pairs by position. */
    WorkerShard(int worker, List<Placed> placed) {
        this.worker = worker;
        Placed[] sorted = placed.toArray(new Placed[0]);
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.position(), b.position()));
        positions = new int[sorted.length];
        samples = new SparkSample[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            positions[i] = sorted[i].position();
            samples[i] = sorted[i].sample();
        }
    }

    /** A sample and its position in the epoch's order. */
    record Placed(int position, SparkSample sample) implements Serializable {}

    /** The index into {@link #samples} of position {@code position}; the sampler guarantees it is here. */
    int indexOf(int position) {
        int i = Arrays.binarySearch(positions, position);
        if (i < 0) throw new IllegalStateException("worker " + worker + " does not hold epoch position " + position
                + ": the epoch's data was placed for another sampler");
        return i;
    }
}
