package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    private static final int N = BufferPool.MIN_LENGTH;

    // Collects until the pool holds at least `floats` more than before, or gives up after a few seconds.
    private static boolean collectUntilPooled(long before, long floats) throws InterruptedException {
        for (int i = 0; i < 100 && BufferPool.pooledFloats() < before + floats; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return BufferPool.pooledFloats() >= before + floats;
    }

    @Test
    void anUnreachableResultsArrayIsReusedByTheNextResultOfItsLengthAndFullyOverwritten() throws InterruptedException {
        Tensor a = Tensor.full(new int[] {N}, 2f), b = Tensor.full(new int[] {N}, 3f);
        long before = BufferPool.pooledFloats();
        Tensor sum = a.add(b);
        float[] array = sum.storageArray();
        java.util.Arrays.fill(array, Float.NaN);    // stale contents must not show through a reused array
        sum = null;
        assertTrue(collectUntilPooled(before, N), "the dropped result's array never came back to the pool");
        Tensor product = a.mul(b);
        assertSame(array, product.storageArray());
        float[] expected = new float[N];
        java.util.Arrays.fill(expected, 6f);
        assertArrayEquals(expected, product.toFloatArray());
    }

    @Test
    void smallResultsAndLiveResultsAreNeverShared() throws InterruptedException {
        Tensor small = Tensor.ones(N - 1).mul(2f);
        assertEquals(N - 1, small.storageArray().length);
        Tensor live = Tensor.ones(N).mul(2f);
        System.gc();
        Thread.sleep(20);
        Tensor next = Tensor.ones(N).mul(3f);
        assertNotSame(live.storageArray(), next.storageArray());
        assertEquals(2f, live.get(N - 1));
        assertEquals(3f, next.get(0));
    }
}
