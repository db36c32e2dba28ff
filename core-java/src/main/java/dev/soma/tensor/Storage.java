package dev.soma.tensor;

/**
 * The flat buffer a tensor and all of its views share, with a version counter bumped by every in-place
 * write, so that autograd can tell when a saved tensor was modified after it was saved.
 */
final class Storage {
    // Numbers storages in creation order, so the autograd engine can tell which ones a backward step made.
    private static final java.util.concurrent.atomic.AtomicLong CREATED = new java.util.concurrent.atomic.AtomicLong();

    final float[] data;
    final long serial = CREATED.getAndIncrement();
    private int version;

    // Test hook: when set, told the length of every storage created, so a test can count full-size buffers.
    static volatile java.util.function.IntConsumer createdListener;

    Storage(float[] data) {
        this.data = data;
        java.util.function.IntConsumer listener = createdListener;
        if (listener != null) listener.accept(data.length);
    }

    /** The serial the next storage will get: storages with a serial at or above it were created after this call. */
    static long nextSerial() { return CREATED.get(); }

    int version() { return version; }

    void bumpVersion() { version++; }
}
