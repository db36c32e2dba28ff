package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PaddingTest {
    private static Tensor range(int... shape) { return Tensor.arange(Shape.numel(shape)).reshape(shape); }

    private static void assertValues(Tensor t, int[] shape, float... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toFloatArray(), 0f);
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        Throwable e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }

    private static final int[] LR = {1, 1, 7};

    // ---------------------------------------------------------------- values

    @Test
    void constantPadsAndCrops() {
        Tensor x = range(1, 1, 5);
        assertValues(x.pad(new int[] {1, 2}, "constant", 0.5f), new int[] {1, 1, 8}, 0.5f, 0, 1, 2, 3, 4, 0.5f, 0.5f);
        assertValues(range(1, 5).pad(new int[] {-1, 2}), new int[] {1, 6}, 1, 2, 3, 4, 0, 0);
        assertValues(x.pad(new int[] {-3, -2}), new int[] {1, 1, 0});
        assertValues(range(2, 2).pad(new int[] {1, 0, 0, 1}), new int[] {3, 3}, 0, 0, 1, 0, 2, 3, 0, 0, 0);
        Tensor three = range(2, 1, 2).pad(new int[] {0, 1, 1, 0, 1, 1});
        assertArrayEquals(new int[] {4, 2, 3}, three.shape());
        assertValues(three.select(0, 1), new int[] {2, 3}, 0, 0, 0, 0, 1, 0);
        assertValues(Tensor.scalar(3f).pad(new int[0]), new int[0], 3);
    }

    @Test
    void reflectReplicateCircularIn1d() {
        Tensor x = range(1, 1, 5);
        assertValues(x.pad(new int[] {2, 1}, "reflect", 0f), new int[] {1, 1, 8}, 2, 1, 0, 1, 2, 3, 4, 3);
        assertValues(x.pad(new int[] {2, 1}, "replicate", 0f), new int[] {1, 1, 8}, 0, 0, 0, 1, 2, 3, 4, 4);
        assertValues(x.pad(new int[] {2, 1}, "circular", 0f), new int[] {1, 1, 8}, 3, 4, 0, 1, 2, 3, 4, 0);
        assertValues(x.pad(new int[] {4, 0}, "reflect", 0f), new int[] {1, 1, 9}, 4, 3, 2, 1, 0, 1, 2, 3, 4);
        assertValues(x.pad(new int[] {5, 5}, "circular", 0f), new int[] {1, 1, 15}, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4);
        // unbatched (C, W) input for reflect and replicate
        assertValues(range(1, 5).pad(new int[] {1, 1}, "reflect", 0f), new int[] {1, 7}, 1, 0, 1, 2, 3, 4, 3);
    }

    @Test
    void negativeAmountsCropInEveryMode() {
        Tensor x = range(1, 1, 5);
        assertValues(x.pad(new int[] {-1, 2}, "reflect", 0f), new int[] {1, 1, 6}, 1, 2, 3, 4, 3, 2);
        assertValues(x.pad(new int[] {-1, 2}, "replicate", 0f), new int[] {1, 1, 6}, 1, 2, 3, 4, 4, 4);
        assertValues(x.pad(new int[] {-1, 2}, "circular", 0f), new int[] {1, 1, 6}, 1, 2, 3, 4, 1, 2);
        assertValues(x.pad(new int[] {-5, 1}, "reflect", 0f), new int[] {1, 1, 1}, 3);
    }

    @Test
    void twoDimensionalModes() {
        Tensor x = range(1, 1, 2, 3);                                  // [[0,1,2],[3,4,5]]
        assertValues(x.pad(new int[] {1, 1, 1, 0}, "reflect", 0f), new int[] {1, 1, 3, 5},
                4, 3, 4, 5, 4, 1, 0, 1, 2, 1, 4, 3, 4, 5, 4);
        assertValues(x.pad(new int[] {1, 0, 0, 1}, "replicate", 0f), new int[] {1, 1, 3, 4},
                0, 0, 1, 2, 3, 3, 4, 5, 3, 3, 4, 5);
        assertValues(x.pad(new int[] {0, 1, 1, 0}, "circular", 0f), new int[] {1, 1, 3, 4},
                3, 4, 5, 3, 0, 1, 2, 0, 3, 4, 5, 3);
        assertArrayEquals(new int[] {1, 1, 7, 5, 5},
                Tensor.zeros(1, 1, 3, 3, 3).pad(new int[] {1, 1, 1, 1, 3, 1}, "replicate", 0f).shape());
        assertArrayEquals(new int[] {0, 1, 7}, Tensor.zeros(0, 1, 5).pad(new int[] {1, 1}, "reflect", 0f).shape());
    }

    @Test
    void backwardAccumulatesIntoSourcePositions() {
        float[] reflect = gradOfOnes("reflect"), replicate = gradOfOnes("replicate"), circular = gradOfOnes("circular");
        assertArrayEquals(new float[] {1, 3, 2}, reflect, 0f);       // out reads [c, b, a, b, c, b]
        assertArrayEquals(new float[] {3, 1, 2}, replicate, 0f);     // out reads [a, a, a, b, c, c]
        assertArrayEquals(new float[] {2, 2, 2}, circular, 0f);      // out reads [b, c, a, b, c, a]
        Tensor x = Tensor.ones(1, 4).requiresGrad(true);
        x.pad(new int[] {-1, 2}, "constant", 7f).sum().backward();
        assertArrayEquals(new float[] {0, 1, 1, 1}, x.grad().toFloatArray(), 0f);
    }

    private static float[] gradOfOnes(String mode) {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 1, 3).requiresGrad(true);
        x.pad(new int[] {2, 1}, mode, 0f).sum().backward();
        return x.grad().toFloatArray();
    }

    // ---------------------------------------------------------------- errors

    @Test
    void errors() {
        Tensor x = range(1, 1, 5);
        assertMessage("divisible by 2", () -> x.pad(new int[] {1}));
        assertMessage("Padding length too large", () -> x.pad(new int[] {1, 1, 1, 1, 1, 1, 1, 1}));
        assertMessage("negative output size", () -> x.pad(new int[] {-3, -3}));
        assertMessage("Padding size should be less than the corresponding input dimension, but got: padding (5, 0) at dimension 2 of input [1, 1, 5]",
                () -> x.pad(new int[] {5, 0}, "reflect", 0f));
        assertMessage("wrapping around more than once", () -> x.pad(new int[] {6, 0}, "circular", 0f));
        assertMessage("wrapping around more than once", () -> x.pad(new int[] {-5, 1}, "circular", 0f));
        assertMessage("batched", () -> range(1, 5).pad(new int[] {1, 1}, "circular", 0f));
        assertMessage("doesn't take in value", () -> x.pad(new int[] {1, 1}, "reflect", 1f));
        assertMessage("Unrecognised padding mode 'bogus'", () -> x.pad(new int[] {1, 1}, "bogus", 0f));
        assertMessage("expects a 2-d or 3-d input", () -> Tensor.arange(5).pad(new int[] {1, 1}, "replicate", 0f));
        assertMessage("expects a 2-d or 3-d input", () -> range(1, 1, 1, 5).pad(new int[] {1, 1}, "reflect", 0f));
        assertMessage("calculated output size 0", () -> x.pad(new int[] {-4, -1}, "replicate", 0f));
        assertMessage("non-zero sizes", () -> Tensor.zeros(1, 0, 5).pad(new int[] {1, 1}, "reflect", 0f));
    }

    // ---------------------------------------------------------------- gradcheck

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("constant", new int[] {3, 4}, new int[] {1, -1, 2, 0}),
                Arguments.of("constant", new int[] {2, 3, 2}, new int[] {0, 2, -1, 1, 1, 0}),
                Arguments.of("reflect", new int[] {2, 2, 5}, new int[] {3, 2}),
                Arguments.of("reflect", new int[] {1, 3, 4}, new int[] {1, 2, 2, 1}),
                Arguments.of("reflect", new int[] {2, 1, 3, 3}, new int[] {2, -1, 0, 2}),
                Arguments.of("replicate", new int[] {2, 5}, new int[] {3, 2}),
                Arguments.of("replicate", new int[] {1, 2, 3, 4}, new int[] {2, 1, 0, 3}),
                Arguments.of("replicate", new int[] {1, 1, 2, 2, 3}, new int[] {1, 1, 2, 0, 1, 1}),
                Arguments.of("circular", new int[] {2, 2, 5}, new int[] {4, 5}),
                Arguments.of("circular", new int[] {1, 2, 3, 4}, new int[] {1, 2, 2, -1}),
                Arguments.of("circular", new int[] {1, 1, 2, 2, 3}, new int[] {1, 2, 2, 0, 1, 1}));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradcheckEveryMode(String mode, int[] shape, int[] pad) {
        Tensor x = Tensor.randn(new Generator(shape.length * 7L + pad.length), shape).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].pad(pad, mode, 0f).mul(t[0].pad(pad, mode, 0f)), x));
    }
}
