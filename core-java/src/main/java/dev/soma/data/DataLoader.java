package dev.soma.data;

import dev.soma.tensor.Generator;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Batches of a dataset, as torch.utils.data.DataLoader: each {@link #iterator()} is one epoch, in order or
 * shuffled (epoch e's order depends only on the seed and e), the last short batch kept or dropped. A worker
 * thread prepares the next batches ahead, so the training thread does not wait on gathering or decoding;
 * its errors surface on the training thread, and an epoch abandoned midway stops its worker.
 */
public final class DataLoader<S> implements Iterable<Batch> {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Dataset<S> dataset;
    private final int batchSize, prefetch;
    private final boolean shuffle, dropLast;
    private final long seed;
    private final Function<List<S>, Batch> collate;
    private int epoch;

    private DataLoader(Builder<S> b) {
        dataset = b.dataset;
        batchSize = b.batchSize;
        prefetch = b.prefetch;
        shuffle = b.shuffle;
        dropLast = b.dropLast;
        seed = b.seed;
        collate = b.collate;
    }

    /** A loader of {@code dataset}; configure it with the builder's methods, then {@code build()}. */
    public static <S> Builder<S> builder(Dataset<S> dataset) { return new Builder<>(dataset); }

    /** Options with PyTorch's defaults: batch size 1, no shuffling, keep the last batch; two batches prefetched. */
    public static final class Builder<S> {
        private final Dataset<S> dataset;
        private int batchSize = 1, prefetch = 2;
        private boolean shuffle, dropLast;
        private long seed;
        private Function<List<S>, Batch> collate;

        private Builder(Dataset<S> dataset) { this.dataset = dataset; }

        public Builder<S> batchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("DataLoader: batch_size should be a positive integer, got " + n);
            batchSize = n;
            return this;
        }

        /** Shuffles every epoch with orders drawn from {@code seed}. */
        public Builder<S> shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        public Builder<S> dropLast(boolean drop) {
            dropLast = drop;
            return this;
        }

        /** Turns a list of samples into a batch; needed unless the dataset is a {@link TensorDataset} or holds {@link Sample}s. */
        public Builder<S> collate(Function<List<S>, Batch> f) {
            collate = f;
            return this;
        }

        /** Batches prepared ahead on the worker thread (0: none, everything on the caller's thread). */
        public Builder<S> prefetch(int batches) {
            if (batches < 0) throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + batches);
            prefetch = batches;
            return this;
        }

        public DataLoader<S> build() { return new DataLoader<>(this); }
    }

    /** The number of batches per epoch (len(loader)). */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset batched. */
    public Dataset<S> dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    /** The epoch the next {@link #iterator()} serves (0 before the first); with shuffling, it picks the order. */
    public int epoch() { return epoch; }

    /**
     * Makes the next {@link #iterator()} serve epoch {@code e} (as a DistributedSampler's set_epoch): a loader built
     * afresh and set to e gives the orders a loader that has run e epochs gives, which is what resuming needs.
     */
    public void setEpoch(int e) {
        if (e < 0) throw new IllegalArgumentException("DataLoader: epoch must be >= 0, got " + e);
        epoch = e;
    }

    /** The sample order of {@code epoch}: 0..n−1, or a permutation drawn from the seed and the epoch. */
    int[] order(int epoch) {
        int n = dataset.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (shuffle) {
            Generator g = new Generator(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = (int) g.nextLong(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    @SuppressWarnings("unchecked")
    private Batch makeBatch(int[] order, int from, int to) {
        if (collate == null && dataset instanceof TensorDataset td) return td.batch(order, from, to);
        List<S> samples = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) samples.add(dataset.get(order[i]));
        if (collate != null) return collate.apply(samples);
        if (!samples.isEmpty() && samples.get(0) instanceof Sample) return Sample.collate((List<Sample>) samples);
        if (!samples.isEmpty() && samples.get(0) instanceof dev.soma.tensor.Tensor[] first) return stackRows((List<dev.soma.tensor.Tensor[]>) samples, first.length);
        throw new IllegalStateException("DataLoader: no collate function for samples of type "
                + (samples.isEmpty() ? "?" : samples.get(0).getClass().getSimpleName()) + "; pass one with collate(...)");
    }

    /** (input, target) rows stacked along a new batch dim. */
    private static Batch stackRows(List<dev.soma.tensor.Tensor[]> rows, int width) {
        dev.soma.tensor.Tensor[] inputs = new dev.soma.tensor.Tensor[rows.size()], targets = new dev.soma.tensor.Tensor[rows.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = rows.get(i)[0];
            if (width > 1) targets[i] = rows.get(i)[1];
        }
        return new Batch(dev.soma.tensor.Tensor.stack(inputs, 0), width > 1 ? dev.soma.tensor.Tensor.stack(targets, 0) : null);
    }

    /** One epoch of batches; the next call starts the next epoch. */
    @Override public Iterator<Batch> iterator() {
        int[] order = order(epoch++);
        int batches = size();
        if (prefetch == 0) {
            return new Iterator<>() {
                int b;

                @Override public boolean hasNext() { return b < batches; }

                @Override public Batch next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    int from = b++ * batchSize;
                    return makeBatch(order, from, Math.min(from + batchSize, order.length));
                }
            };
        }
        return new Prefetching(order, batches);
    }

    /** What the worker hands over: a batch, the end, or a failure. */
    private record Item(Batch batch, Throwable error) {
        static final Item END = new Item(null, null);
    }

    /** Shared between an epoch's iterator and its worker; holds no reference to the iterator, so the iterator can be collected. */
    private static final class Channel implements Runnable {
        final BlockingQueue<Item> queue;
        volatile boolean cancelled;

        Channel(int capacity) { queue = new ArrayBlockingQueue<>(capacity); }

        /** Offers until taken or cancelled; false when cancelled. */
        boolean put(Item item) throws InterruptedException {
            while (!cancelled) if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) return true;
            return false;
        }

        @Override public void run() { cancelled = true; }    // the cleaning action of an abandoned iterator
    }

    private final class Prefetching implements Iterator<Batch> {
        private final Channel channel;
        private final int batches;
        private int taken;

        Prefetching(int[] order, int batches) {
            this.batches = batches;
            Channel ch = channel = new Channel(prefetch);
            // The worker must not reach this iterator (only the loader and the channel), or an abandoned
            // iterator could never be collected and its worker never told to stop.
            DataLoader<S> loader = DataLoader.this;
            int size = batchSize;
            Thread worker = new Thread(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        int from = b * size;
                        Batch batch = loader.makeBatch(order, from, Math.min(from + size, order.length));
                        if (!ch.put(new Item(batch, null))) return;
                    }
                    ch.put(Item.END);
                } catch (Throwable t) {
                    try {
                        ch.put(new Item(null, t));
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "soma-dataloader");
            worker.setDaemon(true);
            CLEANER.register(this, ch);
            worker.start();
        }

        @Override public boolean hasNext() { return taken < batches; }

        @Override public Batch next() {
            if (!hasNext()) throw new NoSuchElementException();
            Item item;
            try {
                item = channel.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.cancelled = true;
                throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + taken, e);
            }
            if (item.error != null) {
                channel.cancelled = true;
                throw new IllegalStateException("DataLoader: preparing batch " + taken + " failed: " + item.error, item.error);
            }
            taken++;
            if (taken == batches) channel.cancelled = true;
            return item.batch;
        }
    }
}
