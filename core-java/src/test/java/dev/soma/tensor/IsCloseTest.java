package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IsCloseTest {
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY;

    @Test
    void defaultTolerancesAsTorchIsclose() {
        // |a − b| ≤ 1e-8 + 1e-5·|b|: 9.5e-7 passes, 2e-5 does not; 1e-9 passes near zero, 1e-7 does not.
        Tensor a = Tensor.of(1f, 1.000001f, 1.00002f, 0f, 0f, NAN, INF, INF, INF);
        Tensor b = Tensor.of(1f, 1f, 1f, 1e-9f, 1e-7f, NAN, INF, -INF, 1f);
        Tensor close = a.isClose(b);
        assertEquals(DType.BOOL, close.dtype());
        assertArrayEquals(new boolean[] {true, true, false, true, false, false, true, false, false}, close.toBooleanArray());
    }

    @Test
    void equalNanMakesTwoNansClose() {
        Tensor a = Tensor.of(NAN, NAN, 1f), b = Tensor.of(NAN, 1f, NAN);
        assertArrayEquals(new boolean[] {true, false, false}, a.isClose(b, 1e-5, 1e-8, true).toBooleanArray());
        assertFalse(a.allClose(a));
        assertFalse(a.allClose(b, 1e-5, 1e-8, true));    // 1 against NaN is never close
        assertTrue(Tensor.of(NAN, 2f).allClose(Tensor.of(NAN, 2f), 1e-5, 1e-8, true));
    }

    @Test
    void theRelativeToleranceScalesOther() {
        // |1 − 1.1| = 0.1: within 0.095·|1.1| = 0.1045, but not within 0.095·|1| = 0.095.
        assertArrayEquals(new boolean[] {true}, Tensor.of(1f).isClose(Tensor.of(1.1f), 0.095, 0, false).toBooleanArray());
        assertArrayEquals(new boolean[] {false}, Tensor.of(1.1f).isClose(Tensor.of(1f), 0.095, 0, false).toBooleanArray());
        assertTrue(Tensor.of(1f).allClose(Tensor.of(1.05f), 0, 0.06, false));
        assertFalse(Tensor.of(1f).allClose(Tensor.of(1.05f), 0, 0.04, false));
    }

    @Test
    void broadcastsLikeOtherElementwiseOps() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 1, 2, 4}, 2, 3), b = Tensor.of(1f, 2f, 3f);
        Tensor close = a.isClose(b);
        assertArrayEquals(new int[] {2, 3}, close.shape());
        assertArrayEquals(new boolean[] {true, true, true, true, true, false}, close.toBooleanArray());
        assertFalse(a.allClose(b));
        assertTrue(Tensor.of(new float[] {2, 2}, 2, 1).allClose(Tensor.full(new int[] {3}, 2f)));
        var e = assertThrows(IllegalArgumentException.class, () -> a.allClose(Tensor.of(1f, 2f)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void refusesNegativeTolerancesAndMixedTypes() {
        Tensor x = Tensor.of(1f);
        var e = assertThrows(IllegalArgumentException.class, () -> x.isClose(x, -1, 0, false));
        assertTrue(e.getMessage().startsWith("isclose: rtol"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.isClose(x, 0, -1, false));
        assertTrue(e.getMessage().startsWith("isclose: atol"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.isClose(Tensor.ofLongs(new long[] {1}, 1)));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("int64"), e.getMessage());
    }
}
