package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ShapeRuleTest {
    private static final Generator G = new Generator(7);

    static Stream<Arguments> layersAndInputs() {
        return Stream.of(
                Arguments.of(new Linear(4, 3, true, G), new int[] {4}),
                Arguments.of(new Linear(4, 3, true, G), new int[] {2, 4}),
                Arguments.of(new Linear(4, 3, false, G), new int[] {2, 5, 4}),
                Arguments.of(new Maxout(4, 3, 2, G), new int[] {5, 4}),
                Arguments.of(new Maxout(4, 3, 2, G), new int[] {2, 1, 4}),
                Arguments.of(new Flatten(), new int[] {2, 3, 4}),
                Arguments.of(new Flatten(0, -1), new int[] {2, 3, 4}),
                Arguments.of(new Flatten(1, 2), new int[] {2, 3, 4, 5}),
                Arguments.of(new Flatten(-2, -1), new int[] {2, 3, 4}),
                Arguments.of(new Flatten(), new int[] {}),
                Arguments.of(new Unflatten(1, 2, -1), new int[] {3, 6}),
                Arguments.of(new Unflatten(-1, 2, 3), new int[] {6}),
                Arguments.of(new Softmax(1), new int[] {2, 3}),
                Arguments.of(new LogSoftmax(-1), new int[] {2, 3, 4}),
                Arguments.of(new GLU(), new int[] {3, 4}),
                Arguments.of(new GLU(0), new int[] {6, 1}),
                Arguments.of(new ReLU(), new int[] {2, 3}),
                Arguments.of(new Tanh(), new int[] {}),
                Arguments.of(new Dropout(0.5), new int[] {4, 2}),
                Arguments.of(new PReLU(3, 0.25), new int[] {2, 3, 5}),
                Arguments.of(new Identity(), new int[] {1, 2, 3}),
                Arguments.of(new Sequential(new Flatten(), new Linear(6, 4, true, G), new ReLU(), new Maxout(4, 2, 3, G), new GLU()),
                        new int[] {5, 2, 3}),
                Arguments.of(new Sequential(), new int[] {2, 2}));
    }

    @ParameterizedTest
    @MethodSource("layersAndInputs")
    void shapeRuleAgreesWithForward(Module layer, int[] input) {
        layer.eval();
        assertArrayEquals(layer.forward(Tensor.randn(G, input)).shape(), layer.outputShape(input), layer.toString());
    }

    @Test
    void embeddingAppendsTheEmbeddingDim() {
        Embedding e = new Embedding(10, 3, null, null, 2.0, false, G);
        Tensor idx = Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(e.forward(idx).shape(), e.outputShape(new int[] {2, 3}));
        assertArrayEquals(new int[] {3}, e.outputShape(new int[] {}));
        assertEquals(0, e.macs(new int[] {2, 3}));
    }

    @Test
    void bilinearHasTwoInputRules() {
        Bilinear b = new Bilinear(3, 4, 5, true, G);
        assertArrayEquals(new int[] {2, 7, 5}, b.outputShape(new int[] {2, 7, 3}, new int[] {2, 7, 4}));
        assertArrayEquals(b.forward(Tensor.randn(G, 6, 3), Tensor.randn(G, 6, 4)).shape(), b.outputShape(new int[] {6, 3}, new int[] {6, 4}));
        assertEquals(6L * 3 * 4 * 5, b.macs(new int[] {6, 3}, new int[] {6, 4}));
        assertEquals(3 * 4 * 5, b.macs(new int[] {3}, new int[] {4}));
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> b.outputShape(new int[] {6, 3}));
        assertTrue(one.getMessage().contains("takes 2 inputs (input1, input2), got 1 input shape"), one.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.outputShape(new int[] {6, 3}, new int[] {5, 4}));
        assertTrue(e.getMessage().contains("Bilinear(in1_features=3") && e.getMessage().contains("[6, 3] and [5, 4]"), e.getMessage());
    }

    @Test
    void macsAreExactMultiplyAccumulates() {
        assertEquals(4 * 3, new Linear(4, 3, true, G).macs(new int[] {4}));
        assertEquals(2L * 5 * 4 * 3, new Linear(4, 3, true, G).macs(new int[] {2, 5, 4}));     // leading dims multiply
        assertEquals(5L * 4 * 3 * 2, new Maxout(4, 3, 2, G).macs(new int[] {5, 4}));
        assertEquals(0, new ReLU().macs(new int[] {8, 100}));
        assertEquals(0, new Flatten().macs(new int[] {8, 3, 4}));
        assertEquals(0, new Dropout(0.1).macs(new int[] {8, 3}));
        Sequential mlp = new Sequential(new Linear(3072, 100, true, G), new ReLU(), new Linear(100, 10, true, G));
        assertEquals(3072 * 100 + 100 * 10, mlp.macs(new int[] {1, 3072}));
        assertEquals(64L * (3072 * 100 + 100 * 10), mlp.macs(new int[] {64, 3072}));
        assertArrayEquals(new int[] {64, 10}, mlp.outputShape(new int[] {64, 3072}));
    }

    @Test
    void wrongShapesNameTheLayerAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(3072, 100, true, G).outputShape(new int[] {64, 784}));
        assertEquals("Linear(in_features=3072, out_features=100, bias=True): expected input (*, 3072), got [64, 784]", e.getMessage());
        Sequential s = new Sequential(new Linear(6, 4, true, G), new Linear(5, 2, true, G));
        e = assertThrows(IllegalArgumentException.class, () -> s.outputShape(new int[] {2, 6}));
        assertTrue(e.getMessage().startsWith("Linear(in_features=5") && e.getMessage().endsWith("got [2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.macs(new int[] {2, 6}));
        e = assertThrows(IllegalArgumentException.class, () -> new GLU().outputShape(new int[] {2, 3}));
        assertTrue(e.getMessage().contains("even") && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Softmax(2).outputShape(new int[] {2, 3}));
        assertTrue(e.getMessage().startsWith("Softmax(dim=2)") && e.getMessage().contains("at least 3 dims"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Flatten(2, 1).outputShape(new int[] {2, 3, 4}));
        assertThrows(IllegalArgumentException.class, () -> new Flatten(-2, -1).outputShape(new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> new Unflatten(1, 4, -1).outputShape(new int[] {2, 6}));
        assertThrows(IllegalArgumentException.class, () -> new Unflatten(0, 2, 3).outputShape(new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> new PReLU(3, 0.25).outputShape(new int[] {2, 4}));
        assertThrows(IllegalArgumentException.class, () -> new Linear(4, 3, true, G).outputShape(new int[] {}));
        assertThrows(IllegalArgumentException.class, () -> new ReLU().outputShape(new int[] {2, -1}));
        assertThrows(IllegalArgumentException.class, () -> new ReLU().outputShape((int[]) null));
    }

    @Test
    void modulesWithoutASingleInputRuleSaySo() {
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class, () -> new MSELoss().outputShape(new int[] {2}));
        assertTrue(loss.getMessage().contains("MSELoss(): takes 2 inputs (input, target), got 1 input shape"), loss.getMessage());
        assertThrows(IllegalStateException.class, () -> new ModuleList(new ReLU()).outputShape(new int[] {2}));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ModuleList(new ReLU()).macs(new int[] {2}));
        assertTrue(e.getMessage().contains("ModuleList") && e.getMessage().contains("outputShape"), e.getMessage());
    }

    /** A layer with a child and a forward but no shape rule of its own. */
    private static final class Wrapped extends Module {
        private final Linear inner = registerModule("inner", new Linear(2, 2, true, G));

        @Override public Tensor forward(Tensor x) { return inner.forward(x).relu(); }

        @Override public Config config() { return Config.of("Wrapped"); }
    }

    /** A layer with two required inputs and no shape rule. */
    private static final class Pair extends Module {
        @Override public java.util.List<String> inputNames() { return java.util.List.of("a", "b"); }

        @Override public Tensor forward(Tensor... in) { return in[0].add(in[1]); }

        @Override public Config config() { return Config.of("Pair"); }
    }

    @Test
    void hasShapeRuleSaysWhetherOutputShapeCanAnswer() {
        assertTrue(new Linear(4, 3).hasShapeRule());
        assertTrue(new ReLU().hasShapeRule(), "element-wise default");
        assertTrue(new Sequential(new Linear(4, 3), new ReLU()).hasShapeRule());
        assertTrue(new Bilinear(2, 3, 4).hasShapeRule(), "several inputs with their own rule");
        Module wrapped = new Wrapped();
        assertEquals(false, wrapped.hasShapeRule());
        assertThrows(IllegalStateException.class, () -> wrapped.outputShape(new int[] {1, 2}));
        assertEquals(false, new Sequential(new Linear(2, 2), wrapped).hasShapeRule());
        assertEquals(false, new Residual(wrapped, null).hasShapeRule());
        assertEquals(false, new Parallel(Parallel.Merge.ADD, 1, java.util.List.of(new Linear(2, 2), wrapped)).hasShapeRule());
        assertEquals(false, new Pair().hasShapeRule());
    }
}
