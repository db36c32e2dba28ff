package dev.soma.tensor;

import java.lang.ref.Cleaner;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recycles large result arrays, as PyTorch's caching allocator recycles freed blocks: when a pooled tensor is
 * closed ({@link Tensor#close()}), or when the garbage collector finds its storage unreachable, its array comes back here, and the next op that needs a result
 * of the same length reuses it instead of allocating. A fresh multi-megabyte array costs more than a memory-bound
 * op itself (measured: 1.6 ms for 16 MB, against 0.9 ms for an add into an existing buffer), since the JVM zeroes
 * it first. Only results that an op overwrites completely come from here; their old contents are unspecified.
 *
 * <p>The collector returns arrays in batches, all those dropped since its last cycle (tens of them when a loop
 * makes a 16 MB result per call), so the pool keeps every one it can: a cap on bytes, an eighth of the maximum
 * heap by default, and no cap per length. When the cap is reached, arrays of the length taken least recently
 * make room first, so a length no longer asked for (the last, smaller batch of an epoch) cannot hold the pool.
 *
 * <p>Every array on its way back or waiting is held softly: the collector may take it whenever memory runs short,
 * so recycling can never be the cause of an OutOfMemoryError. (Held strongly, an array whose tensor died stays
 * reachable until the cleaner's thread has run; a loop making results faster than that thread gets the CPU ran
 * a 4 GB heap out of memory.)
 */
final class BufferPool {
    private BufferPool() {}

    /**
     * Arrays shorter than this (64 KB) are never pooled. From there on a fresh array costs more than the op that fills
     * it: the JVM zeroes memory that is not in cache at about 10 GB/s here (new float[16384] 6.4 µs, [65536] 25 µs,
     * [262144] 101 µs, against a ReLU's 8 µs over 65536 floats); pooling W6b's 128- and 256-KB activations took it
     * from 342K to 356K samples/s.
     */
    static final int MIN_LENGTH = 1 << 14;
    /** At most this many bytes wait in the pool: {@code -Dsoma.poolBytes} (0 turns reuse off), default an eighth of the heap. */
    private static final long CAP_FLOATS = Long.getLong("soma.poolBytes", Runtime.getRuntime().maxMemory() / 8) / Float.BYTES;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Map<Integer, Shelf> SHELVES = new ConcurrentHashMap<>();
    private static final AtomicLong pooled = new AtomicLong();
    /** Counts takes, to order lengths by when they were last asked for. */
    private static final AtomicLong clock = new AtomicLong();

    /** The arrays of one length waiting for reuse, most recently returned first, and when that length was last taken. */
    private static final class Shelf {
        final ConcurrentLinkedDeque<SoftReference<float[]>> arrays = new ConcurrentLinkedDeque<>();
        volatile long lastTaken;
    }

    /** An array of length n with unspecified contents, for a result the caller writes in full. */
    static float[] take(int n) {
        if (n >= MIN_LENGTH && CAP_FLOATS > 0) {
            Shelf shelf = SHELVES.computeIfAbsent(n, k -> new Shelf());
            shelf.lastTaken = clock.incrementAndGet();
            for (SoftReference<float[]> ref; (ref = shelf.arrays.pollFirst()) != null; ) {
                pooled.addAndGet(-n);
                float[] a = ref.get();
                if (a != null) return a;    // else the collector took it: try the next
            }
        }
        return new float[n];
    }

    /** A contiguous tensor over an array from {@link #take}, whose array returns to the pool once it is closed or unreachable. */
    static Tensor wrap(float[] data, int[] shape, DType dtype) {
        Tensor t = Tensor.wrap(data, shape, dtype);
        if (data.length >= MIN_LENGTH && CAP_FLOATS > 0)
            t.storage.recycler = CLEANER.register(t.storage, new Release(new SoftReference<>(data)));
        return t;
    }

    /** The number of floats waiting in the pool (for tests). */
    static long pooledFloats() { return pooled.get(); }

    /** The number of arrays of this length waiting in the pool and not yet taken by the collector (for tests). */
    static int available(int length) {
        Shelf shelf = SHELVES.get(length);
        return shelf == null ? 0 : (int) shelf.arrays.stream().filter(r -> r.get() != null).count();
    }

    /** Puts an array back (the cleaner's thread does this for dropped results; tests call it directly). */
    static synchronized void give(float[] data) {
        if (data.length > CAP_FLOATS) return;
        SHELVES.computeIfAbsent(data.length, k -> new Shelf()).arrays.addFirst(new SoftReference<>(data));
        pooled.addAndGet(data.length);
        trimTo(CAP_FLOATS);
    }

    /** Lets arrays go, the oldest of the length taken least recently first, until at most cap floats wait. */
    static synchronized void trimTo(long cap) {
        while (pooled.get() > cap) {
            Map.Entry<Integer, Shelf> stalest = null;
            for (Map.Entry<Integer, Shelf> e : SHELVES.entrySet())
                if (!e.getValue().arrays.isEmpty() && (stalest == null || e.getValue().lastTaken < stalest.getValue().lastTaken))
                    stalest = e;
            // Its oldest array is left to the collector.
            if (stalest == null || stalest.getValue().arrays.pollLast() == null) break;
            pooled.addAndGet(-stalest.getKey());
        }
    }

    // Holds the array, not the storage: the storage must become unreachable for this to run.
    private record Release(SoftReference<float[]> data) implements Runnable {
        @Override public void run() {
            float[] a = data.get();
            if (a != null) give(a);
        }
    }
}
