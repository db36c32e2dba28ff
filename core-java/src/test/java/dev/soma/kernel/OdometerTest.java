package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OdometerTest {
    @Test
    void countsRowMajorAndCarriesEachOperandsOffset() {
        // shape (2, 3); operand 0 contiguous from 10, operand 1 transposed (strides 1, 2) from 0.
        Odometer at = Odometer.elements(new int[] {2, 3}, new int[] {10, 0}, new int[] {3, 1}, new int[] {1, 2});
        int[][] seen = new int[6][];
        int[] second = new int[6];
        for (int p = 0; p < 6; p++) {
            seen[p] = at.index.clone();
            second[p] = at.offsets[1];
            assertEquals(10 + p, at.offsets[0]);
            assertEquals(p < 5, at.next(), "next() at position " + p);
        }
        assertArrayEquals(new int[][] {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}, seen);
        assertArrayEquals(new int[] {0, 2, 4, 1, 3, 5}, second);
        assertArrayEquals(new int[] {10, 0}, at.offsets, "a finished walk wraps back to the bases");
    }

    @Test
    void rowsWalkEveryDimButTheInnermost() {
        Odometer rows = Odometer.rows(new int[] {2, 2, 5}, new int[] {0}, new int[] {100, 10, 1});
        int[] starts = new int[4];
        for (int r = 0; r < 4; r++, rows.next()) starts[r] = rows.offsets[0];
        assertArrayEquals(new int[] {0, 10, 100, 110}, starts);
    }

    @Test
    void seekLandsWhereStepsWouldAndOffsetOfAgrees() {
        int[] shape = {3, 4, 2}, strides = {1, 6, 3};    // a permuted layout
        Odometer stepped = Odometer.elements(shape, new int[] {7}, strides);
        for (int flat = 0; flat < 24; flat++) {
            Odometer sought = Odometer.elements(shape, new int[] {7}, strides);
            sought.seek(flat);
            assertArrayEquals(stepped.index, sought.index, "index at " + flat);
            assertEquals(stepped.offsets[0], sought.offsets[0], "offset at " + flat);
            assertEquals(stepped.offsets[0] - 7, Odometer.offsetOf(shape, strides, flat));
            stepped.next();
        }
    }

    @Test
    void skipIsThatManyNextsWithinTheInnermostDim() {
        int[] shape = {3, 5}, strides = {7, 2};
        for (int start = 0; start < 15; start++) {
            for (int n = 1; n <= 5 - start % 5; n++) {
                Odometer stepped = Odometer.elements(shape, new int[] {4}, strides), skipped = Odometer.elements(shape, new int[] {4}, strides);
                stepped.seek(start);
                skipped.seek(start);
                boolean more = true;
                for (int i = 0; i < n; i++) more = stepped.next();
                assertEquals(more, skipped.skip(n), "skip(" + n + ") from " + start);
                assertArrayEquals(stepped.index, skipped.index, "index after skip(" + n + ") from " + start);
                assertArrayEquals(stepped.offsets, skipped.offsets, "offset after skip(" + n + ") from " + start);
            }
        }
    }

    @Test
    void withoutDimsOrOperandsTheWalkIsOneStep() {
        Odometer scalar = Odometer.elements(new int[0], new int[] {4}, new int[0]);
        assertFalse(scalar.next());
        assertEquals(4, scalar.offsets[0]);
        Odometer count = Odometer.elements(new int[] {2}, new int[0]);
        assertTrue(count.next());
        assertEquals(1, count.index[0]);
        assertFalse(count.next());
    }
}
