package dev.soma.spark;

import dev.soma.tensor.Generator;
import java.io.Serializable;

/**
 * The seeded sampler of data-parallel training. Epoch e's order of the n samples is the permutation core's
 * shuffling DataLoader draws for the same seed and epoch; step s takes the global batch at positions
 * [s·B, min((s+1)·B, n)) of it (the last one short, or dropped with dropLast, as the DataLoader does), and
 * cuts it into one contiguous piece per worker, sizes differing by at most one. So every sample of an epoch
 * goes to exactly one worker, and the workers' pieces of a step together are the single-process batch.
 */
public final class EpochSharding implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;    // the DataLoader's seed-to-epoch mixing constant

    private final int samples, batchSize, workers;
    private final boolean shuffle, dropLast;
    private final long seed;

    /** A sampler of {@code samples} samples for {@code workers} workers; {@code shuffle} false keeps the data order. */
    public EpochSharding(int samples, int batchSize, int workers, boolean shuffle, long seed, boolean dropLast) {
        if (samples < 1) throw new IllegalArgumentException("EpochSharding: need at least one sample, got " + samples);
        if (batchSize < 1) throw new IllegalArgumentException("EpochSharding: batch_size should be a positive integer, got " + batchSize);
        if (workers < 1) throw new IllegalArgumentException("EpochSharding: need at least one worker, got " + workers);
        if (batchSize < workers)
            throw new IllegalArgumentException("EpochSharding: global batch " + batchSize + " is smaller than the " + workers
                    + " workers; every worker needs at least one sample per step");
        if (dropLast && samples < batchSize)
            throw new IllegalArgumentException("EpochSharding: " + samples + " samples make no full batch of " + batchSize + " with dropLast");
        this.samples = samples;
        this.batchSize = batchSize;
        this.workers = workers;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    public int samples() { return samples; }

    public int batchSize() { return batchSize; }

    public int workers() { return workers; }

    /** Steps per epoch, as len(DataLoader). */
    public int steps() { return dropLast ? samples / batchSize : (samples + batchSize - 1) / batchSize; }

    /** The number of samples of global step {@code step} (the last may be short). */
    public int batchOf(int step) {
        checkStep(step);
        return Math.min(batchSize, samples - step * batchSize);
    }

    /** Position in the epoch order where worker {@code worker}'s piece of step {@code step} starts. */
    public int shardStart(int step, int worker) {
        checkStep(step);
        if (worker < 0 || worker >= workers) throw new IllegalArgumentException("EpochSharding: worker " + worker + " of " + workers);
        int b = batchOf(step);    // a last batch shorter than the workers gives the first b workers one sample each
        int base = b / workers, extra = b % workers;
        return step * batchSize + worker * base + Math.min(worker, extra);
    }

    /** The number of samples worker {@code worker} gets at step {@code step} (0 only in a last batch shorter than the workers). */
    public int shardSize(int step, int worker) {
        int end = worker + 1 < workers ? shardStart(step, worker + 1) : step * batchSize + batchOf(step);
        return end - shardStart(step, worker);
    }

    /** The worker that gets the sample at {@code position} of an epoch's order, or −1 when dropLast leaves it out. */
    public int workerOf(int position) {
        if (position < 0 || position >= samples) throw new IllegalArgumentException("EpochSharding: position " + position + " of " + samples);
        int step = position / batchSize;
        if (step >= steps()) return -1;
        int w = 0;
        while (w + 1 < workers && shardStart(step, w + 1) <= position) w++;
        return w;
    }

    /** Epoch {@code epoch}'s order: the sample index at each position (0..n−1 when not shuffling). */
    public int[] order(int epoch) {
        int[] idx = new int[samples];
        for (int i = 0; i < samples; i++) idx[i] = i;
        if (shuffle) {
            Generator g = new Generator(seed * GOLDEN + epoch);
            for (int i = samples - 1; i > 0; i--) {
                int j = (int) g.nextLong(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** The inverse of {@link #order}: each sample index's position in epoch {@code epoch}. */
    public int[] positions(int epoch) {
        int[] order = order(epoch), pos = new int[samples];
        for (int p = 0; p < samples; p++) pos[order[p]] = p;
        return pos;
    }

    private void checkStep(int step) {
        if (step < 0 || step >= steps()) throw new IllegalArgumentException("EpochSharding: step " + step + " of " + steps());
    }
}
