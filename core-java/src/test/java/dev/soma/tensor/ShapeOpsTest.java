package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShapeOpsTest {
    private static Tensor range(int... shape) { return Tensor.arange(Shape.numel(shape)).reshape(shape); }

    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).requiresGrad(true); }

    private static void assertValues(Tensor t, int[] shape, float... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toFloatArray(), 0f);
    }

    // ---------------------------------------------------------------- cat, stack

    @Test
    void catAlongEachDimension() {
        Tensor a = range(2, 2), b = range(2, 1).add(10f);
        assertValues(Tensor.cat(new Tensor[] {a, b}, 1), new int[] {2, 3}, 0, 1, 10, 2, 3, 11);
        assertValues(Tensor.cat(new Tensor[] {a, b.t()}, 0), new int[] {3, 2}, 0, 1, 2, 3, 10, 11);
        assertValues(Tensor.cat(new Tensor[] {a, b}, -1), new int[] {2, 3}, 0, 1, 10, 2, 3, 11);
        assertValues(Tensor.cat(a.t(), a), new int[] {4, 2}, 0, 2, 1, 3, 0, 1, 2, 3);
    }

    @Test
    void catSkipsLegacyEmptyVectors() {
        Tensor a = range(2, 3);
        Tensor out = Tensor.cat(new Tensor[] {Tensor.zeros(0), a, Tensor.zeros(0)}, 1);
        assertValues(out, new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
        assertValues(Tensor.cat(Tensor.zeros(0), Tensor.zeros(0)), new int[] {0});
        Tensor e = Tensor.zeros(0).requiresGrad(true), x = a.clone().requiresGrad(true);
        Tensor.cat(new Tensor[] {e, x}, 1).sum().backward();
        assertArrayEquals(new int[] {0}, e.grad().shape());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, x.grad().toFloatArray());
    }

    @Test
    void catPromotesIndexTypes() {
        Tensor l = Tensor.ofLongs(new long[] {1, 2}, 2), b = Tensor.ofBooleans(new boolean[] {true}, 1);
        assertEquals(DType.INT64, Tensor.cat(l, b).dtype());
        assertEquals(DType.FLOAT32, Tensor.cat(l, Tensor.of(3f)).dtype());
        assertEquals(DType.BOOL, Tensor.cat(b, b).dtype());
    }

    @Test
    void catErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(new Tensor[] {Tensor.zeros(2, 4), Tensor.zeros(2, 5)}, 0));
        assertEquals("Sizes of tensors must match except in dimension 0. Expected size 4 but got size 5 for tensor number 1 in the list.",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(new Tensor[0], 0));
        assertTrue(e.getMessage().contains("non-empty list"));
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(Tensor.zeros(2, 4), Tensor.zeros(2, 4, 1)));
        assertTrue(e.getMessage().contains("same number of dimensions: got 2 and 3"));
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(Tensor.scalar(1f)));
        assertTrue(e.getMessage().contains("zero-dimensional tensor (at position 0)"));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.cat(new Tensor[] {Tensor.zeros(2, 4)}, 2));
    }

    @Test
    void stackAddsADimension() {
        Tensor a = Tensor.of(1f, 2f), b = Tensor.of(3f, 4f);
        assertValues(Tensor.stack(a, b), new int[] {2, 2}, 1, 2, 3, 4);
        assertValues(Tensor.stack(new Tensor[] {a, b}, 1), new int[] {2, 2}, 1, 3, 2, 4);
        assertValues(Tensor.stack(new Tensor[] {a, b}, -1), new int[] {2, 2}, 1, 3, 2, 4);
        assertValues(Tensor.stack(Tensor.scalar(5f), Tensor.scalar(6f)), new int[] {2}, 5, 6);
    }

    @Test
    void stackErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.stack(Tensor.zeros(2, 5), Tensor.zeros(3, 4)));
        assertEquals("stack expects each tensor to be equal size, but got [2, 5] at entry 0 and [3, 4] at entry 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.stack(new Tensor[0], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.stack(new Tensor[] {Tensor.zeros(2, 5)}, 3));
    }

    // ---------------------------------------------------------------- split, chunk

    @Test
    void splitBySizeReturnsViews() {
        Tensor x = range(2, 7);
        Tensor[] parts = x.split(3, 1);
        assertEquals(3, parts.length);
        assertValues(parts[0], new int[] {2, 3}, 0, 1, 2, 7, 8, 9);
        assertValues(parts[2], new int[] {2, 1}, 6, 13);
        assertTrue(parts[1].sharesStorageWith(x));
        assertEquals(1, range(0, 3).split(2).length);
        assertEquals(3, range(7, 2).split(3).length);
    }

    @Test
    void splitBySections() {
        Tensor[] parts = range(2, 7).split(new int[] {1, 4, 2}, -1);
        assertValues(parts[0], new int[] {2, 1}, 0, 7);
        assertValues(parts[1], new int[] {2, 4}, 1, 2, 3, 4, 8, 9, 10, 11);
        assertValues(parts[2], new int[] {2, 2}, 5, 6, 12, 13);
        assertEquals(0, range(2, 3).split(new int[] {3, 0}, 1)[1].size(1));
    }

    @Test
    void splitErrors() {
        Tensor x = range(3, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> x.split(new int[] {1, 3}, 1));
        assertTrue(e.getMessage().contains("sum exactly to 5") && e.getMessage().contains("[1, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> x.split(0, 1));
        assertTrue(e.getMessage().contains("dimension size of 5"));
        e = assertThrows(IllegalArgumentException.class, () -> x.split(-1, 1));
        assertTrue(e.getMessage().contains("non-negative"));
        assertThrows(IllegalArgumentException.class, () -> x.split(new int[] {-1, 6}, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).split(1));
    }

    @Test
    void chunkUsesCeilSizesAndMayReturnFewer() {
        Tensor[] c = range(2, 7).chunk(3, 1);
        assertEquals(3, c.length);
        assertArrayEquals(new int[] {2, 3}, c[0].shape());
        assertArrayEquals(new int[] {2, 1}, c[2].shape());
        assertEquals(3, Tensor.arange(6).chunk(4).length);          // sizes 2, 2, 2
        Tensor[] five = Tensor.arange(5).chunk(4);                   // sizes 2, 2, 1
        assertEquals(3, five.length);
        assertValues(five[2], new int[] {1}, 4);
        assertEquals(3, range(0, 3).chunk(3).length);               // an empty dim still gives `chunks` pieces
        assertEquals(2, range(3, 2, 5).chunk(2, -1).length);
    }

    @Test
    void chunkErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> range(3, 5).chunk(0));
        assertTrue(e.getMessage().contains("greater than 0, got: 0"));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).chunk(1));
    }

    // ---------------------------------------------------------------- repeat, flip, roll

    @Test
    void repeatTilesAndAddsLeadingDims() {
        Tensor x = Tensor.of(1f, 2f);
        assertValues(x.repeat(3), new int[] {6}, 1, 2, 1, 2, 1, 2);
        assertValues(x.repeat(2, 2), new int[] {2, 4}, 1, 2, 1, 2, 1, 2, 1, 2);
        assertValues(range(2, 1).repeat(1, 3), new int[] {2, 3}, 0, 0, 0, 1, 1, 1);
        assertArrayEquals(new int[] {2, 9, 10}, range(3, 5).repeat(2, 3, 2).shape());
        assertArrayEquals(new int[] {0, 10}, range(3, 5).repeat(0, 2).shape());
        assertValues(Tensor.scalar(4f).repeat(2), new int[] {2}, 4, 4);
    }

    @Test
    void repeatBackwardSumsTiles() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        x.repeat(2, 3).mul(Tensor.arange(12).reshape(2, 6)).sum().backward();
        // x[0] sits at columns 0, 2, 4 of both rows: 0+2+4+6+8+10 = 30; x[1] at 1, 3, 5: 1+3+5+7+9+11 = 36
        assertArrayEquals(new float[] {30, 36}, x.grad().toFloatArray());
    }

    @Test
    void repeatErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> range(3, 5).repeat(2));
        assertTrue(e.getMessage().contains("can not be smaller than number of dimensions"));
        e = assertThrows(IllegalArgumentException.class, () -> range(3, 5).repeat(-1, 2));
        assertTrue(e.getMessage().contains("non-negative"));
    }

    @Test
    void flipReversesChosenDims() {
        Tensor x = range(2, 3);
        assertValues(x.flip(0), new int[] {2, 3}, 3, 4, 5, 0, 1, 2);
        assertValues(x.flip(-1), new int[] {2, 3}, 2, 1, 0, 5, 4, 3);
        assertValues(x.flip(0, 1), new int[] {2, 3}, 5, 4, 3, 2, 1, 0);
        assertValues(x.t().flip(0), new int[] {3, 2}, 2, 5, 1, 4, 0, 3);
        assertValues(x.flip(), new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
        Tensor f = x.flip(0);
        assertTrue(!f.sharesStorageWith(x));
        var e = assertThrows(IllegalArgumentException.class, () -> x.flip(0, -2));
        assertTrue(e.getMessage().contains("dim 0 appears multiple times"));
    }

    @Test
    void rollShiftsCyclically() {
        Tensor x = range(2, 3);
        assertValues(x.roll(1, 1), new int[] {2, 3}, 2, 0, 1, 5, 3, 4);
        assertValues(x.roll(-1, 1), new int[] {2, 3}, 1, 2, 0, 4, 5, 3);
        assertValues(x.roll(new int[] {1, 4}, new int[] {0, -1}), new int[] {2, 3}, 5, 3, 4, 2, 0, 1);
        assertValues(x.roll(2), new int[] {2, 3}, 4, 5, 0, 1, 2, 3);
        assertValues(x.roll(new int[] {1, 1}, new int[] {1, 1}), new int[] {2, 3}, 1, 2, 0, 4, 5, 3);
        assertArrayEquals(new int[] {0, 3}, range(0, 3).roll(1, 1).shape());
    }

    @Test
    void rollErrors() {
        Tensor x = range(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> x.roll(new int[] {1, 2}, new int[] {0}));
        assertEquals("shifts and dimensions must align. shifts: 2, dims:1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.roll(new int[] {1, 2}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> x.roll(new int[0], new int[0]));
        assertThrows(IndexOutOfBoundsException.class, () -> x.roll(1, 2));
    }

    // ---------------------------------------------------------------- tril, triu

    @Test
    void trilAndTriuOnRectangularAndBatched() {
        Tensor x = range(3, 4).add(1f);
        assertValues(x.tril(), new int[] {3, 4}, 1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0);
        assertValues(x.tril(-1), new int[] {3, 4}, 0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0);
        assertValues(x.triu(1), new int[] {3, 4}, 0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12);
        assertValues(x.triu(), new int[] {3, 4}, 1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12);
        assertValues(x.triu(-5), new int[] {3, 4}, x.toFloatArray());
        Tensor b = range(2, 2, 2);
        assertValues(b.tril(), new int[] {2, 2, 2}, 0, 0, 2, 3, 4, 0, 6, 7);
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(1f, 2f).tril());
        assertTrue(e.getMessage().contains("at least 2 dimensions"));
    }

    @Test
    void trilGradientIsMaskedTheSameWay() {
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        x.tril().sum().backward();
        assertArrayEquals(new float[] {1, 0, 1, 1}, x.grad().toFloatArray());
    }

    // ---------------------------------------------------------------- gradcheck

    static Stream<Arguments> shapesAndDims() {
        return Stream.of(
                Arguments.of(new int[] {5}, 0),
                Arguments.of(new int[] {3, 4}, 0),
                Arguments.of(new int[] {3, 4}, -1),
                Arguments.of(new int[] {2, 3, 4}, 1),
                Arguments.of(new int[] {2, 1, 3, 2}, 2));
    }

    @ParameterizedTest
    @MethodSource("shapesAndDims")
    void gradcheckCatAndStack(int[] shape, int dim) {
        Tensor a = randn(1, shape);
        int[] other = shape.clone();
        int d = Shape.wrapDim(dim, shape.length);
        other[d] = 2;
        Tensor b = randn(2, other);
        assertTrue(GradCheck.check(t -> Tensor.cat(new Tensor[] {t[0], t[1], t[0]}, dim), a, b));
        Tensor c = randn(3, shape);
        assertTrue(GradCheck.check(t -> Tensor.stack(new Tensor[] {t[0], t[1]}, dim), a, c));
    }

    @ParameterizedTest
    @MethodSource("shapesAndDims")
    void gradcheckSplitAndChunk(int[] shape, int dim) {
        Tensor x = randn(4, shape);
        assertTrue(GradCheck.check(t -> t[0].split(2, dim)[0].mul(2f), x));
        assertTrue(GradCheck.check(t -> {
            Tensor[] p = t[0].chunk(2, dim);
            return p[p.length - 1].square();
        }, x));
    }

    @ParameterizedTest
    @MethodSource("shapesAndDims")
    void gradcheckRepeatFlipRoll(int[] shape, int dim) {
        Tensor x = randn(5, shape);
        int[] reps = new int[shape.length + 1];
        for (int i = 0; i < reps.length; i++) reps[i] = 1 + (i + dim + 3) % 3;
        assertTrue(GradCheck.check(t -> t[0].repeat(reps), x));
        assertTrue(GradCheck.check(t -> t[0].flip(dim).mul(t[0]), x));
        assertTrue(GradCheck.check(t -> t[0].roll(new int[] {2, -1}, new int[] {dim, 0}).mul(t[0]), x));
        assertTrue(GradCheck.check(t -> t[0].roll(3).mul(t[0]), x));
    }

    static Stream<Arguments> matrixShapes() {
        return Stream.of(
                Arguments.of(new int[] {3, 3}, 0),
                Arguments.of(new int[] {4, 3}, -1),
                Arguments.of(new int[] {2, 3, 5}, 1),
                Arguments.of(new int[] {2, 2, 2, 3}, 2));
    }

    @ParameterizedTest
    @MethodSource("matrixShapes")
    void gradcheckTrilTriu(int[] shape, int diagonal) {
        Tensor x = randn(6, shape);
        assertTrue(GradCheck.check(t -> t[0].tril(diagonal).mul(t[0]), x));
        assertTrue(GradCheck.check(t -> t[0].triu(diagonal).mul(t[0]), x));
    }
}
