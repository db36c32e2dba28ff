package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    private static final int N = BufferPool.MIN_LENGTH + 1;    // a length no other test's results have

    // Collects until the pool holds an array of this length, or gives up after a few seconds.
    private static boolean collectUntilPooled(int length) throws InterruptedException {
        for (int i = 0; i < 100 && BufferPool.available(length) == 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return BufferPool.available(length) > 0;
    }

    @Test
    void anUnreachableResultsArrayIsReusedByTheNextResultOfItsLengthAndFullyOverwritten() throws InterruptedException {
        Tensor a = Tensor.full(new int[] {N}, 2f), b = Tensor.full(new int[] {N}, 3f);
        Tensor sum = a.add(b);
        float[] array = sum.storageArray();
        java.util.Arrays.fill(array, Float.NaN);    // stale contents must not show through a reused array
        sum = null;
        assertTrue(collectUntilPooled(N), "the dropped result's array never came back to the pool");
        Tensor product = a.mul(b);
        assertTrue(array == product.storageArray(), "the product did not reuse the pooled array");
        for (float v : product.toFloatArray()) assertEquals(6f, v);
    }

    @Test
    void smallResultsAndLiveResultsAreNeverShared() throws InterruptedException {
        int n = N + 1;
        Tensor small = Tensor.ones(BufferPool.MIN_LENGTH - 1).mul(2f);
        assertEquals(BufferPool.MIN_LENGTH - 1, small.storageArray().length);
        Tensor live = Tensor.ones(n).mul(2f);
        System.gc();
        Thread.sleep(20);
        Tensor next = Tensor.ones(n).mul(3f);
        assertNotSame(live.storageArray(), next.storageArray());
        assertEquals(2f, live.get(n - 1));
        assertEquals(3f, next.get(0));
    }

    @Test
    void keepsEveryReturnedArrayOfALengthUnderTheCap() {
        int n = BufferPool.MIN_LENGTH + 11;
        BufferPool.take(n);
        for (int i = 0; i < 40; i++) BufferPool.give(new float[n]);
        assertEquals(40, BufferPool.available(n), "the collector returns arrays in batches: all of them wait");
        for (int i = 0; i < 40; i++) BufferPool.take(n);
        assertEquals(0, BufferPool.available(n));
    }

    @Test
    void whenTheCapIsReachedTheLengthTakenLeastRecentlyGoesFirst() {
        int stale = BufferPool.MIN_LENGTH + 7, fresh = BufferPool.MIN_LENGTH + 9;
        BufferPool.take(stale);
        BufferPool.take(fresh);
        BufferPool.give(new float[fresh]);
        BufferPool.give(new float[stale]);
        while (BufferPool.available(stale) > 0) {
            assertEquals(1, BufferPool.available(fresh), "an array of the length taken last went before the stale one");
            BufferPool.trimTo(BufferPool.pooledFloats() - 1);
        }
        assertEquals(1, BufferPool.available(fresh));
        BufferPool.trimTo(BufferPool.pooledFloats() - 1);
        assertEquals(0, BufferPool.available(fresh));
    }

    /**
     * Arrays waiting in the pool give way when memory runs short. In a 128 MB JVM whose pool may hold 96 MB, the
     * pool is filled, and then a 64 MB array must still be allocatable: the collector takes pooled arrays first.
     */
    @Test
    void pooledArraysGiveWayWhenMemoryRunsShort() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx128m", "-Dsoma.poolBytes=" + (96 << 20), "-cp",
                System.getProperty("java.class.path"), FillThePoolThenAllocate.class.getName())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals("pooled 24, allocated 16777216 floats", out.strip(), err);
    }

    /** The child JVM of {@link #pooledArraysGiveWayWhenMemoryRunsShort}. */
    static final class FillThePoolThenAllocate {
        public static void main(String[] args) {
            int n = 1 << 20;    // 4 MB
            BufferPool.take(n);
            for (int i = 0; i < 24; i++) BufferPool.give(new float[n]);
            int pooled = BufferPool.available(n);
            float[] big = new float[16 << 20];    // 64 MB: fits only once the pooled 96 MB are let go
            big[big.length - 1] = 1;
            System.out.println("pooled " + pooled + ", allocated " + big.length + " floats");
        }
    }
}
