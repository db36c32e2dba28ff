package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole-sequence recurrent op: each cell's step against its formula in double, and every input's gradient (x, h0,
 * c0, all weights and biases, the projection) through GradCheck over random sizes, both directions and packed batch sizes.
 */
class RecurrentTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).mul(0.5f); }

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of(Recurrent.Cell.RNN_TANH, false, false, false, 1L),
                Arguments.of(Recurrent.Cell.RNN_TANH, true, false, true, 2L),
                Arguments.of(Recurrent.Cell.RNN_RELU, false, false, false, 3L),
                Arguments.of(Recurrent.Cell.LSTM, false, false, false, 4L),
                Arguments.of(Recurrent.Cell.LSTM, true, false, true, 5L),
                Arguments.of(Recurrent.Cell.LSTM, false, true, false, 6L),
                Arguments.of(Recurrent.Cell.LSTM, true, true, true, 7L),
                Arguments.of(Recurrent.Cell.GRU, false, false, false, 8L),
                Arguments.of(Recurrent.Cell.GRU, true, false, true, 9L));
    }

    @ParameterizedTest(name = "{0} reverse={1} proj={2} packed={3}")
    @MethodSource("layers")
    void everyInputGetsTheFiniteDifferenceGradient(Recurrent.Cell cell, boolean reverse, boolean proj, boolean packed, long seed) {
        Generator g = new Generator(seed);
        int steps = 2 + (int) g.nextLong(3), n = 1 + (int) g.nextLong(3), in = 1 + (int) g.nextLong(3), hidden = 2 + (int) g.nextLong(3);
        int p = proj ? hidden - 1 : hidden, gh = cell.gates * hidden;
        int[] sizes = null;
        if (packed) {
            sizes = new int[steps];
            for (int t = 0; t < steps; t++) sizes[t] = Math.max(1, n - t);
        }
        boolean lstm = cell == Recurrent.Cell.LSTM;
        Tensor[] inputs = {randn(seed, steps, n, in), randn(seed + 1, n, p), lstm ? randn(seed + 2, n, hidden) : null,
                randn(seed + 3, gh, in), randn(seed + 4, gh, p), randn(seed + 5, gh), randn(seed + 6, gh),
                proj ? randn(seed + 7, p, hidden) : null};
        for (Tensor t : inputs) if (t != null) t.requiresGrad(true);
        int[] bs = sizes;
        assertTrue(GradCheck.checkMulti(x -> Recurrent.layer(cell, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], reverse, bs),
                inputs));
    }

    @ParameterizedTest(name = "{0} reverse={1} proj={2} packed={3}")
    @MethodSource("layers")
    void inferenceKeepsOneStepOfStateAndGivesTheSameValues(Recurrent.Cell cell, boolean reverse, boolean proj, boolean packed, long seed) {
        int steps = 4, n = 3, in = 2, hidden = 3, p = proj ? 2 : hidden, gh = cell.gates * hidden;
        int[] sizes = packed ? new int[] {3, 2, 2, 1} : null;
        boolean lstm = cell == Recurrent.Cell.LSTM;
        Tensor[] a = {randn(seed, steps, n, in), randn(seed + 1, n, p), lstm ? randn(seed + 2, n, hidden) : null,
                randn(seed + 3, gh, in), randn(seed + 4, gh, p), randn(seed + 5, gh), randn(seed + 6, gh), proj ? randn(seed + 7, p, hidden) : null};
        a[3].requiresGrad(true);
        Tensor[] training = Recurrent.layer(cell, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], reverse, sizes);
        assertTrue(training[0].requiresGrad());
        try (var off = dev.soma.autograd.GradMode.noGrad()) {
            Tensor[] inference = Recurrent.layer(cell, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], reverse, sizes);
            for (int i = 0; i < training.length; i++) assertArrayEquals(training[i].toFloatArray(), inference[i].toFloatArray());
        }
    }

    @Test void anLstmStepIsItsFormula() {
        // one unit: gates i, f, g, o from w_ih·x + w_hh·h + biases
        float[] wih = {0.5f, -0.3f, 0.8f, 0.1f}, whh = {0.2f, 0.4f, -0.6f, 0.7f}, b = {0.1f, 0.2f, -0.1f, 0.05f};
        float x = 0.9f, h = -0.4f, c = 0.3f;
        Tensor[] out = Recurrent.layer(Recurrent.Cell.LSTM, Tensor.of(new float[] {x}, 1, 1, 1), Tensor.of(new float[] {h}, 1, 1),
                Tensor.of(new float[] {c}, 1, 1), Tensor.of(wih, 4, 1), Tensor.of(whh, 4, 1), Tensor.of(b, 4), Tensor.zeros(4), null, false, null);
        double[] z = new double[4];
        for (int k = 0; k < 4; k++) z[k] = wih[k] * x + whh[k] * h + b[k];
        double i = sig(z[0]), f = sig(z[1]), gg = Math.tanh(z[2]), o = sig(z[3]);
        double c1 = f * c + i * gg, h1 = o * Math.tanh(c1);
        assertEquals(h1, out[0].item(), 1e-6);
        assertEquals(h1, out[1].item(), 1e-6);
        assertEquals(c1, out[2].item(), 1e-6);
    }

    @Test void aGruStepIsItsFormulaWithTheResetGateInsideTheCandidate() {
        float[] wih = {0.5f, -0.3f, 0.8f}, whh = {0.2f, 0.4f, -0.6f}, bih = {0.1f, 0.2f, -0.1f}, bhh = {0.3f, -0.2f, 0.25f};
        float x = 0.9f, h = -0.4f;
        Tensor[] out = Recurrent.layer(Recurrent.Cell.GRU, Tensor.of(new float[] {x}, 1, 1, 1), Tensor.of(new float[] {h}, 1, 1), null,
                Tensor.of(wih, 3, 1), Tensor.of(whh, 3, 1), Tensor.of(bih, 3), Tensor.of(bhh, 3), null, false, null);
        double r = sig(wih[0] * x + bih[0] + whh[0] * h + bhh[0]), z = sig(wih[1] * x + bih[1] + whh[1] * h + bhh[1]);
        double n = Math.tanh(wih[2] * x + bih[2] + r * (whh[2] * h + bhh[2]));
        assertEquals((1 - z) * n + z * h, out[1].item(), 1e-6);
    }

    @Test void relUAndTanhStepsAndTheReverseDirectionWalksBackwards() {
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 3, 1, 1), h0 = Tensor.zeros(1, 1), w = Tensor.of(new float[] {1}, 1, 1);
        Tensor half = Tensor.of(new float[] {0.5f}, 1, 1);
        // h_t = relu(x_t + 0.5 h_{t-1}): 1, max(-2 + 0.5, 0) = 0, 3
        assertArrayEquals(new float[] {1, 0, 3}, Recurrent.layer(Recurrent.Cell.RNN_RELU, x, h0, null, w, half, null, null, null, false, null)[0].toFloatArray());
        // reverse: from t = 2: 3, max(-2 + 1.5, 0) = 0, 1 + 0 = 1; h_n is the state after t = 0
        Tensor[] rev = Recurrent.layer(Recurrent.Cell.RNN_RELU, x, h0, null, w, half, null, null, null, true, null);
        assertArrayEquals(new float[] {1, 0, 3}, rev[0].toFloatArray());
        assertEquals(1f, rev[1].item());
        Tensor[] tanh = Recurrent.layer(Recurrent.Cell.RNN_TANH, x, h0, null, w, half, null, null, null, false, null);
        double h1 = Math.tanh(1), h2 = Math.tanh(-2 + 0.5 * h1), h3 = Math.tanh(3 + 0.5 * h2);
        assertArrayEquals(new float[] {(float) h1, (float) h2, (float) h3}, tanh[0].toFloatArray(), 1e-6f);
    }

    @Test void packedBatchSizesFreezeFinishedRowsAndZeroTheirOutputs() {
        // rows of lengths 3 and 1: row 1 stops after step 0, so its h_n is its step-0 state
        Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 3, 30}, 3, 2, 1), h0 = Tensor.zeros(2, 1), w = Tensor.of(new float[] {1}, 1, 1);
        Tensor[] out = Recurrent.layer(Recurrent.Cell.RNN_RELU, x, h0, null, w, w, null, null, null, false, new int[] {2, 1, 1});
        assertArrayEquals(new float[] {1, 10, 3, 0, 6, 0}, out[0].toFloatArray());
        assertArrayEquals(new float[] {6, 10}, out[1].toFloatArray());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Recurrent.layer(Recurrent.Cell.RNN_RELU, x, h0, null, w, w, null, null, null, false, new int[] {1, 2, 1}));
        assertEquals("recurrent layer: batch sizes must be non-increasing and at most 2, got [1, 2, 1]", e.getMessage());
    }

    @Test void inconsistentShapesAreRefusedNamingEveryShape() {
        Tensor w = Tensor.zeros(4, 2), u = Tensor.zeros(4, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Recurrent.layer(Recurrent.Cell.LSTM, Tensor.zeros(3, 2, 2),
                Tensor.zeros(2, 1), Tensor.zeros(2, 1), w, u, Tensor.zeros(3), null, null, false, null));
        assertEquals("recurrent layer LSTM: inconsistent shapes: input [3, 2, 2], h0 [2, 1], c0 [2, 1], weight_ih [4, 2], weight_hh [4, 1]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recurrent.layer(Recurrent.Cell.GRU, Tensor.zeros(3, 2),
                Tensor.zeros(2, 1), null, Tensor.zeros(3, 2), Tensor.zeros(3, 1), null, null, null, false, null));
        assertEquals("recurrent layer GRU: expected input (T, N, in) and 2-D weights, got input [3, 2], weight_ih [3, 2], weight_hh [3, 1]",
                e.getMessage());
    }

    @Test void tanhThroughTheSigmoidKernelMatchesTheLibraryTanh() {
        float[] x = new float[1000], out = new float[1000];
        for (int i = 0; i < x.length; i++) x[i] = (i - 500) / 40f;
        dev.soma.kernel.RecurrentCells.tanh(x, 0, out, 0, x.length);
        for (int i = 0; i < x.length; i++) assertEquals(Math.tanh(x[i]), out[i], 2e-7, "tanh(" + x[i] + ")");
    }

    private static double sig(double v) { return 1 / (1 + Math.exp(-v)); }
}
