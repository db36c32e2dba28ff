package dev.soma.tensor;

import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recycles large result arrays, as PyTorch's caching allocator recycles freed blocks: when the garbage collector
 * finds a pooled tensor's storage unreachable, its array comes back here, and the next op that needs a result
 * of the same length reuses it instead of allocating. A fresh multi-megabyte array costs more than a memory-bound
 * op itself (measured: 1.6 ms for 16 MB, against 0.9 ms for an add into an existing buffer), since it lands on
 * memory the caches have not seen. Only results that an op overwrites completely come from here; their old
 * contents are unspecified. The pool keeps at most an eighth of the maximum heap, and 16 arrays of one length.
 */
final class BufferPool {
    private BufferPool() {}

    /** Arrays shorter than this (1 MB) are cheap to allocate and are never pooled. */
    static final int MIN_LENGTH = 1 << 18;
    /** At most this many bytes wait in the pool: {@code -Dsoma.poolBytes} (0 turns reuse off), default an eighth of the heap. */
    private static final long CAP_FLOATS = Long.getLong("soma.poolBytes", Runtime.getRuntime().maxMemory() / 8) / Float.BYTES;
    /** At most this many arrays of one length wait, so lengths no longer asked for cannot hold the whole cap. */
    private static final int PER_LENGTH = 16;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Map<Integer, ConcurrentLinkedDeque<float[]>> FREE = new ConcurrentHashMap<>();
    private static final AtomicLong pooled = new AtomicLong();

    /** An array of length n with unspecified contents, for a result the caller writes in full. */
    static float[] take(int n) {
        if (n >= MIN_LENGTH) {
            ConcurrentLinkedDeque<float[]> q = FREE.get(n);
            float[] a = q == null ? null : q.pollFirst();
            if (a != null) {
                pooled.addAndGet(-n);
                return a;
            }
        }
        return new float[n];
    }

    /** A contiguous tensor over an array from {@link #take}, whose array returns to the pool once it is unreachable. */
    static Tensor wrap(float[] data, int[] shape, DType dtype) {
        Tensor t = Tensor.wrap(data, shape, dtype);
        if (data.length >= MIN_LENGTH && CAP_FLOATS > 0) CLEANER.register(t.storage, new Release(data));
        return t;
    }

    /** The number of floats waiting in the pool (for tests). */
    static long pooledFloats() { return pooled.get(); }

    /** The number of arrays of this length waiting in the pool (for tests). */
    static int available(int length) {
        ConcurrentLinkedDeque<float[]> q = FREE.get(length);
        return q == null ? 0 : q.size();
    }

    // Holds the array, not the storage: the storage must become unreachable for this to run.
    private record Release(float[] data) implements Runnable {
        @Override public void run() {
            ConcurrentLinkedDeque<float[]> q = FREE.computeIfAbsent(data.length, k -> new ConcurrentLinkedDeque<>());
            if (q.size() >= PER_LENGTH) return;    // enough of this length: the array is left to the collector
            if (pooled.addAndGet(data.length) > CAP_FLOATS) {
                pooled.addAndGet(-data.length);
                return;
            }
            q.addFirst(data);
        }
    }
}
