package dev.soma.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Packed B panels of one array kept for reuse, as inference libraries pre-pack their weights: a product given this
 * cache reads op(B) from an earlier product's packed copy instead of packing it again. The caller owns the cache's
 * validity: it hands out a fresh cache whenever the array's contents change (the tensor layer keys it to the weight
 * storage's version counter). A copy is made only for products whose B fits one packed block, of at least
 * {@link #MIN_FLOATS} floats: it lives in a line-aligned array, which G1 gives only to arrays of at least half a heap
 * region (1 MB with 2 MB regions), so a smaller copy is mostly padding, and below that size packing costs only a few
 * microseconds. Copies are keyed by everything the packed layout depends on. Safe for the threads of one product.
 */
public final class PackedBCache {
    /**
     * The fewest packed floats (128 KB) worth a copy of their own: W6b's second layer (256 × 128 over k 256) packs
     * 32K floats, and keeping them took the MLP's batch from about 580 to 550 µs (in-JVM runs of W6b's forward).
     */
    static final int MIN_FLOATS = 1 << 15;

    private record Entry(MicroKernel kernel, boolean transB, int bOff, int ldb, int k, int n, float[] packed) {}

    private final List<Entry> entries = new ArrayList<>(2);

    /** An empty cache. */
    public PackedBCache() {}

    /** The packed panels of op(B) (k × n, stored from bOff with row stride ldb) for this kernel, or null. */
    synchronized float[] find(MicroKernel kernel, boolean transB, int bOff, int ldb, int k, int n) {
        for (Entry e : entries)
            if (e.kernel == kernel && e.transB == transB && e.bOff == bOff && e.ldb == ldb && e.k == k && e.n == n) return e.packed;
        return null;
    }

    synchronized void put(MicroKernel kernel, boolean transB, int bOff, int ldb, int k, int n, float[] packed) {
        entries.add(new Entry(kernel, transB, bOff, ldb, k, n, packed));
    }

    /** The number of packed copies held (for tests). */
    public synchronized int size() { return entries.size(); }
}
