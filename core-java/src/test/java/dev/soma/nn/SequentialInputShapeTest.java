package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequentialInputShapeTest {
    @Test
    void keepsTheShapeItWasBuiltForAndChecksIt() {
        var model = new Sequential(new Flatten(), new Linear(12, 2));
        assertNull(model.inputShape());
        assertArrayEquals(new int[] {3, 4}, model.inputShape(3, 4).inputShape());
        var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Linear(12, 2)).inputShape(5));
        assertTrue(e.getMessage().contains("expected input (*, 12), got [1, 5]"), e.getMessage());
    }
}
