package dev.soma.data;

/**
 * A map-style dataset (torch.utils.data.Dataset): a fixed number of samples read by index. {@code get} may be
 * called from a loader's worker thread, so implementations must not depend on the calling thread.
 */
public interface Dataset<S> {
    /** The number of samples. */
    int size();

    /** Sample {@code index}, 0 ≤ index < size(). */
    S get(int index);
}
