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

class IndexOpsTest {
    private static Tensor range(int... shape) { return Tensor.arange(Shape.numel(shape)).reshape(shape); }

    private static Tensor longs(int[] shape, long... v) { return Tensor.ofLongs(v, shape); }

    private static void assertValues(Tensor t, int[] shape, float... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toFloatArray(), 0f);
    }

    private static void assertMessage(Class<? extends Throwable> type, String part, org.junit.jupiter.api.function.Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }

    // ---------------------------------------------------------------- gather, scatter_add

    @Test
    void gatherPicksAlongADim() {
        Tensor x = range(2, 3);                                       // [[0,1,2],[3,4,5]]
        assertValues(x.gather(1, longs(new int[] {2, 2}, 2, 0, 1, 1)), new int[] {2, 2}, 2, 0, 4, 4);
        assertValues(x.gather(0, longs(new int[] {1, 3}, 1, 0, 1)), new int[] {1, 3}, 3, 1, 5);
        assertValues(x.gather(-1, longs(new int[] {2, 4}, 0, 0, 2, 2, 1, 1, 1, 0)), new int[] {2, 4}, 0, 0, 2, 2, 4, 4, 4, 3);
        assertValues(x.t().gather(0, longs(new int[] {1, 2}, 2, 1)), new int[] {1, 2}, 2, 4);
        assertValues(Tensor.scalar(7f).gather(0, Tensor.ofLongs(new long[] {0})), new int[0], 7);
    }

    @Test
    void gatherBackwardScatterAddsDuplicates() {
        Tensor x = range(2, 3).requiresGrad(true);
        x.gather(1, longs(new int[] {2, 3}, 0, 0, 2, 1, 1, 1)).sum().backward();
        assertArrayEquals(new float[] {2, 0, 1, 0, 3, 0}, x.grad().toFloatArray());
    }

    @Test
    void gatherErrors() {
        Tensor x = range(3, 5);
        assertMessage(IllegalArgumentException.class, "index 5 is out of bounds for dimension 1 with size 5",
                () -> x.gather(1, longs(new int[] {1, 1}, 5)));
        assertMessage(IllegalArgumentException.class, "index -1 is out of bounds",
                () -> x.gather(1, longs(new int[] {1, 1}, -1)));
        assertMessage(IllegalArgumentException.class, "int64", () -> x.gather(1, Tensor.of(new float[] {1}, 1, 1)));
        assertMessage(IllegalArgumentException.class, "same number of dimensions", () -> x.gather(1, longs(new int[] {1}, 1)));
        assertMessage(IllegalArgumentException.class, "Size does not match at dimension 0",
                () -> x.gather(1, longs(new int[] {4, 1}, 0, 0, 0, 0)));
        assertThrows(IndexOutOfBoundsException.class, () -> x.gather(2, longs(new int[] {1, 1}, 0)));
    }

    @Test
    void scatterAddAccumulatesOutOfPlace() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor src = range(2, 2).add(1f);                             // [[1,2],[3,4]]
        Tensor out = x.scatterAdd(1, longs(new int[] {2, 2}, 0, 0, 2, 1), src);
        assertValues(out, new int[] {2, 3}, 3, 0, 0, 0, 4, 3);
        assertValues(x, new int[] {2, 3}, 0, 0, 0, 0, 0, 0);
        // src larger than index: only the index's extent is used
        Tensor big = range(3, 3);
        assertValues(Tensor.zeros(2, 2).scatterAdd(0, longs(new int[] {1, 2}, 1, 0), big), new int[] {2, 2}, 0, 1, 0, 0);
    }

    @Test
    void scatterAddErrors() {
        Tensor x = range(3, 5);
        assertMessage(IllegalArgumentException.class, "to be smaller size than src",
                () -> x.scatterAdd(1, longs(new int[] {3, 2}, 0, 0, 0, 0, 0, 0), Tensor.zeros(2, 2)));
        assertMessage(IllegalArgumentException.class, "Expected self.dtype to be equal to src.dtype",
                () -> x.scatterAdd(1, longs(new int[] {1, 1}, 0), Tensor.ofLongs(new long[] {1}, 1, 1)));
        assertMessage(IllegalArgumentException.class, "index 5 is out of bounds",
                () -> x.scatterAdd(1, longs(new int[] {1, 1}, 5), Tensor.zeros(1, 1)));
    }

    // ---------------------------------------------------------------- index_select, index_add

    @Test
    void indexSelectWithDuplicates() {
        Tensor x = range(3, 2);                                       // [[0,1],[2,3],[4,5]]
        assertValues(x.indexSelect(0, longs(new int[] {4}, 2, 0, 2, 1)), new int[] {4, 2}, 4, 5, 0, 1, 4, 5, 2, 3);
        assertValues(x.indexSelect(-1, longs(new int[] {1}, 1)), new int[] {3, 1}, 1, 3, 5);
        assertValues(x.indexSelect(1, Tensor.ofLongs(new long[] {0})), new int[] {3, 1}, 0, 2, 4);     // 0-d index
        assertValues(x.indexSelect(0, longs(new int[] {0})), new int[] {0, 2});
    }

    @Test
    void indexSelectBackwardIsIndexAdd() {
        Tensor x = range(3, 2).requiresGrad(true);
        x.indexSelect(0, longs(new int[] {3}, 2, 2, 0)).mul(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)).sum().backward();
        assertArrayEquals(new float[] {5, 6, 0, 0, 4, 6}, x.grad().toFloatArray());
    }

    @Test
    void indexSelectErrors() {
        Tensor x = range(3, 5);
        assertMessage(IllegalArgumentException.class, "index_select(): index 5 is out of bounds for dimension 1 with size 5",
                () -> x.indexSelect(1, longs(new int[] {1}, 5)));
        assertMessage(IllegalArgumentException.class, "index -1", () -> x.indexSelect(1, longs(new int[] {1}, -1)));
        assertMessage(IllegalArgumentException.class, "supposed to be a vector", () -> x.indexSelect(1, longs(new int[] {1, 1}, 1)));
        assertMessage(IllegalArgumentException.class, "int64", () -> x.indexSelect(1, Tensor.of(1f)));
    }

    @Test
    void indexAddAccumulatesSlices() {
        Tensor x = Tensor.ones(3, 2);
        Tensor src = range(3, 2);
        assertValues(x.indexAdd(0, longs(new int[] {3}, 2, 0, 2), src), new int[] {3, 2}, 3, 4, 1, 1, 5, 7);
        assertValues(x.indexAdd(1, longs(new int[] {1}, 1), range(3, 1), 2f), new int[] {3, 2}, 1, 1, 1, 3, 1, 5);
        Tensor xs = Tensor.ones(3, 2).requiresGrad(true), ss = range(3, 2).requiresGrad(true);
        xs.indexAdd(0, longs(new int[] {3}, 2, 0, 2), ss, 3f).mul(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)).sum().backward();
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, xs.grad().toFloatArray());
        assertArrayEquals(new float[] {15, 18, 3, 6, 15, 18}, ss.grad().toFloatArray());
    }

    @Test
    void indexAddErrors() {
        Tensor x = range(3, 5);
        assertMessage(IllegalArgumentException.class, "Number of indices (2) should be equal to source.size(dim): (3)",
                () -> x.indexAdd(1, longs(new int[] {2}, 0, 1), Tensor.zeros(3, 3)));
        assertMessage(IllegalArgumentException.class, "index 7 is out of bounds",
                () -> x.indexAdd(1, longs(new int[] {2}, 0, 7), Tensor.zeros(3, 2)));
        assertMessage(IllegalArgumentException.class, "index -1", () -> x.indexAdd(1, longs(new int[] {1}, -1), Tensor.zeros(3, 1)));
        assertMessage(IllegalArgumentException.class, "same slice shapes",
                () -> x.indexAdd(1, longs(new int[] {1}, 0), Tensor.zeros(2, 1)));
    }

    // ---------------------------------------------------------------- masked_fill

    @Test
    void maskedFillBroadcastsTheMask() {
        Tensor x = range(2, 3);
        Tensor rowMask = Tensor.ofBooleans(new boolean[] {true, false, true}, 3);
        assertValues(x.maskedFill(rowMask, -1e9f), new int[] {2, 3}, -1e9f, 1, -1e9f, -1e9f, 4, -1e9f);
        Tensor colMask = Tensor.ofBooleans(new boolean[] {false, true}, 2, 1);
        assertValues(x.maskedFill(colMask, 9f), new int[] {2, 3}, 0, 1, 2, 9, 9, 9);
        // like torch, the out-of-place op broadcasts the input against a larger mask
        assertValues(Tensor.of(1f, 2f).maskedFill(Tensor.ofBooleans(new boolean[] {true, false, false, true}, 2, 2), 0f),
                new int[] {2, 2}, 0, 2, 1, 0);
        assertEquals(DType.INT64, Tensor.ofLongs(new long[] {1, 2}, 2).maskedFill(Tensor.ofBooleans(new boolean[] {true}, 1), 3.7f).dtype());
    }

    @Test
    void maskedFillGradientIsZeroWhereFilled() {
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        x.maskedFill(Tensor.ofBooleans(new boolean[] {true, false}, 2), 5f).mul(3f).sum().backward();
        assertArrayEquals(new float[] {0, 3, 0, 3}, x.grad().toFloatArray());
        Tensor v = Tensor.of(1f, 2f).requiresGrad(true);
        v.maskedFill(Tensor.ofBooleans(new boolean[] {true, false, false, false}, 2, 2), 0f).sum().backward();
        assertArrayEquals(new float[] {1, 2}, v.grad().toFloatArray());
    }

    @Test
    void maskedFillErrors() {
        Tensor x = range(3, 5);
        assertMessage(IllegalArgumentException.class, "boolean masks", () -> x.maskedFill(Tensor.ones(3, 5), 1f));
        assertMessage(IllegalArgumentException.class, "does not broadcast",
                () -> x.maskedFill(Tensor.ofBooleans(new boolean[8], 4, 2), 1f));
    }

    // ---------------------------------------------------------------- gradcheck

    /** A valid random int64 index of {@code shape} with values below {@code bound}. */
    private static Tensor randomIndex(Generator g, int bound, int... shape) { return Tensor.randint(g, 0, bound, shape); }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new int[] {5}, 0),
                Arguments.of(new int[] {3, 4}, 0),
                Arguments.of(new int[] {3, 4}, 1),
                Arguments.of(new int[] {2, 3, 4}, -1),
                Arguments.of(new int[] {2, 3, 4}, 1));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradcheckGatherAndScatterAdd(int[] shape, int dim) {
        Generator gen = new Generator(shape.length * 10L + dim);
        int d = Shape.wrapDim(dim, shape.length);
        int[] idxShape = shape.clone();
        idxShape[d] = shape[d] + 2;                                    // more picks than the size: duplicates
        for (int k = 0; k < shape.length; k++) if (k != d && shape[k] > 1) idxShape[k] = shape[k] - 1;
        Tensor index = randomIndex(gen, shape[d], idxShape);
        Tensor x = Tensor.randn(gen, shape).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].gather(dim, index), x));
        Tensor src = Tensor.randn(gen, idxShape).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].scatterAdd(dim, index, t[1]), x, src));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradcheckIndexSelectAndIndexAdd(int[] shape, int dim) {
        Generator gen = new Generator(100 + shape.length * 10L + dim);
        int d = Shape.wrapDim(dim, shape.length);
        Tensor index = randomIndex(gen, shape[d], shape[d] + 1);
        Tensor x = Tensor.randn(gen, shape).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].indexSelect(dim, index), x));
        int[] srcShape = shape.clone();
        srcShape[d] = shape[d] + 1;
        Tensor src = Tensor.randn(gen, srcShape).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].indexAdd(dim, index, t[1], -0.5f), x, src));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradcheckMaskedFill(int[] shape, int dim) {
        Generator gen = new Generator(200 + shape.length * 10L + dim);
        Tensor x = Tensor.randn(gen, shape).requiresGrad(true);
        int[] maskShape = shape.clone();
        maskShape[Shape.wrapDim(dim, shape.length)] = 1;              // broadcast along dim
        Tensor mask = Tensor.rand(gen, maskShape).lt(0.5f);
        assertTrue(GradCheck.check(t -> t[0].maskedFill(mask, -3f).mul(t[0]), x));
    }
}
