package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A runtime error inside a Sequential names the position and the layer, keeps its type and cause, and hints at a missing flatten(). */
class SequentialErrorsTest {
    @Test
    void aShapeErrorNamesThePositionAndTheLayer() {
        var model = new Sequential(new Linear(6, 4), new ReLU(), new Linear(5, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(3, 6)));
        assertEquals("Sequential[2] Linear(in_features=5, out_features=2, bias=True): expected input (*, 5), got [3, 4]", e.getMessage());
        assertEquals(IllegalArgumentException.class, e.getCause().getClass());
        assertEquals("Linear(in_features=5, out_features=2, bias=True): expected input (*, 5), got [3, 4]", e.getCause().getMessage());
    }

    @Test
    void anUnflattenedImageIntoALinearGetsTheFlattenHint() {
        var model = new Sequential(new Linear(784, 10));
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(64, 1, 28, 28)));
        assertEquals("Sequential[0] Linear(in_features=784, out_features=10, bias=True): expected input (*, 784), got [64, 1, 28, 28]; "
                + "missing flatten()? each sample's [1, 28, 28] holds 784 = in_features values", e.getMessage());
        // A 2-d input or per-sample values that do not add up to in_features give no hint.
        var noHint = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(2, 1, 28, 27)));
        assertTrue(!noHint.getMessage().contains("flatten"), noHint.getMessage());
    }

    @Test
    void nestedSequencesJoinTheirNames() {
        var block = new Sequential().add("fc", new Linear(3, 3));
        var model = new Sequential(new ReLU()).add("head", block);
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(2, 4)));
        assertEquals("Sequential[head.fc] Linear(in_features=3, out_features=3, bias=True): expected input (*, 3), got [2, 4]", e.getMessage());
    }

    @Test
    void anErrorWithoutTheLayerNameGetsItAndOtherTypesStayAsTheyAre() {
        Module failing = new Module() {
            @Override public Tensor forward(Tensor x) { throw new IllegalStateException("not ready"); }
            @Override public Config config() { return Config.of("Failing"); }
        };
        var model = new Sequential(new ReLU(), failing);
        var e = assertThrows(IllegalStateException.class, () -> model.forward(Tensor.zeros(1)));
        assertTrue(e.getMessage().startsWith("Sequential[1] ") && e.getMessage().endsWith("(): not ready"), e.getMessage());

        RuntimeException own = new RuntimeException("custom") {};
        Module custom = new Module() {
            @Override public Tensor forward(Tensor x) { throw own; }
            @Override public Config config() { return Config.of("Custom"); }
        };
        assertSame(own, assertThrows(RuntimeException.class, () -> new Sequential(custom).forward(Tensor.zeros(1))));
    }
}
