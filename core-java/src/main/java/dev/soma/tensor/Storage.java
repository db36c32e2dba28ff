package dev.soma.tensor;

/**
 * The flat buffer a tensor and all of its views share, with a version counter bumped by every in-place
 * write, so that autograd can tell when a saved tensor was modified after it was saved.
 */
final class Storage {
    final float[] data;
    private int version;

    Storage(float[] data) { this.data = data; }

    int version() { return version; }

    void bumpVersion() { version++; }
}
