package dev.soma.tensor;

import dev.soma.kernel.PackedBCache;

/**
 * The flat buffer a tensor and all of its views share, with a version counter bumped by every in-place
 * write, so that autograd can tell when a saved tensor was modified after it was saved.
 *
 * <p>A storage can be closed ({@link Tensor#close()}): its array may then hold another tensor's values, so every
 * read through {@link #data()} refuses from then on instead of returning it.
 */
final class Storage {
    // Numbers storages in creation order, so the autograd engine can tell which ones a backward step made.
    private static final java.util.concurrent.atomic.AtomicLong CREATED = new java.util.concurrent.atomic.AtomicLong();

    private final float[] data;
    final long serial = CREATED.getAndIncrement();
    private int version;
    // Plain fields: closing a tensor while another thread still uses it is a race in the caller's code either way.
    private boolean closed;
    /** Gives the array back to the pool at most once: run by close(), or by the cleaner once this is unreachable. */
    java.lang.ref.Cleaner.Cleanable recycler;

    // Test hook: when set, told the length of every storage created, so a test can count full-size buffers.
    static volatile java.util.function.IntConsumer createdListener;

    Storage(float[] data) {
        this.data = data;
        java.util.function.IntConsumer listener = createdListener;
        if (listener != null) listener.accept(data.length);
    }

    /** The array, unless this storage was closed. */
    float[] data() {
        if (closed)
            throw new IllegalStateException("this tensor was closed (Tensor.close()): its memory went back to the pool "
                    + "and may now hold another tensor's values");
        return data;
    }

    boolean closed() { return closed; }

    /** Marks this storage closed and gives a pooled array back for reuse now rather than after a collection. */
    void close() {
        if (closed) return;
        closed = true;
        if (recycler != null) recycler.clean();
    }

    /** The serial the next storage will get: storages with a serial at or above it were created after this call. */
    static long nextSerial() { return CREATED.get(); }

    int version() { return version; }

    // Packed copies of this array as a GEMM's B operand, with the version they were packed at: one immutable pair in
    // one field, so a thread never reads a new version beside an old cache.
    private record PackedAt(PackedBCache cache, int version) {}
    private PackedAt packedB;

    /** The packed copies of this array's current contents; a new, empty cache once the version moved on. */
    PackedBCache packedB() {
        PackedAt p = packedB;
        if (p == null || p.version() != version) packedB = p = new PackedAt(new PackedBCache(), version);
        return p.cache();
    }

    void bumpVersion() { version++; }
}
