package dev.soma.kernel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Packed B panels of one array kept for reuse, as inference libraries pre-pack their weights: a product given this
 * cache reads op(B) from an earlier product's packed copy instead of packing it again. The caller owns the cache's
 * validity: it hands out a fresh cache whenever the array's contents change (the tensor layer keys it to the weight
 * storage's version counter). A copy is made only for products whose B fits one packed block, of at least
 * {@link #MIN_FLOATS} floats: it lives in a line-aligned array, which G1 gives only to arrays of at least half a heap
 * region (1 MB with 2 MB regions), so a smaller copy is mostly padding, and below that size packing costs only a few
 * microseconds. Copies are keyed by everything the packed layout depends on, and made at a B's second product: a B
 * used once (a weight that changes before every call) is packed as without a cache, not into a new array each time.
 * Safe for the threads of one product.
 */
public final class PackedBCache {
    /**
     * The fewest packed floats (128 KB) worth a copy of their own: W6b's second layer (256 × 128 over k 256) packs
     * 32K floats, and keeping them took the MLP's batch from about 580 to 550 µs (W6b's forward, two JVMs each way).
     */
    static final int MIN_FLOATS = 1 << 15;

    private record Key(MicroKernel kernel, boolean transB, int bOff, int ldb, int k, int n) {}

    private final Map<Key, float[]> copies = new HashMap<>(4);
    private final Set<Key> seen = new HashSet<>(4);

    /** An empty cache. */
    public PackedBCache() {}

    /** The packed panels of op(B) (k × n, stored from bOff with row stride ldb) for this kernel, or null. */
    synchronized float[] find(MicroKernel kernel, boolean transB, int bOff, int ldb, int k, int n) {
        return copies.get(new Key(kernel, transB, bOff, ldb, k, n));
    }

    /** Whether a product with this B ran before (then its packed panels are worth a copy); records that one has now. */
    synchronized boolean usedBefore(MicroKernel kernel, boolean transB, int bOff, int ldb, int k, int n) {
        return !seen.add(new Key(kernel, transB, bOff, ldb, k, n));
    }

    synchronized void put(MicroKernel kernel, boolean transB, int bOff, int ldb, int k, int n, float[] packed) {
        copies.put(new Key(kernel, transB, bOff, ldb, k, n), packed);
    }

    /** The number of packed copies held (for tests). */
    public synchronized int size() { return copies.size(); }
}
