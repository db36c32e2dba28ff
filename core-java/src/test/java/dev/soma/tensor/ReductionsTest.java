package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReductionsTest {
    /** 0, 1, …, n−1 in the given shape. */
    private static Tensor range(int... shape) { return Tensor.arange(Shape.numel(shape)).reshape(shape); }

    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).requiresGrad(true); }

    /** Values (k − (n−1)/2)·0.13 in a seeded random order: well apart (no ties within a finite-difference step), none zero. */
    private static Tensor distinct(long seed, int... shape) {
        int n = Shape.numel(shape);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i - (n - 1) / 2f) * 0.13f;
        Generator g = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) Math.floor(g.nextDouble() * (i + 1));
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape).requiresGrad(true);
    }

    private static void assertValues(Tensor t, int[] shape, float... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toFloatArray(), 1e-5f);
    }

    @Test
    void meanOverDimsAndAll() {
        Tensor x = range(2, 3);
        assertValues(x.mean(), new int[0], 2.5f);
        assertValues(x.mean(0), new int[] {3}, 1.5f, 2.5f, 3.5f);
        assertValues(x.mean(-1, true), new int[] {2, 1}, 1f, 4f);
        assertValues(range(2, 3, 2).mean(new int[] {0, 2}, false), new int[] {3}, 3.5f, 5.5f, 7.5f);
        assertTrue(Float.isNaN(Tensor.zeros(0).mean().item()), "the mean of nothing is NaN");
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.ofLongs(new long[] {1, 2}, 2).mean());
        assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void sumOfIntegersStaysInteger() {
        Tensor x = Tensor.ofLongs(new long[] {1, 2, 3}, 3);
        assertEquals(DType.INT64, x.sum().dtype());
        assertEquals(DType.INT64, x.prod().dtype());
        assertEquals(DType.INT64, x.cumsum(0).dtype());
        assertValues(x.prod(), new int[0], 6f);
    }

    @Test
    void amaxAminAndMaxWithIndices() {
        Tensor x = Tensor.of(new float[] {3, -1, 7, 2, 9, 0}, 2, 3);
        assertValues(x.amax(), new int[0], 9f);
        assertValues(x.amin(1), new int[] {2}, -1f, 0f);
        assertValues(x.amax(new int[] {0}, true), new int[] {1, 3}, 3f, 9f, 7f);
        ValuesIndices m = x.max(1);
        assertValues(m.values(), new int[] {2}, 7f, 9f);
        assertValues(m.indices(), new int[] {2}, 2f, 1f);
        assertEquals(DType.INT64, m.indices().dtype());
        ValuesIndices n = x.min(0, true);
        assertValues(n.values(), new int[] {1, 3}, 2f, -1f, 0f);
        assertValues(n.indices(), new int[] {1, 3}, 1f, 0f, 1f);
        assertTrue(Float.isNaN(Tensor.of(1f, Float.NaN, 3f).amax().item()), "NaN propagates through amax");
    }

    @Test
    void tiesShareTheAmaxGradientButMaxGivesItToTheFirstIndex() {
        Tensor x = Tensor.of(new float[] {5, 1, 5, 5}, 4).requiresGrad(true);
        x.amax().backward();
        assertArrayEquals(new float[] {1f / 3, 0, 1f / 3, 1f / 3}, x.grad().toFloatArray(), 1e-6f);
        Tensor y = Tensor.of(new float[] {5, 1, 5, 5}, 1, 4).requiresGrad(true);
        y.max(1).values().sum().backward();
        assertArrayEquals(new float[] {1, 0, 0, 0}, y.grad().toFloatArray());
    }

    @Test
    void argmaxArgminFlattenWithoutDimAndPickTheFirstTie() {
        Tensor x = Tensor.of(new float[] {1, 8, 8, -2, -2, 0}, 2, 3);
        assertValues(x.argmax(), new int[0], 1f);
        assertValues(x.argmin(), new int[0], 3f);
        assertValues(x.argmax(0), new int[] {3}, 0f, 0f, 0f);
        assertValues(x.argmin(1, true), new int[] {2, 1}, 0f, 0f);
        assertEquals(DType.INT64, x.argmax(1).dtype());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).argmax());
        assertTrue(e.getMessage().contains("argmax"), e.getMessage());
    }

    @Test
    void varianceAndStdWithAndWithoutBesselCorrection() {
        Tensor x = Tensor.of(2f, 4f, 4f, 4f, 5f, 5f, 7f, 9f);
        assertValues(x.var(false), new int[0], 4f);
        assertValues(x.std(false), new int[0], 2f);
        assertValues(x.var(), new int[0], 32f / 7);
        assertValues(x.reshape(2, 4).var(new int[] {1}, 0, true), new int[] {2, 1}, 0.75f, 2.75f);
        assertValues(x.reshape(2, 4).std(1), new int[] {2}, 1f, (float) Math.sqrt(11.0 / 3));
        assertTrue(Float.isNaN(Tensor.of(3f).var().item()) || Float.isInfinite(Tensor.of(3f).var().item()),
                "one sample has no unbiased variance");
    }

    @Test
    void logsumexpIsStableForHugeAndTinyValues() {
        Tensor x = Tensor.of(new float[] {1000, 1000, -1000, -1000}, 2, 2);
        assertValues(x.logsumexp(1), new int[] {2}, 1000f + (float) Math.log(2), -1000f + (float) Math.log(2));
        assertValues(Tensor.of(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY).logsumexp(0), new int[0],
                Float.NEGATIVE_INFINITY);
    }

    @Test
    void prodAndItsGradientWithZeros() {
        Tensor x = Tensor.of(new float[] {2, 0, 3, 4}, 4).requiresGrad(true);
        assertValues(x.prod(), new int[0], 0f);
        x.prod().backward();
        assertArrayEquals(new float[] {0, 24, 0, 0}, x.grad().toFloatArray());
        assertValues(range(2, 3).add(1f).prod(1, true), new int[] {2, 1}, 6f, 120f);
    }

    @Test
    void normsOfEveryOrder() {
        Tensor x = Tensor.of(new float[] {3, -4, 0, 12}, 2, 2);
        assertValues(x.norm(), new int[0], 13f);
        assertValues(x.norm(1f), new int[0], 19f);
        assertValues(x.norm(Float.POSITIVE_INFINITY), new int[0], 12f);
        assertValues(x.norm(Float.NEGATIVE_INFINITY), new int[0], 0f);
        assertValues(x.norm(0f), new int[0], 3f);
        assertValues(x.norm(2f, 1), new int[] {2}, 5f, 12f);
        assertValues(x.norm(3f, new int[] {0}, true), new int[] {1, 2}, 3f, (float) Math.cbrt(64 + 1728));
        Tensor z = Tensor.zeros(3).requiresGrad(true);
        z.norm().backward();
        assertArrayEquals(new float[] {0, 0, 0}, z.grad().toFloatArray(), "the 2-norm's gradient at 0 is 0, as in PyTorch");
        assertThrows(IllegalArgumentException.class, () -> x.norm(-1f));
    }

    @Test
    void cumsumAlongEachDim() {
        Tensor x = range(2, 3);
        assertValues(x.cumsum(1), new int[] {2, 3}, 0, 1, 3, 3, 7, 12);
        assertValues(x.cumsum(0), new int[] {2, 3}, 0, 1, 2, 3, 5, 7);
        assertValues(Tensor.scalar(4f).cumsum(0), new int[0], 4f);
        Tensor y = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        y.cumsum(0).backward(Tensor.of(1f, 10f, 100f));
        assertArrayEquals(new float[] {111, 110, 100}, y.grad().toFloatArray());
    }

    @Test
    void softmaxAndLogSoftmax() {
        Tensor x = Tensor.of(new float[] {0, (float) Math.log(3), 1000, 1000}, 2, 2);
        assertValues(x.softmax(1), new int[] {2, 2}, 0.25f, 0.75f, 0.5f, 0.5f);
        assertValues(x.logSoftmax(-1), new int[] {2, 2}, (float) Math.log(0.25), (float) Math.log(0.75),
                (float) Math.log(0.5), (float) Math.log(0.5));
        Tensor y = range(2, 3).softmax(0);
        assertArrayEquals(new float[] {1, 1, 1}, y.sum(0).toFloatArray(), 1e-6f);
        assertValues(Tensor.scalar(7f).softmax(0), new int[0], 1f);
        Tensor big = Tensor.of(-200f, 0f);
        assertEquals(-200f, big.logSoftmax(0).get(0), 1e-3f, "log_softmax keeps tiny probabilities finite");
    }

    @Test
    void dimensionErrorsNameTheRange() {
        Tensor x = Tensor.zeros(3, 4);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> x.sum(2));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.mean(new int[] {0, -3}, false));
        assertThrows(IndexOutOfBoundsException.class, () -> x.softmax(2));
        assertThrows(IndexOutOfBoundsException.class, () -> x.logSoftmax(-3));
        assertThrows(IndexOutOfBoundsException.class, () -> x.cumsum(5));
        assertThrows(IllegalArgumentException.class, () -> x.sum(new int[] {1, -1}, false));
    }

    static Stream<Arguments> differentiableReductions() {
        return Stream.of(
                Arguments.of("sum", (Function<Tensor, Tensor>) t -> t.sum(new int[] {0, 2}, false)),
                Arguments.of("mean", (Function<Tensor, Tensor>) t -> t.mean(new int[] {1}, true)),
                Arguments.of("mean all", (Function<Tensor, Tensor>) Tensor::mean),
                Arguments.of("prod", (Function<Tensor, Tensor>) t -> t.prod(1)),
                Arguments.of("amax", (Function<Tensor, Tensor>) t -> t.amax(new int[] {0, -1}, true)),
                Arguments.of("amin", (Function<Tensor, Tensor>) t -> t.amin(2)),
                Arguments.of("max dim", (Function<Tensor, Tensor>) t -> t.max(1, true).values()),
                Arguments.of("min dim", (Function<Tensor, Tensor>) t -> t.min(-1).values()),
                Arguments.of("var", (Function<Tensor, Tensor>) t -> t.var(new int[] {1, 2}, true, false)),
                Arguments.of("var biased", (Function<Tensor, Tensor>) t -> t.var(false)),
                Arguments.of("std", (Function<Tensor, Tensor>) t -> t.std(new int[] {0}, true, true)),
                Arguments.of("logsumexp", (Function<Tensor, Tensor>) t -> t.logsumexp(new int[] {0, 2}, false)),
                Arguments.of("norm 2", (Function<Tensor, Tensor>) t -> t.norm(2f, new int[] {1}, false)),
                Arguments.of("norm 1", (Function<Tensor, Tensor>) t -> t.norm(1f)),
                Arguments.of("norm 3", (Function<Tensor, Tensor>) t -> t.norm(3f, 2)),
                Arguments.of("norm inf", (Function<Tensor, Tensor>) t -> t.norm(Float.POSITIVE_INFINITY, 0)),
                Arguments.of("cumsum", (Function<Tensor, Tensor>) t -> t.cumsum(1)),
                Arguments.of("softmax", (Function<Tensor, Tensor>) t -> t.softmax(1)),
                Arguments.of("log_softmax", (Function<Tensor, Tensor>) t -> t.logSoftmax(-1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentiableReductions")
    void gradientsMatchFiniteDifferences(String name, Function<Tensor, Tensor> op) {
        // Distinct, nonzero values: away from the kinks of max, |x| and the norms.
        for (long seed = 1; seed <= 3; seed++) {
            Tensor x = distinct(seed, 3, 4, 2);
            assertTrue(GradCheck.check(in -> op.apply(in[0]), x), name);
        }
    }

    @Test
    void gradientsFlowThroughNonContiguousInputs() {
        Tensor x = randn(7, 4, 3);
        assertTrue(GradCheck.check(in -> in[0].t().softmax(1), x));
        assertTrue(GradCheck.check(in -> in[0].t().var(new int[] {0}, true, false), x));
        assertTrue(GradCheck.check(in -> in[0].t().cumsum(0), x));
    }
}
