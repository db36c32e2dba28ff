package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ElementwiseOpsTest {
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY;

    private static void assertValues(Tensor t, int[] shape, float... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toFloatArray(), 1e-6f);
    }

    private static void assertTyped(Tensor t, DType type, int[] shape, float... values) {
        assertEquals(type, t.dtype(), "dtype");
        assertValues(t, shape, values);
    }

    private static Tensor longs(long... v) { return Tensor.ofLongs(v, v.length); }

    private static Tensor bools(boolean... v) { return Tensor.ofBooleans(v, v.length); }

    private static Tensor leaf(float... v) { return Tensor.of(v).requiresGrad(true); }

    private static int[] s(int... shape) { return shape; }

    // ---------------------------------------------------------------- values

    @Test
    void binaryArithmeticOnHandValues() {
        Tensor a = Tensor.of(new float[] {1, -2, 3, 4}, 2, 2), b = Tensor.of(new float[] {2, 4, -8, 0.5f}, 2, 2);
        assertValues(a.add(b), s(2, 2), 3, 2, -5, 4.5f);
        assertValues(a.sub(b), s(2, 2), -1, -6, 11, 3.5f);
        assertValues(a.mul(b), s(2, 2), 2, -8, -24, 2);
        assertValues(a.div(b), s(2, 2), 0.5f, -0.5f, -0.375f, 8);
        assertValues(a.add(b, 0.5f), s(2, 2), 2, 0, -1, 4.25f);
        assertValues(a.sub(b, 2f), s(2, 2), -3, -10, 19, 3);
        assertValues(a.add(b, 0f), s(2, 2), 1, -2, 3, 4);
        assertValues(Tensor.of(1f, -1f, 0f).div(Tensor.of(0f, 0f, 0f)), s(3), INF, -INF, NAN);
    }

    @Test
    void scalarOverloadsAndReversedScalarOps() {
        Tensor a = Tensor.of(1f, -2f, 4f);
        assertValues(a.add(1.5f), s(3), 2.5f, -0.5f, 5.5f);
        assertValues(a.sub(1f), s(3), 0, -3, 3);
        assertValues(a.mul(-3f), s(3), -3, 6, -12);
        assertValues(a.div(4f), s(3), 0.25f, -0.5f, 1);
        assertValues(a.rsub(1f), s(3), 0, 3, -3);
        assertValues(a.rdiv(2f), s(3), 2, -1, 0.5f);
        assertValues(a.eq(4f), s(3), 0, 0, 1);
        assertValues(a.ne(4f), s(3), 1, 1, 0);
        assertValues(a.gt(-2f), s(3), 1, 0, 1);
        assertValues(a.ge(-2f), s(3), 1, 1, 1);
        assertValues(a.lt(1f), s(3), 0, 1, 0);
        assertValues(a.le(1f), s(3), 1, 1, 0);
    }

    @Test
    void unaryMathOnHandValues() {
        Tensor x = Tensor.of(1f, 4f, 0.25f);
        assertValues(x.neg(), s(3), -1, -4, -0.25f);
        assertValues(Tensor.of(0f, 1f, -1f).exp(), s(3), 1, (float) Math.E, (float) (1 / Math.E));
        assertValues(Tensor.of(1f, (float) Math.E, 0f, -1f).log(), s(4), 0, 1, -INF, NAN);
        assertValues(Tensor.of(0f, (float) (Math.E - 1), -1f).log1p(), s(3), 0, 1, -INF);
        assertEquals(1e-7f, Tensor.of(1e-7f).log1p().item(), 1e-13f, "log1p keeps precision near 0");
        assertValues(x.sqrt(), s(3), 1, 2, 0.5f);
        assertValues(Tensor.of(-1f).sqrt(), s(1), NAN);
        assertValues(x.rsqrt(), s(3), 1, 0.5f, 2);
        assertValues(Tensor.of(0f).rsqrt(), s(1), INF);
        assertValues(Tensor.of(-3f, 0f, 2.5f, -0f).abs(), s(4), 3, 0, 2.5f, 0);
        assertValues(Tensor.of(-3f, 0.5f).square(), s(2), 9, 0.25f);
        assertValues(Tensor.of(-2f, 0.5f, 0f).reciprocal(), s(3), -0.5f, 2, INF);
        assertValues(Tensor.of(-2f, 0f, 3f, -0f).sign(), s(4), -1, 0, 1, 0);
    }

    @Test
    void signOfNaNIsZeroAsInPyTorch() {
        assertValues(Tensor.of(NAN).sign(), s(1), 0f);
    }

    @Test
    void powWithScalarAndTensorExponents() {
        Tensor x = Tensor.of(-2f, 0f, 3f);
        assertValues(x.pow(2f), s(3), 4, 0, 9);
        assertValues(x.pow(3f), s(3), -8, 0, 27);
        assertValues(x.pow(1f), s(3), -2, 0, 3);
        assertValues(x.pow(0f), s(3), 1, 1, 1);
        assertValues(x.pow(-1f), s(3), -0.5f, INF, 1f / 3);
        assertValues(Tensor.of(4f, -4f).pow(0.5f), s(2), 2, NAN);
        assertValues(Tensor.of(2f, 0f, 0f, 9f).pow(Tensor.of(3f, 0f, 2f, 0.5f)), s(4), 8, 1, 0, 3);
        // A column of bases against a row of exponents.
        assertValues(Tensor.of(new float[] {2, 3}, 2, 1).pow(Tensor.of(0f, 1f, 2f)), s(2, 3), 1, 2, 4, 1, 3, 9);
    }

    @Test
    void clampAndItsOneSidedForms() {
        Tensor x = Tensor.of(-2f, -0.5f, 0f, 0.5f, 2f, NAN);
        assertValues(x.clamp(-1f, 1f), s(6), -1, -0.5f, 0, 0.5f, 1, NAN);
        assertValues(x.clampMin(0f), s(6), 0, 0, 0, 0.5f, 2, NAN);
        assertValues(x.clampMax(0f), s(6), -2, -0.5f, 0, 0, 0, NAN);
        // min > max: every element becomes max, as torch.clamp.
        assertValues(Tensor.of(0f, 2f, 5f).clamp(3f, 1f), s(3), 1, 1, 1);
    }

    @Test
    void maximumMinimumBroadcastAndPropagateNaN() {
        Tensor a = Tensor.of(new float[] {1, 5, -3}, 3, 1), b = Tensor.of(0f, 2f);
        assertValues(a.maximum(b), s(3, 2), 1, 2, 5, 5, 0, 2);
        assertValues(a.minimum(b), s(3, 2), 0, 1, 0, 2, -3, -3);
        assertValues(Tensor.of(NAN, 1f).maximum(Tensor.of(1f, NAN)), s(2), NAN, NAN);
        assertValues(Tensor.of(NAN, 1f).minimum(Tensor.of(1f, NAN)), s(2), NAN, NAN);
    }

    @Test
    void whereBroadcastsAllThreeOperands() {
        Tensor cond = Tensor.ofBooleans(new boolean[] {true, false}, 2, 1);
        Tensor x = Tensor.of(1f, 2f, 3f);
        Tensor out = Tensor.where(cond, x, Tensor.scalar(-1f));
        assertTyped(out, DType.FLOAT32, s(2, 3), 1, 2, 3, -1, -1, -1);
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.where(Tensor.of(1f, 0f), x, x));
        assertTrue(e.getMessage().contains("where") && e.getMessage().contains("bool") && e.getMessage().contains("float32"),
                e.getMessage());
    }

    @Test
    void comparisonsGiveBoolMasks() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3, 1), b = Tensor.of(2f, 3f);
        assertTyped(a.eq(b), DType.BOOL, s(3, 2), 0, 0, 1, 0, 0, 1);
        assertTyped(a.ne(b), DType.BOOL, s(3, 2), 1, 1, 0, 1, 1, 0);
        assertTyped(a.gt(b), DType.BOOL, s(3, 2), 0, 0, 0, 0, 1, 0);
        assertTyped(a.ge(b), DType.BOOL, s(3, 2), 0, 0, 1, 0, 1, 1);
        assertTyped(a.lt(b), DType.BOOL, s(3, 2), 1, 1, 0, 1, 0, 0);
        assertTyped(a.le(b), DType.BOOL, s(3, 2), 1, 1, 1, 1, 0, 1);
        Tensor nan = Tensor.of(NAN);
        assertTyped(nan.eq(nan), DType.BOOL, s(1), 0);
        assertTyped(nan.ne(nan), DType.BOOL, s(1), 1);
        assertTyped(longs(1, 2, 3).eq(Tensor.scalar(2f)), DType.BOOL, s(3), 0, 1, 0);
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        assertFalse(x.gt(0f).requiresGrad(), "comparisons are not differentiable");
    }

    @Test
    void logicalNotOfMasksAndNumbers() {
        assertTyped(bools(true, false).logicalNot(), DType.BOOL, s(2), 0, 1);
        assertTyped(Tensor.of(0f, 2f, -1f, NAN).logicalNot(), DType.BOOL, s(4), 1, 0, 0, 0);
        assertTyped(longs(0, 7).logicalNot(), DType.BOOL, s(2), 1, 0);
    }

    // ---------------------------------------------------------------- dtype promotion

    @Test
    void integerArithmeticStaysInt64AndDivisionIsTrue() {
        Tensor i = longs(1, 2, 3), j = longs(2, 4, 6);
        assertTyped(i.add(j), DType.INT64, s(3), 3, 6, 9);
        assertTyped(i.sub(j), DType.INT64, s(3), -1, -2, -3);
        assertTyped(i.mul(j), DType.INT64, s(3), 2, 8, 18);
        assertTyped(i.add(j, 2f), DType.INT64, s(3), 5, 10, 15);
        assertTyped(i.div(j), DType.FLOAT32, s(3), 0.5f, 0.5f, 0.5f);
        assertTyped(i.neg(), DType.INT64, s(3), -1, -2, -3);
        assertTyped(longs(-2, 3).abs(), DType.INT64, s(2), 2, 3);
        assertTyped(longs(-2, 3).square(), DType.INT64, s(2), 4, 9);
        assertTyped(longs(-2, 0, 3).sign(), DType.INT64, s(3), -1, 0, 1);
        assertTyped(i.maximum(longs(2, 2, 2)), DType.INT64, s(3), 2, 2, 3);
        assertTyped(i.minimum(longs(2, 2, 2)), DType.INT64, s(3), 1, 2, 2);
        assertTyped(longs(-5, 0, 5).clamp(-1f, 1f), DType.INT64, s(3), -1, 0, 1);
        assertTyped(longs(0).exp(), DType.FLOAT32, s(1), 1);
        assertTyped(longs(4).sqrt(), DType.FLOAT32, s(1), 2);
        assertTyped(longs(2).reciprocal(), DType.FLOAT32, s(1), 0.5f);
        assertTyped(longs(1).log(), DType.FLOAT32, s(1), 0);
        assertTyped(i.rdiv(2f), DType.FLOAT32, s(3), 2, 1, 2f / 3);
    }

    @Test
    void integerTensorsWithIntegralScalarsStayInt64() {
        Tensor i = longs(1, 2, 3);
        assertTyped(i.add(2f), DType.INT64, s(3), 3, 4, 5);
        assertTyped(i.mul(2f), DType.INT64, s(3), 2, 4, 6);
        assertTyped(i.sub(1f), DType.INT64, s(3), 0, 1, 2);
        assertTyped(i.rsub(1f), DType.INT64, s(3), 0, -1, -2);
        assertTyped(i.pow(2f), DType.INT64, s(3), 1, 4, 9);
        assertTyped(i.pow(longs(2, 1, 0)), DType.INT64, s(3), 1, 2, 1);
        assertTyped(bools(true, false).add(1f), DType.INT64, s(2), 2, 1);
        assertTyped(bools(true, false).mul(2f), DType.INT64, s(2), 2, 0);
        assertTyped(bools(true, false).clamp(0f, 1f), DType.INT64, s(2), 1, 0);
    }

    @Test
    void fractionalScalarsPromoteIntegerTensorsToFloat() {
        Tensor i = longs(1, 2, 3);
        assertTyped(i.add(0.5f), DType.FLOAT32, s(3), 1.5f, 2.5f, 3.5f);
        assertTyped(i.mul(0.5f), DType.FLOAT32, s(3), 0.5f, 1, 1.5f);
        assertTyped(i.div(2f), DType.FLOAT32, s(3), 0.5f, 1, 1.5f);
        assertTyped(i.div(1f), DType.FLOAT32, s(3), 1, 2, 3);    // true division: float even by a whole number
        assertEquals(1f / 3f, Tensor.of(1f).div(3f).item(), 0f, "x / 3 divides, rather than multiplying by a rounded 1/3");
        assertTyped(i.rsub(1.5f), DType.FLOAT32, s(3), 0.5f, -0.5f, -1.5f);
        assertTyped(i.pow(0.5f), DType.FLOAT32, s(3), 1, (float) Math.sqrt(2), (float) Math.sqrt(3));
        assertTyped(longs(0, 5).clamp(0.5f, 2f), DType.FLOAT32, s(2), 0.5f, 2);
        assertTyped(bools(true, false).mul(2.5f), DType.FLOAT32, s(2), 2.5f, 0);
        assertTyped(i.add(INF), DType.FLOAT32, s(3), INF, INF, INF);
        var e = assertThrows(IllegalArgumentException.class, () -> i.pow(-1f));
        assertTrue(e.getMessage().contains("negative integer powers"), e.getMessage());
    }

    @Test
    void floatWinsOverIntegerAndBoolTensors() {
        Tensor i = longs(1, 2), b = bools(true, false), f = Tensor.of(0.5f, 0.25f);
        assertTyped(i.add(f), DType.FLOAT32, s(2), 1.5f, 2.25f);
        assertTyped(f.mul(i), DType.FLOAT32, s(2), 0.5f, 0.5f);
        assertTyped(b.add(f), DType.FLOAT32, s(2), 1.5f, 0.25f);
        assertTyped(i.add(Tensor.scalar(2f)), DType.FLOAT32, s(2), 3, 4);
        assertTyped(Tensor.where(b, i, f), DType.FLOAT32, s(2), 1, 0.25f);
        assertTyped(i.pow(Tensor.of(0.5f)), DType.FLOAT32, s(2), 1, (float) Math.sqrt(2));
    }

    @Test
    void boolPromotion() {
        Tensor b = bools(true, false, true), c = bools(true, false, false), i = longs(1, 2, 3);
        assertTyped(b.add(i), DType.INT64, s(3), 2, 2, 4);
        assertTyped(i.mul(b), DType.INT64, s(3), 1, 0, 3);
        assertTyped(b.maximum(i), DType.INT64, s(3), 1, 2, 3);
        assertTyped(Tensor.where(b, i, longs(0)), DType.INT64, s(3), 1, 0, 3);
        // Two bools stay bool: + is logical or, * logical and.
        assertTyped(b.add(c), DType.BOOL, s(3), 1, 0, 1);
        assertTyped(b.add(b), DType.BOOL, s(3), 1, 0, 1);
        assertTyped(b.mul(c), DType.BOOL, s(3), 1, 0, 0);
        assertTyped(b.maximum(c), DType.BOOL, s(3), 1, 0, 1);
        assertTyped(b.minimum(c), DType.BOOL, s(3), 1, 0, 0);
        assertTyped(Tensor.where(c, b, c), DType.BOOL, s(3), 1, 0, 0);
        assertTyped(b.sign(), DType.BOOL, s(3), 1, 0, 1);
        assertTyped(b.exp(), DType.FLOAT32, s(3), (float) Math.E, 1, (float) Math.E);
        assertTyped(b.div(bools(true, true, true)), DType.FLOAT32, s(3), 1, 0, 1);
    }

    @Test
    void subtractingOrNegatingBoolsIsRefused() {
        Tensor b = bools(true, false);
        for (Function<Tensor, Tensor> f : List.<Function<Tensor, Tensor>>of(
                x -> x.sub(x), x -> x.sub(longs(1, 1)), x -> longs(1, 1).sub(x), Tensor::neg, x -> x.rsub(1f),
                x -> x.sub(1f), x -> x.sub(x, 2f))) {
            var e = assertThrows(IllegalArgumentException.class, () -> f.apply(b));
            assertTrue(e.getMessage().contains("bool") && e.getMessage().contains("logicalNot"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- shapes

    @Test
    void zeroDimTensorsStayZeroDim() {
        Tensor a = Tensor.scalar(3f), b = Tensor.scalar(-2f);
        assertValues(a.add(b), s(), 1);
        assertValues(a.mul(b), s(), -6);
        assertValues(a.pow(b), s(), 1f / 9);
        assertValues(a.maximum(b), s(), 3);
        assertValues(a.exp().log(), s(), 3);
        assertValues(b.abs(), s(), 2);
        assertValues(a.gt(b), s(), 1);
        assertValues(Tensor.where(Tensor.ofBooleans(new boolean[] {false}), a, b), s(), -2);
        assertValues(a.add(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)), s(2, 3), 4, 5, 6, 7, 8, 9);
        assertValues(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).sub(a), s(2, 3), -2, -1, 0, 1, 2, 3);
    }

    @Test
    void emptyTensorsGiveEmptyResultsAndGradients() {
        Tensor e = Tensor.zeros(0, 3).requiresGrad(true);
        assertValues(e.add(Tensor.of(new float[] {1, 2, 3}, 1, 3)), s(0, 3));
        assertValues(e.mul(Tensor.scalar(2f)), s(0, 3));
        assertValues(e.exp(), s(0, 3));
        assertValues(e.gt(0f), s(0, 3));
        assertValues(Tensor.zeros(0).add(Tensor.of(5f)), s(0));
        assertValues(Tensor.zeros(2, 0).maximum(Tensor.zeros(1, 1)), s(2, 0));
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 1, 3).requiresGrad(true);
        e.mul(w).sum().backward();
        assertValues(e.grad(), s(0, 3));
        assertValues(w.grad(), s(1, 3), 0, 0, 0);
        var err = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).add(Tensor.zeros(2)));
        assertTrue(err.getMessage().contains("[0]") && err.getMessage().contains("[2]"), err.getMessage());
    }

    @Test
    void broadcastingColumnByRowAndRowOverMatrix() {
        Tensor col = Tensor.of(new float[] {0, 10, 20}, 3, 1), row = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4);
        assertValues(col.add(row), s(3, 4), 1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);
        assertValues(row.sub(col), s(3, 4), 1, 2, 3, 4, -9, -8, -7, -6, -19, -18, -17, -16);
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), v = Tensor.of(10f, 20f, 30f);
        assertValues(m.mul(v), s(2, 3), 10, 40, 90, 40, 100, 180);
        assertValues(v.div(m), s(2, 3), 10, 10, 10, 2.5f, 4, 5);
        assertValues(m.mul(2f), s(2, 3), 2, 4, 6, 8, 10, 12);
        assertValues(m.mul(Tensor.scalar(2f)), s(2, 3), 2, 4, 6, 8, 10, 12);
        assertValues(Tensor.scalar(1f).rdiv(4f), s(), 4);
    }

    @Test
    void broadcastGradientsAreSummedBackToEachShape() {
        Tensor col = Tensor.of(new float[] {1, 2, 3}, 3, 1).requiresGrad(true);
        Tensor row = Tensor.of(new float[] {1, 10, 100, 1000}, 1, 4).requiresGrad(true);
        col.mul(row).sum().backward();
        assertValues(col.grad(), s(3, 1), 1111, 1111, 1111);
        assertValues(row.grad(), s(1, 4), 6, 6, 6, 6);
        Tensor sc = Tensor.scalar(2f).requiresGrad(true), m = Tensor.ones(2, 3).requiresGrad(true);
        m.sub(sc, 3f).sum().backward();
        assertValues(sc.grad(), s(), -18);
        assertValues(m.grad(), s(2, 3), 1, 1, 1, 1, 1, 1);
    }

    @Test
    void broadcastErrorsNameBothShapes() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4);
        for (BiFunction<Tensor, Tensor, Tensor> op : List.<BiFunction<Tensor, Tensor, Tensor>>of(
                Tensor::add, Tensor::sub, Tensor::mul, Tensor::div, Tensor::pow, Tensor::maximum, Tensor::minimum, Tensor::eq,
                Tensor::lt, (x, y) -> x.add(y, 2f), (x, y) -> Tensor.where(y.gt(0f), x, y))) {
            var e = assertThrows(IllegalArgumentException.class, () -> op.apply(a, b));
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
            assertTrue(e.getMessage().contains("(3)") && e.getMessage().contains("(4)"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).add(Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void nonContiguousOperandsReadThroughTheirStrides() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor t = m.t();                                 // (3, 2), strides (1, 3)
        assertValues(t.add(Tensor.of(10f, 20f)), s(3, 2), 11, 24, 12, 25, 13, 26);
        assertValues(m.narrow(1, 1, 2).mul(m.narrow(1, 0, 2)), s(2, 2), 2, 6, 20, 30);
        assertValues(Tensor.of(1f, 2f).expand(3, 2).sub(t), s(3, 2), 0, -2, -1, -3, -2, -4);
        assertValues(m.slice(1, 0, 3, 2).exp().log(), s(2, 2), 1, 3, 4, 6);
        assertValues(m.t().clamp(2f, 5f), s(3, 2), 2, 4, 2, 5, 3, 5);
    }

    // ---------------------------------------------------------------- gradients at special points

    @Test
    void absGradientAtZeroIsZero() {
        Tensor x = leaf(-1.5f, 0f, 2f, -0f);
        x.abs().sum().backward();
        assertValues(x.grad(), s(4), -1, 0, 1, 0);
    }

    @Test
    void clampGradientPassesOnTheBoundsAndInsideThem() {
        Tensor x = leaf(-1f, 0f, 0.5f, 1f, 2f);
        x.clamp(0f, 1f).sum().backward();
        assertValues(x.grad(), s(5), 0, 1, 1, 1, 0);
        Tensor y = leaf(-1f, 0f, 2f);
        y.clampMin(0f).sum().backward();
        assertValues(y.grad(), s(3), 0, 1, 1);
        Tensor z = leaf(-1f, 0f, 2f);
        z.clampMax(0f).sum().backward();
        assertValues(z.grad(), s(3), 1, 1, 0);
        Tensor w = leaf(0f, 2f, 4f);
        w.clamp(3f, 1f).sum().backward();
        assertValues(w.grad(), s(3), 0, 0, 0);
        Tensor n = leaf(NAN);
        n.clamp(0f, 1f).sum().backward();
        assertValues(n.grad(), s(1), 0);
    }

    @Test
    void maximumAndMinimumSplitTiesEvenly() {
        Tensor a = leaf(1f, 2f, 3f), b = leaf(3f, 2f, 1f);
        a.maximum(b).sum().backward();
        assertValues(a.grad(), s(3), 0, 0.5f, 1);
        assertValues(b.grad(), s(3), 1, 0.5f, 0);
        Tensor c = leaf(1f, 2f, 3f), d = leaf(3f, 2f, 1f);
        c.minimum(d).sum().backward();
        assertValues(c.grad(), s(3), 1, 0.5f, 0);
        assertValues(d.grad(), s(3), 0, 0.5f, 1);
        // A broadcast tie: the scalar gets half from each of the two tied elements.
        Tensor e = Tensor.scalar(2f).requiresGrad(true), f = leaf(2f, 5f, 2f);
        e.maximum(f).sum().backward();
        assertValues(e.grad(), s(), 1);
        assertValues(f.grad(), s(3), 0.5f, 1, 0.5f);
    }

    @Test
    void maximumAndMinimumPassTheGradientToBothSidesOfANaN() {
        Tensor a = leaf(NAN, 1f), b = leaf(1f, NAN);
        a.maximum(b).sum().backward();
        assertValues(a.grad(), s(2), 1, 1);
        assertValues(b.grad(), s(2), 1, 1);
        Tensor c = leaf(NAN, 1f), d = leaf(1f, NAN);
        c.minimum(d).sum().backward();
        assertValues(c.grad(), s(2), 1, 1);
        assertValues(d.grad(), s(2), 1, 1);
    }

    @Test
    void powGradientsAtZeroFollowPyTorch() {
        Tensor x = leaf(0f, 2f);
        x.pow(0f).sum().backward();
        assertValues(x.grad(), s(2), 0, 0);
        Tensor y = leaf(0f, -3f);
        y.pow(2f).sum().backward();
        assertValues(y.grad(), s(2), 0, -6);
        Tensor z = leaf(0f, 4f);
        z.pow(0.5f).sum().backward();
        assertValues(z.grad(), s(2), INF, 0.25f);
        Tensor base = leaf(0f, 0f, 0f, 2f), exp = leaf(0f, 2f, -1f, 0f);
        assertValues(base.pow(exp), s(4), 1, 0, INF, 1);
        base.pow(exp).sum().backward();
        assertValues(base.grad(), s(4), 0, 0, -INF, 0);
        assertValues(exp.grad(), s(4), 0, 0, -INF, (float) Math.log(2));
    }

    @Test
    void sqrtRsqrtLogAndReciprocalGradientsAtZero() {
        Tensor x = leaf(0f, 4f);
        x.sqrt().sum().backward();
        assertValues(x.grad(), s(2), INF, 0.25f);
        Tensor y = leaf(0f, 1f);
        y.log().sum().backward();
        assertValues(y.grad(), s(2), INF, 1);
        Tensor z = leaf(1f, 4f);
        z.rsqrt().sum().backward();
        assertValues(z.grad(), s(2), -0.5f, -1f / 16);
        Tensor r = leaf(0.5f, -2f);
        r.reciprocal().sum().backward();
        assertValues(r.grad(), s(2), -4, -0.25f);
    }

    @Test
    void signHasZeroGradientAndWhereRoutesIt() {
        Tensor x = leaf(-2f, 0f, 3f);
        x.sign().mul(x).sum().backward();
        assertValues(x.grad(), s(3), -1, 0, 1);
        Tensor a = leaf(1f, 2f), b = leaf(3f, 4f);
        Tensor.where(bools(true, false), a, b).mul(Tensor.of(10f, 100f)).sum().backward();
        assertValues(a.grad(), s(2), 10, 0);
        assertValues(b.grad(), s(2), 0, 100);
    }

    @Test
    void onlyInputsThatRequireGradReceiveOne() {
        Tensor a = leaf(1f, 2f), b = Tensor.of(3f, 4f);
        a.mul(b).div(b).add(b).pow(b).sum().backward();
        assertTrue(a.grad() != null);
        assertNull(b.grad());
    }

    // ---------------------------------------------------------------- gradcheck over random shapes

    /** How an operand reaches the op: as it is, as a transposed, narrowed or expanded view of a leaf. */
    enum Layout { CONTIGUOUS, TRANSPOSED, NARROWED, EXPANDED }

    /** Value domain of an operand, keeping each op away from its poles and kinks. */
    enum Domain {
        /** Standard normal. */
        ANY,
        /** In [0.5, 2]. */
        POSITIVE,
        /** ±[0.5, 2]. */
        NONZERO,
        /** Odd multiples of 0.05: at least 0.05 from every multiple of 0.1 (kinks of abs, clamp, max against GRID). */
        OFF_GRID,
        /** Multiples of 0.1 in [−1, 1]. */
        GRID
    }

    private static float sample(Generator g, Domain d) {
        return switch (d) {
            case ANY -> (float) g.nextGaussian();
            case POSITIVE -> 0.5f + 1.5f * g.nextFloat();
            case NONZERO -> (g.nextFloat() < 0.5f ? -1 : 1) * (0.5f + 1.5f * g.nextFloat());
            case OFF_GRID -> (g.nextLong(20) - 10 + 0.5f) * 0.1f;
            case GRID -> (g.nextLong(21) - 10) * 0.1f;
        };
    }

    /** The leaf holding the values, and the view of it that the op sees (of shape {@code shape}). */
    private record Operand(Tensor leaf, Function<Tensor, Tensor> view) {}

    /**
     * A leaf whose {@code layout} view has {@code shape}: transposed views reverse the dims of a leaf of the reversed
     * shape, narrowed ones cut the last dim of a wider leaf, expanded ones broadcast to {@code target}.
     */
    private static Operand operand(Generator g, int[] shape, int[] target, Layout layout, Domain domain) {
        int r = shape.length;
        int[] leafShape = shape.clone();
        Function<Tensor, Tensor> view = t -> t;
        if (layout == Layout.TRANSPOSED && r >= 2) {
            for (int i = 0; i < r; i++) leafShape[i] = shape[r - 1 - i];
            int[] rev = new int[r];
            for (int i = 0; i < r; i++) rev[i] = r - 1 - i;
            view = t -> t.permute(rev);
        } else if (layout == Layout.NARROWED && r >= 1) {
            leafShape[r - 1] += 2;
            view = t -> t.narrow(-1, 1, shape[r - 1]);
        } else if (layout == Layout.EXPANDED) {
            view = t -> t.expand(target);
        }
        float[] v = new float[Shape.numel(leafShape)];
        for (int i = 0; i < v.length; i++) v[i] = sample(g, domain);
        return new Operand(Tensor.of(v, leafShape).requiresGrad(true), view);
    }

    /** A random broadcastable pair: a common trailing shape (rank 0–4, dims 1–4) with dims set to 1 on either side. */
    private static int[][] shapePair(Generator g) {
        int rank = (int) g.nextLong(5);
        int rankA = rank - (int) g.nextLong(rank + 1), rankB = rank;
        if (g.nextFloat() < 0.5f) {
            int t = rankA;
            rankA = rankB;
            rankB = t;
        }
        int[] full = new int[rank];
        for (int i = 0; i < rank; i++) full[i] = 1 + (int) g.nextLong(4);
        int[] a = Arrays.copyOfRange(full, rank - rankA, rank), b = Arrays.copyOfRange(full, rank - rankB, rank);
        for (int i = 0; i < a.length; i++) if (g.nextFloat() < 0.25f) a[i] = 1;
        for (int i = 0; i < b.length; i++) if (g.nextFloat() < 0.25f) b[i] = 1;
        return new int[][] {a, b};
    }

    private record BinaryCase(String name, Domain a, Domain b, BiFunction<Tensor, Tensor, Tensor> op) {}

    private static final List<BinaryCase> BINARY = List.of(
            new BinaryCase("add", Domain.ANY, Domain.ANY, Tensor::add),
            new BinaryCase("add alpha", Domain.ANY, Domain.ANY, (a, b) -> a.add(b, -1.5f)),
            new BinaryCase("sub", Domain.ANY, Domain.ANY, Tensor::sub),
            new BinaryCase("sub alpha", Domain.ANY, Domain.ANY, (a, b) -> a.sub(b, 0.5f)),
            new BinaryCase("mul", Domain.ANY, Domain.ANY, Tensor::mul),
            new BinaryCase("div", Domain.ANY, Domain.NONZERO, Tensor::div),
            new BinaryCase("pow", Domain.POSITIVE, Domain.ANY, Tensor::pow),
            new BinaryCase("maximum", Domain.OFF_GRID, Domain.GRID, Tensor::maximum),
            new BinaryCase("minimum", Domain.GRID, Domain.OFF_GRID, Tensor::minimum),
            new BinaryCase("where", Domain.ANY, Domain.ANY, null));     // the mask is drawn per case

    static Stream<Arguments> binaryCases() {
        Generator g = new Generator(20240601L);
        Layout[] layouts = Layout.values();
        List<Arguments> out = new ArrayList<>();
        for (BinaryCase c : BINARY) {
            for (int k = 0; k < 12; k++) {
                int[][] p = shapePair(g);
                Layout la = layouts[(int) g.nextLong(layouts.length)], lb = layouts[(int) g.nextLong(layouts.length)];
                out.add(Arguments.of(c.name, p[0], p[1], la, lb, g.nextLong()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}/{4}")
    @MethodSource("binaryCases")
    void binaryOpsPassGradcheck(String name, int[] shapeA, int[] shapeB, Layout la, Layout lb, long seed) {
        BinaryCase c = BINARY.stream().filter(x -> x.name.equals(name)).findFirst().orElseThrow();
        Generator g = new Generator(seed);
        int[] target = Shape.broadcast(shapeA, shapeB);
        Operand a = operand(g, shapeA, target, la, c.a), b = operand(g, shapeB, target, lb, c.b);
        BiFunction<Tensor, Tensor, Tensor> op = c.op;
        if (name.equals("where")) {
            // A fixed random mask of a third broadcastable shape.
            int[] cs = target.clone();
            for (int i = 0; i < cs.length; i++) if (g.nextFloat() < 0.3f) cs[i] = 1;
            boolean[] m = new boolean[Shape.numel(cs)];
            for (int i = 0; i < m.length; i++) m[i] = g.nextFloat() < 0.5f;
            Tensor mask = Tensor.ofBooleans(m, cs);
            op = (x, y) -> Tensor.where(mask, x, y);
        }
        BiFunction<Tensor, Tensor, Tensor> f = op;
        Tensor probe = f.apply(a.view.apply(a.leaf.detach()), b.view.apply(b.leaf.detach()));
        assertArrayEquals(target, probe.shape(), "broadcast shape");
        assertTrue(GradCheck.check(t -> f.apply(a.view.apply(t[0]), b.view.apply(t[1])), a.leaf, b.leaf));
    }

    private record UnaryCase(String name, Domain domain, Function<Tensor, Tensor> op) {}

    private static final List<UnaryCase> UNARY = List.of(
            new UnaryCase("neg", Domain.ANY, Tensor::neg),
            new UnaryCase("exp", Domain.ANY, Tensor::exp),
            new UnaryCase("log", Domain.POSITIVE, Tensor::log),
            new UnaryCase("log1p", Domain.POSITIVE, t -> t.sub(0.9f).log1p()),
            new UnaryCase("sqrt", Domain.POSITIVE, Tensor::sqrt),
            new UnaryCase("rsqrt", Domain.POSITIVE, Tensor::rsqrt),
            new UnaryCase("abs", Domain.OFF_GRID, Tensor::abs),
            new UnaryCase("square", Domain.ANY, Tensor::square),
            new UnaryCase("reciprocal", Domain.NONZERO, Tensor::reciprocal),
            new UnaryCase("sign", Domain.NONZERO, t -> t.sign().mul(t)),
            new UnaryCase("pow 3", Domain.ANY, t -> t.pow(3f)),
            new UnaryCase("pow 2", Domain.ANY, t -> t.pow(2f)),
            new UnaryCase("pow 1", Domain.ANY, t -> t.pow(1f)),
            new UnaryCase("pow 0", Domain.ANY, t -> t.pow(0f)),
            new UnaryCase("pow -1.5", Domain.POSITIVE, t -> t.pow(-1.5f)),
            new UnaryCase("pow 0.5", Domain.POSITIVE, t -> t.pow(0.5f)),
            new UnaryCase("clamp", Domain.OFF_GRID, t -> t.clamp(-0.5f, 0.3f)),
            new UnaryCase("clampMin", Domain.OFF_GRID, t -> t.clampMin(0.2f)),
            new UnaryCase("clampMax", Domain.OFF_GRID, t -> t.clampMax(-0.1f)),
            new UnaryCase("add scalar", Domain.ANY, t -> t.add(2.5f)),
            new UnaryCase("sub scalar", Domain.ANY, t -> t.sub(2.5f)),
            new UnaryCase("mul scalar", Domain.ANY, t -> t.mul(-1.5f)),
            new UnaryCase("div scalar", Domain.ANY, t -> t.div(4f)),
            new UnaryCase("rsub", Domain.ANY, t -> t.rsub(1.5f)),
            new UnaryCase("rdiv", Domain.NONZERO, t -> t.rdiv(-3f)));

    static Stream<Arguments> unaryCases() {
        Generator g = new Generator(77L);
        Layout[] layouts = {Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.NARROWED};
        List<Arguments> out = new ArrayList<>();
        for (UnaryCase c : UNARY) {
            for (int k = 0; k < 6; k++) {
                int[] shape = shapePair(g)[0];
                out.add(Arguments.of(c.name, shape, layouts[k % layouts.length], g.nextLong()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryCases")
    void unaryOpsPassGradcheck(String name, int[] shape, Layout layout, long seed) {
        UnaryCase c = UNARY.stream().filter(x -> x.name.equals(name)).findFirst().orElseThrow();
        Operand a = operand(new Generator(seed), shape, shape, layout, c.domain);
        Tensor probe = c.op.apply(a.view.apply(a.leaf.detach()));
        assertArrayEquals(shape, probe.shape());
        assertTrue(GradCheck.check(t -> c.op.apply(a.view.apply(t[0])), a.leaf));
    }
}
