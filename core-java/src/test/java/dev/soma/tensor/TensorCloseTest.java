package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Parameter;
import org.junit.jupiter.api.Test;

class TensorCloseTest {
    // Lengths no other test's results have, so the pool's counts here are this test's own.
    private static final int N = BufferPool.MIN_LENGTH + 101;

    @Test
    void aClosedResultsArrayGoesBackAtOnceAndTheNextResultOfItsLengthOverwritesIt() {
        Tensor a = Tensor.full(new int[] {N}, 2f), b = Tensor.full(new int[] {N}, 3f);
        Tensor sum = a.add(b);
        float[] array = sum.storageArray();
        java.util.Arrays.fill(array, Float.NaN);
        int before = BufferPool.available(N);
        sum.close();
        assertTrue(sum.isClosed());
        assertEquals(before + 1, BufferPool.available(N), "closing did not return the array to the pool");
        Tensor product = a.mul(b);
        assertSame(array, product.storageArray(), "the next result of that length did not reuse the closed one's array");
        for (float v : product.toFloatArray()) assertEquals(6f, v);
    }

    @Test
    void closingTwiceReturnsTheArrayOnce() {
        int n = N + 1;
        Tensor t = Tensor.ones(n).mul(2f);
        int before = BufferPool.available(n);
        t.close();
        t.close();
        assertEquals(before + 1, BufferPool.available(n));
    }

    @Test
    void aClosedTensorAndItsViewsRefuseToBeRead() {
        Tensor t = Tensor.ones(4, 3).mul(2f);
        Tensor view = t.transpose(0, 1);
        t.close();
        assertTrue(view.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.get(0, 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.add(1f));
        assertThrows(IllegalStateException.class, t::toFloatArray);
        assertThrows(IllegalStateException.class, view::sum);
    }

    @Test
    void closingAViewADetachedTensorOrAParameterReleasesNothing() {
        Tensor t = Tensor.ones(N + 2).mul(2f);
        Tensor view = t.reshape(1, N + 2);
        int before = BufferPool.available(N + 2);
        view.close();
        t.detach().close();
        new Parameter(t).close();
        assertFalse(t.isClosed());
        assertEquals(before, BufferPool.available(N + 2));
        assertEquals(2f, view.get(0, N + 1));
    }

    @Test
    void backwardNamesASavedTensorThatWasClosed() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f}, 3).requiresGrad(true);
        Tensor e = x.exp();    // exp's backward reads its output
        Tensor loss = e.sum();
        e.close();
        IllegalStateException err = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(err.getMessage().contains("closed") && err.getMessage().contains("[3]"), err.getMessage());
    }

    @Test
    void aTensorUsedInTryWithResourcesIsClosedAfterwardsAndItsValuesWereRightInside() {
        Tensor x = Tensor.of(new float[] {1f, -2f, 3f}, 3);
        Tensor kept;
        try (Tensor y = x.relu()) {
            assertEquals(3f, y.get(2));
            assertEquals(0f, y.get(1));
            kept = y;
        }
        assertTrue(kept.isClosed());
        assertFalse(x.isClosed());
        assertEquals(-2f, x.get(1));
    }
}
