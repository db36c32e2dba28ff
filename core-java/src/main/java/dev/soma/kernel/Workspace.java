package dev.soma.kernel;

/**
 * Per-thread scratch buffers of the kernels (GEMM packing, and the convolution kernels to come), grown when a call
 * needs more and then reused by every call on that thread, so hot paths allocate nothing once warm.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private float[] packedA = new float[0], packedB = new float[0], tile = new float[0], transposed = new float[0];
    private float[] partial = new float[0];
    private float[] sharedA = new float[0], rows = new float[0], columns = new float[0], padded = new float[0];
    private float[] repeatedRun = new float[0], tail = new float[0];

    private int[] rowGather = new int[0];
    private int rowGatherStride = -1, rowGatherRows = -1;

    private Workspace() {}

    /** The calling thread's workspace. */
    static Workspace get() { return CURRENT.get(); }

    /** Cᵀ of a product computed transposed: its floats start at {@link LineAligned#START}, on a cache line. */
    float[] transposed(int size) { return LineAligned.holds(transposed, size) ? transposed : (transposed = LineAligned.floats(size)); }

    /** The second half-depth product of a product split along k, before it is added onto C. */
    float[] partial(int size) { return partial.length >= size ? partial : (partial = new float[size]); }

    /** A run every row of an element-wise op reads (a bias), copied by the caller for all threads: from {@link LineAligned#START} on a cache line. */
    float[] repeatedRun(int size) { return LineAligned.holds(repeatedRun, size) ? repeatedRun : (repeatedRun = LineAligned.floats(size)); }

    /** The last, partial vector of a vector loop, copied out and padded so it runs through the same lane arithmetic. */
    float[] tail(int size) { return tail.length >= size ? tail : (tail = new float[size]); }

    float[] rows(int size) { return rows.length >= size ? rows : (rows = new float[size]); }

    float[] packedA(int size) { return packedA.length >= size ? packedA : (packedA = new float[size]); }

    /** A packed once for all threads of one product (the caller's, read by every thread). */
    float[] sharedA(int size) { return sharedA.length >= size ? sharedA : (sharedA = new float[size]); }

    /** Packed B, which micro-kernels load as whole vectors: its floats start at {@link LineAligned#START}, on a cache line. */
    float[] packedB(int size) { return LineAligned.holds(packedB, size) ? packedB : (packedB = LineAligned.floats(size)); }

    float[] columns(int size) { return columns.length >= size ? columns : (columns = new float[size]); }

    float[] padded(int size) { return padded.length >= size ? padded : (padded = new float[size]); }

    /**
     * Offsets for one gather of `lanes` floats from `rows` rows stored `stride` apart, k step major: lane q reads row
     * q % rows at k step q / rows. Refilled in place when the stride or row count changes.
     */
    int[] rowGather(int stride, int rows, int lanes) {
        if (stride != rowGatherStride || rows != rowGatherRows || rowGather.length != lanes) {
            if (rowGather.length != lanes) rowGather = new int[lanes];
            for (int q = 0; q < lanes; q++) rowGather[q] = (q % rows) * stride + q / rows;
            rowGatherStride = stride;
            rowGatherRows = rows;
        }
        return rowGather;
    }

    float[] tile(int size) { return tile.length >= size ? tile : (tile = new float[size]); }
}
