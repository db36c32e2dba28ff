package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationsTest {
    private static final float TOL = 1e-6f;

    private static float sig(double v) { return (float) (1 / (1 + Math.exp(-v))); }

    /** Checks f(x) and, with upstream ones, dL/dx against the expected values. */
    private static void check(UnaryOperator<Tensor> f, float[] x, float[] y, float[] dy) {
        Tensor in = Tensor.of(x).requiresGrad(true);
        Tensor out = f.apply(in);
        assertArrayEquals(y, out.toFloatArray(), TOL, "values");
        out.sum().backward();
        assertArrayEquals(dy, in.grad().toFloatArray(), TOL, "gradients");
    }

    private static void assertMessage(Class<? extends Throwable> type, String part, org.junit.jupiter.api.function.Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }

    // ---------------------------------------------------------------- rectifiers and clamps

    @Test
    void reluFamilyWithPyTorchKinks() {
        check(Tensor::relu, new float[] {-1, 0, 2}, new float[] {0, 0, 2}, new float[] {0, 0, 1});
        check(Tensor::relu6, new float[] {-1, 0, 3, 6, 7}, new float[] {0, 0, 3, 6, 6}, new float[] {0, 0, 1, 0, 0});
        check(Tensor::leakyRelu, new float[] {-1, 0, 2}, new float[] {-0.01f, 0, 2}, new float[] {0.01f, 0.01f, 1});
        check(t -> t.leakyRelu(0.2), new float[] {-2, 0.5f}, new float[] {-0.4f, 0.5f}, new float[] {0.2f, 1});
        check(t -> t.threshold(1, -5), new float[] {0, 1, 2}, new float[] {-5, -5, 2}, new float[] {0, 0, 1});
    }

    @Test
    void hardtanhPassesGradientOnlyStrictlyInside() {
        check(Tensor::hardtanh, new float[] {-2, -1, 0, 0.5f, 1, 2}, new float[] {-1, -1, 0, 0.5f, 1, 1},
                new float[] {0, 0, 1, 1, 0, 0});
        check(t -> t.hardtanh(-2, 0.5), new float[] {-3, -2, -1, 0.5f, 1}, new float[] {-2, -2, -1, 0.5f, 0.5f},
                new float[] {0, 0, 1, 0, 0});
    }

    @Test
    void clampingOpsKeepIntegerDtypes() {
        Tensor ints = Tensor.ofLongs(new long[] {-2, 0, 3, 7}, 4);
        Tensor r = ints.relu();
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(new long[] {0, 0, 3, 7}, r.toLongArray());
        assertArrayEquals(new long[] {0, 0, 3, 6}, ints.relu6().toLongArray());
        // integer inputs truncate the bounds, as PyTorch does
        assertArrayEquals(new float[] {-1, 0, 2, 2}, ints.hardtanh(-1.5, 2.7).toFloatArray());
        assertEquals(DType.FLOAT32, ints.sigmoid().dtype());
        assertEquals(0.5f, ints.sigmoid().get(1));
        assertEquals(0f, ints.tanh().get(1));
        assertEquals(0.75f, ints.softsign().get(2));
    }

    @Test
    void reluPropagatesNaN() {
        Tensor y = Tensor.of(Float.NaN, -1f).relu();
        assertTrue(Float.isNaN(y.get(0)));
        assertTrue(Float.isNaN(Tensor.of(Float.NaN).hardtanh().get(0)));
    }

    // ---------------------------------------------------------------- exponential units

    @Test
    void eluSeluCelu() {
        float em1 = (float) Math.expm1(-1);
        float e1 = (float) Math.exp(-1);
        check(Tensor::elu, new float[] {-1, 0, 2}, new float[] {em1, 0, 2}, new float[] {e1, 1, 1});
        check(t -> t.elu(2), new float[] {-1, 0, 2}, new float[] {2 * em1, 0, 2}, new float[] {2 * e1, 2, 1});
        double a = 1.6732632423543772, s = 1.0507009873554805;
        check(Tensor::selu, new float[] {-1, 0, 1}, new float[] {(float) (s * a * Math.expm1(-1)), 0, (float) s},
                new float[] {(float) (s * a * Math.exp(-1)), (float) (s * a), (float) s});
        check(t -> t.celu(2), new float[] {-2, 0, 3}, new float[] {2 * em1, 0, 3}, new float[] {e1, 1, 1});
        check(Tensor::celu, new float[] {-1, 0, 3}, new float[] {em1, 0, 3}, new float[] {e1, 1, 1});
    }

    // ---------------------------------------------------------------- smooth gates

    @Test
    void geluExactAndTanh() {
        // Φ(1) = 0.8413447460685429, φ(1) = 0.24197072451914337
        check(Tensor::gelu, new float[] {-1, 0, 1}, new float[] {-0.15865525f, 0, 0.8413447f},
                new float[] {(float) (0.15865525393145707 - 0.24197072451914337), 0.5f, (float) (0.8413447460685429 + 0.24197072451914337)});
        double c = Math.sqrt(2 / Math.PI), t = Math.tanh(c * 1.044715);
        float dt = (float) (0.5 * (1 + t) + 0.5 * (1 - t * t) * c * (1 + 3 * 0.044715));
        check(x -> x.gelu("tanh"), new float[] {0, 1}, new float[] {0, (float) (0.5 * (1 + t))}, new float[] {0.5f, dt});
        // far in the left tail the exact form keeps relative accuracy: −5·Φ(−5)
        assertEquals(-5 * 2.866515718791939e-7, Tensor.of(-5f).gelu().item(), 1e-13);
    }

    @Test
    void siluMishSigmoidTanh() {
        float s1 = sig(1);
        check(Tensor::silu, new float[] {0, 1}, new float[] {0, s1}, new float[] {0.5f, s1 * (1 + (1 - s1))});
        // tanh(log 2) = 0.6, so mish'(0) = 0.6
        check(Tensor::mish, new float[] {0}, new float[] {0}, new float[] {0.6f});
        assertEquals((float) Math.tanh(Math.log1p(Math.E)), Tensor.of(1f).mish().item(), TOL);
        assertEquals(1000f, Tensor.of(1000f).mish().item());
        check(Tensor::sigmoid, new float[] {0, 2}, new float[] {0.5f, sig(2)}, new float[] {0.25f, sig(2) * (1 - sig(2))});
        float t2 = (float) Math.tanh(2);
        check(Tensor::tanh, new float[] {0, 2}, new float[] {0, t2}, new float[] {1, 1 - t2 * t2});
        check(Tensor::softsign, new float[] {-1, 0, 3}, new float[] {-0.5f, 0, 0.75f}, new float[] {0.25f, 1, 1 / 16f});
    }

    @Test
    void softplusIsLinearAboveThreshold() {
        float ln2 = (float) Math.log(2);
        check(Tensor::softplus, new float[] {0, 20, 21}, new float[] {ln2, 20, 21}, new float[] {0.5f, 1, 1});
        // beta 2, threshold 5: 2·3 > 5 is linear, 2·2 = 4 is not
        check(t -> t.softplus(2, 5), new float[] {2, 3}, new float[] {(float) (Math.log1p(Math.exp(4)) / 2), 3},
                new float[] {sig(4), 1});
        assertEquals(ln2 / 2, Activations.softplus(Tensor.of(0f), 2).item(), TOL);
        // no overflow when the threshold is set high
        assertEquals(500f, Tensor.of(500f).softplus(1, 1000).item());
    }

    @Test
    void logsigmoidIsStable() {
        check(Tensor::logsigmoid, new float[] {-100, 0, 100}, new float[] {-100, (float) -Math.log(2), 0},
                new float[] {1, 0.5f, 0});
        assertEquals(-1000f, Tensor.of(-1000f).logsigmoid().item());
    }

    @Test
    void hardsigmoidAndHardswish() {
        check(Tensor::hardsigmoid, new float[] {-4, -3, 0, 1.5f, 3, 4}, new float[] {0, 0, 0.5f, 0.75f, 1, 1},
                new float[] {0, 0, 1 / 6f, 1 / 6f, 0, 0});
        check(Tensor::hardswish, new float[] {-4, -3, 0, 1, 3, 4}, new float[] {0, 0, 0, 2 / 3f, 3, 4},
                new float[] {0, -0.5f, 0.5f, 5 / 6f, 1.5f, 1});
    }

    @Test
    void shrinkage() {
        check(Tensor::hardshrink, new float[] {-1, -0.5f, 0, 0.5f, 1}, new float[] {-1, 0, 0, 0, 1}, new float[] {1, 0, 0, 0, 1});
        check(t -> t.hardshrink(1), new float[] {-2, 1, 1.5f}, new float[] {-2, 0, 1.5f}, new float[] {1, 0, 1});
        check(Tensor::softshrink, new float[] {-1, -0.5f, 0, 0.5f, 1}, new float[] {-0.5f, 0, 0, 0, 0.5f},
                new float[] {1, 0, 0, 0, 1});
        check(t -> t.softshrink(2), new float[] {-3, 1, 5}, new float[] {-1, 0, 3}, new float[] {1, 0, 1});
        float t1 = (float) Math.tanh(1);
        check(Tensor::tanhshrink, new float[] {0, 1}, new float[] {0, 1 - t1}, new float[] {0, t1 * t1});
    }

    @Test
    void worksOnZeroDimAndStridedInputs() {
        assertArrayEquals(new int[0], Tensor.scalar(-2f).elu().shape());
        assertEquals((float) Math.expm1(-2), Tensor.scalar(-2f).elu().item(), TOL);
        Tensor m = Tensor.of(new float[][] {{-1, 2, -3}, {4, -5, 6}}).t();
        assertArrayEquals(new float[] {0, 4, 2, 0, 0, 6}, m.relu().toFloatArray());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(0, 3).gelu().shape());
    }

    // ---------------------------------------------------------------- prelu and glu

    @Test
    void preluPerChannelWeightsAndGradients() {
        Tensor x = Tensor.of(new float[] {-1, 2, -3, -4, 5, -6}, 2, 3).requiresGrad(true);
        Tensor w = Tensor.of(0.1f, 0.2f, 0.3f).requiresGrad(true);
        Tensor y = x.prelu(w);
        assertArrayEquals(new float[] {-0.1f, 2, -0.9f, -0.4f, 5, -1.8f}, y.toFloatArray(), TOL);
        y.sum().backward();
        assertArrayEquals(new float[] {0.1f, 1, 0.3f, 0.1f, 1, 0.3f}, x.grad().toFloatArray(), TOL);
        assertArrayEquals(new float[] {-5, 0, -9}, w.grad().toFloatArray(), TOL);

        // channels along dim 1 of a 3-d input: x = [[[−1, 1], [−2, 2]]], weights 0.5 and 2
        Tensor x3 = Tensor.of(new float[] {-1, 1, -2, 2}, 1, 2, 2);
        assertArrayEquals(new float[] {-0.5f, 1, -4, 2}, x3.prelu(Tensor.of(0.5f, 2f)).toFloatArray(), TOL);
    }

    @Test
    void preluSharedWeightOnAnyRank() {
        Tensor w = Tensor.of(new float[] {0.25f}, 1).requiresGrad(true);
        Tensor x = Tensor.of(-1f, 0f, 0.5f).requiresGrad(true);
        Tensor y = x.prelu(w);
        assertArrayEquals(new float[] {-0.25f, 0, 0.5f}, y.toFloatArray(), TOL);
        y.sum().backward();
        assertArrayEquals(new float[] {0.25f, 0.25f, 1}, x.grad().toFloatArray(), TOL);
        assertArrayEquals(new int[] {1}, w.grad().shape());
        assertEquals(-1f, w.grad().item(), TOL);
        assertEquals(-0.5f, Tensor.scalar(-2f).prelu(Tensor.scalar(0.25f)).item(), TOL);
        assertArrayEquals(new int[] {2, 0, 4}, Tensor.zeros(2, 0, 4).prelu(w).shape());
    }

    @Test
    void preluRejectsMismatchedWeights() {
        assertMessage(IllegalArgumentException.class, "Found parameter numbers = 3 and channel size = 4",
                () -> Tensor.zeros(2, 4, 3).prelu(Tensor.ones(3)));
        assertMessage(IllegalArgumentException.class, "channel size = 1", () -> Tensor.zeros(3).prelu(Tensor.ones(3)));
        assertMessage(IllegalArgumentException.class, "zero-dim", () -> Tensor.scalar(1f).prelu(Tensor.ones(3)));
        assertMessage(IllegalArgumentException.class, "scalar or 1D tensor, but got ndim = 2",
                () -> Tensor.zeros(2, 3).prelu(Tensor.ones(3, 1)));
    }

    @Test
    void gluGatesFirstHalfBySecond() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 4).requiresGrad(true);
        Tensor y = x.glu();
        assertArrayEquals(new float[] {sig(3), 2 * sig(4)}, y.toFloatArray(), TOL);
        y.sum().backward();
        assertArrayEquals(new float[] {sig(3), sig(4), sig(3) * (1 - sig(3)), 2 * sig(4) * (1 - sig(4))},
                x.grad().toFloatArray(), TOL);

        // dim 0 of a (2, 2): rows are a and b
        Tensor m = Tensor.of(new float[][] {{1, 2}, {0, 0}});
        Tensor g = m.glu(0);
        assertArrayEquals(new int[] {1, 2}, g.shape());
        assertArrayEquals(new float[] {0.5f, 1}, g.toFloatArray(), TOL);
        assertArrayEquals(new int[] {3, 1}, Tensor.zeros(3, 2).glu(1).shape());
        Tensor empty = Tensor.zeros(0, 4).requiresGrad(true);
        Tensor e = empty.glu(0);
        assertArrayEquals(new int[] {0, 4}, e.shape());
        e.sum().backward();
        assertArrayEquals(new int[] {0, 4}, empty.grad().shape());
    }

    @Test
    void gluRejectsOddAndScalarInputs() {
        assertMessage(IllegalArgumentException.class, "dimension 1 is size 5", () -> Tensor.zeros(2, 5).glu());
        assertMessage(IllegalArgumentException.class, "scalars", () -> Tensor.scalar(1f).glu());
        assertMessage(IndexOutOfBoundsException.class, "Dimension out of range", () -> Tensor.zeros(2, 4).glu(2));
    }

    // ---------------------------------------------------------------- argument errors

    @Test
    void badArgumentsNameTheOp() {
        assertMessage(IllegalArgumentException.class, "gelu: approximate argument must be either none or tanh, got 'foo'",
                () -> Tensor.zeros(2).gelu("foo"));
        assertMessage(IllegalArgumentException.class, "celu: alpha cannot be 0", () -> Tensor.zeros(2).celu(0));
        assertMessage(IllegalArgumentException.class, "softshrink: lambda must be greater or equal to 0",
                () -> Tensor.zeros(2).softshrink(-1));
        assertMessage(IllegalArgumentException.class, "leaky_relu: expected a float32 tensor, got int64",
                () -> Tensor.ofLongs(new long[] {1}, 1).leakyRelu());
        assertMessage(IllegalArgumentException.class, "relu: expected a float32 or int64 tensor, got bool",
                () -> Tensor.ofBooleans(new boolean[] {true}, 1).relu());
    }

    @Test
    void noGraphWithoutRequiresGrad() {
        assertFalse(Tensor.of(1f, -1f).gelu().requiresGrad());
        Tensor x = Tensor.of(1f, -1f).requiresGrad(true);
        assertEquals("GeluBackward", x.gelu().gradFn().name());
    }

    // ---------------------------------------------------------------- gradcheck

    /** Random values in [−4.5, 4.5] kept at least 0.05 from every kink (0, ±0.5, ±1, ±3, 6). */
    private static Tensor awayFromKinks(long seed, int... shape) {
        Generator g = new Generator(seed);
        float[] d = new float[Shape.numel(shape)];
        float[] kinks = {0, 0.5f, -0.5f, 1, -1, 3, -3, 6};
        for (int i = 0; i < d.length; i++) {
            float v = (float) (g.nextDouble() * 9 - 4.5);
            for (float k : kinks) if (Math.abs(v - k) < 0.05f) v = k + (v >= k ? 0.1f : -0.1f);
            d[i] = v;
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    static Stream<Arguments> unaryOpsAndShapes() {
        Object[][] ops = {
                {"relu", (UnaryOperator<Tensor>) Tensor::relu}, {"relu6", (UnaryOperator<Tensor>) Tensor::relu6},
                {"threshold", (UnaryOperator<Tensor>) t -> t.threshold(1, -2)},
                {"hardtanh", (UnaryOperator<Tensor>) t -> t.hardtanh(-3, 0.5)},
                {"leakyRelu", (UnaryOperator<Tensor>) t -> t.leakyRelu(0.2)},
                {"elu", (UnaryOperator<Tensor>) t -> t.elu(1.5)}, {"selu", (UnaryOperator<Tensor>) Tensor::selu},
                {"celu", (UnaryOperator<Tensor>) t -> t.celu(0.7)}, {"gelu", (UnaryOperator<Tensor>) Tensor::gelu},
                {"geluTanh", (UnaryOperator<Tensor>) t -> t.gelu("tanh")}, {"silu", (UnaryOperator<Tensor>) Tensor::silu},
                {"mish", (UnaryOperator<Tensor>) Tensor::mish}, {"sigmoid", (UnaryOperator<Tensor>) Tensor::sigmoid},
                {"tanh", (UnaryOperator<Tensor>) Tensor::tanh}, {"softsign", (UnaryOperator<Tensor>) Tensor::softsign},
                {"softplus", (UnaryOperator<Tensor>) t -> t.softplus(2, 3)},
                {"logsigmoid", (UnaryOperator<Tensor>) Tensor::logsigmoid},
                {"hardsigmoid", (UnaryOperator<Tensor>) Tensor::hardsigmoid},
                {"hardswish", (UnaryOperator<Tensor>) Tensor::hardswish},
                {"hardshrink", (UnaryOperator<Tensor>) Tensor::hardshrink},
                {"softshrink", (UnaryOperator<Tensor>) t -> t.softshrink(1)},
                {"tanhshrink", (UnaryOperator<Tensor>) Tensor::tanhshrink}};
        int[][] shapes = {{}, {7}, {2, 3}, {2, 1, 4}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int i = 0; i < ops.length; i++)
            b.add(Arguments.of(ops[i][0], ops[i][1], shapes[i % shapes.length]));
        return b.build();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("unaryOpsAndShapes")
    void gradcheckUnary(String name, UnaryOperator<Tensor> f, int[] shape) {
        Tensor x = awayFromKinks(name.hashCode(), shape);
        assertTrue(GradCheck.check(t -> f.apply(t[0]), x));
        // the same op on a transposed view gives the transposed result
        Tensor m = awayFromKinks(name.hashCode() + 1, 3, 4);
        assertArrayEquals(f.apply(m.detach()).t().toFloatArray(), f.apply(m.detach().t()).toFloatArray(), 0f);
    }

    static Stream<Arguments> preluShapes() {
        return Stream.of(
                Arguments.of(new int[] {5}, 1), Arguments.of(new int[] {2, 3}, 3), Arguments.of(new int[] {2, 3}, 1),
                Arguments.of(new int[] {2, 3, 4}, 3), Arguments.of(new int[] {1, 2, 2, 3}, 2), Arguments.of(new int[] {}, 1));
    }

    @ParameterizedTest
    @MethodSource("preluShapes")
    void gradcheckPrelu(int[] shape, int weights) {
        Tensor x = awayFromKinks(11, shape);
        Tensor w = Tensor.rand(new Generator(12), weights).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].prelu(t[1]), x, w));
    }

    static Stream<Arguments> gluShapesAndDims() {
        return Stream.of(
                Arguments.of(new int[] {6}, 0), Arguments.of(new int[] {2, 4}, -1), Arguments.of(new int[] {4, 3}, 0),
                Arguments.of(new int[] {2, 2, 3}, 1), Arguments.of(new int[] {2, 3, 2}, -3));
    }

    @ParameterizedTest
    @MethodSource("gluShapesAndDims")
    void gradcheckGlu(int[] shape, int dim) {
        Tensor x = awayFromKinks(21, shape);
        assertTrue(GradCheck.check(t -> t[0].glu(dim), x));
    }
}
