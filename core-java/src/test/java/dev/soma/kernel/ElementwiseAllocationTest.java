package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A large element-wise op allocates a few hundred bytes of bookkeeping per call, however many {@link Elementwise#BLOCK}s
 * it spans: the walk over a thread's blocks is made once, and the vector kernels pad their last partial vector in a
 * per-thread buffer. Counted on the calling thread with one kernel thread, once the JIT has compiled the loops.
 */
class ElementwiseAllocationTest {
    private static final int N = 128 * Elementwise.BLOCK + 13;    // 129 blocks, the last one short
    private static final long MAX_BYTES_PER_CALL = 4096;           // per block, the old walk alone made 136 bytes
    private int savedThreads;

    @BeforeEach void oneThread() {
        savedThreads = KernelThreads.threads();
        KernelThreads.setThreads(1);
    }

    @AfterEach void restore() { KernelThreads.setThreads(savedThreads); }

    /**
     * The fewest bytes one call allocated over up to 60 rounds of 5 calls: until C2 has compiled a vector loop, the Vector
     * API's fallback boxes every vector (megabytes a call), which says nothing of the op's own bookkeeping.
     */
    private static long bytesPerCall(Runnable op) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counter");
        long id = Thread.currentThread().getId(), fewest = Long.MAX_VALUE;
        for (int round = 0; round < 60 && fewest > MAX_BYTES_PER_CALL; round++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 5; i++) op.run();
            fewest = Math.min(fewest, (mx.getThreadAllocatedBytes(id) - before) / 5);
        }
        return fewest;
    }

    @Test
    void largeOpsAllocateNothingPerBlock() {
        float[] a = new float[N + 3], b = new float[N + 3], out = new float[N + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 37) * 0.25f - 4;
            b[i] = (i % 11) * 0.5f;
        }
        int[] shape = {N}, unit = {1};
        // Offset by 3 so that every block starts off a vector boundary and ends with a partial vector (the padded tails of GELU).
        long add = bytesPerCall(() -> Elementwise.binary(BinaryOp.ADD, a, 3, unit, b, 3, unit, shape, out, 3, unit));
        long gelu = bytesPerCall(() -> Elementwise.unary(UnaryOp.GELU, a, 3, unit, shape, out, 3, unit));
        long geluBackward = bytesPerCall(() -> Elementwise.unaryBackward(UnaryOp.GELU, a, 3, unit, b, 3, unit, shape, out, 3, unit));
        int[] rows = {N / 1024, 1024}, rowStrides = {1024, 1}, bias = {0, 1};
        long rowBias = bytesPerCall(() -> Elementwise.binary(BinaryOp.ADD, a, 0, rowStrides, b, 0, bias, rows, out, 0, rowStrides));
        String got = "add " + add + ", gelu " + gelu + ", gelu backward " + geluBackward + ", row bias " + rowBias + " bytes per call";
        assertTrue(add <= MAX_BYTES_PER_CALL && gelu <= MAX_BYTES_PER_CALL && geluBackward <= MAX_BYTES_PER_CALL
                && rowBias <= MAX_BYTES_PER_CALL, got + "; at most " + MAX_BYTES_PER_CALL + " expected");
    }
}
