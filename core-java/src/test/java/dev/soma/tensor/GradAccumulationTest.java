package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine accumulates a tensor's 2nd, 3rd, … gradient in place, so a weight reused at T time steps costs
 * no full-size buffers for accumulation beyond a constant; counted through Storage's creation hook.
 */
class GradAccumulationTest {
    private static final int N = 256;

    /**
     * Full-size (N×N) arrays created during backward of h_{t+1} = tanh(h_t · V), t < steps, where V is the leaf W
     * itself or the non-leaf 2·W (then the engine accumulates V's gradient before passing it on to W).
     */
    private static int fullSizeArraysInBackward(int steps, boolean throughNonLeaf) {
        Generator gen = new Generator(7);
        Tensor w = Tensor.randn(gen, N, N);
        try (var g = dev.soma.autograd.GradMode.noGrad()) {
            w = w.mul(0.05f);
        }
        w.requiresGrad(true);
        Tensor v = throughNonLeaf ? w.mul(2f) : w;
        Tensor h = Tensor.randn(gen, 1, N);
        for (int t = 0; t < steps; t++) h = h.matmul(v).tanh();
        Tensor loss = h.sum();
        AtomicInteger full = new AtomicInteger();
        Storage.createdListener = n -> { if (n == N * N) full.incrementAndGet(); };
        try {
            loss.backward();
        } finally {
            Storage.createdListener = null;
        }
        assertArrayEquals(new int[] {N, N}, w.grad().shape());
        return full.get();
    }

    /**
     * Each step's matmul backward must make its own dV (one N×N array per step: the rule returns a fresh product,
     * it cannot write into the accumulator). Everything else is the engine's: the assertion is that going from 8
     * to 64 steps adds at most one full-size array per added step (the old engine added two: dV and the sum
     * Tensor::add / add_ made), and that the total is exactly one per step, plus one on the 2·W path (MulBackward's
     * scaling of V's accumulated gradient into W's).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWeightReusedAtManyStepsAccumulatesInPlace(boolean throughNonLeaf) {
        int at8 = fullSizeArraysInBackward(8, throughNonLeaf);
        int at64 = fullSizeArraysInBackward(64, throughNonLeaf);
        assertTrue(at64 - at8 <= 64 - 8, "full-size arrays grew from " + at8 + " at 8 steps to " + at64 + " at 64");
        assertEquals(64 + (throughNonLeaf ? 1 : 0), at64, "full-size arrays created in backward over 64 steps");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void accumulatedGradientsAreTheSumOfTheContributions(boolean throughNonLeaf) {
        // loss = Σ_t sum(x_t · V) with V = W or 3·W: dW = scale · Σ_t x_tᵀ · 1.
        Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor v = throughNonLeaf ? w.mul(3f) : w;
        float scale = throughNonLeaf ? 3f : 1f;
        Tensor loss = Tensor.scalar(0f);
        float[] colSums = new float[2];
        for (int t = 0; t < 5; t++) {
            Tensor x = Tensor.of(new float[] {t, 1 - t}, 1, 2);
            colSums[0] += t;
            colSums[1] += 1 - t;
            loss = loss.add(x.matmul(v).sum());
        }
        Tensor upstream = Tensor.scalar(1f);
        loss.backward(upstream, true);
        float[] expected = new float[6];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) expected[i * 3 + j] = scale * colSums[i];
        assertArrayEquals(expected, w.grad().toFloatArray(), 1e-5f);
        loss.backward(upstream);                                      // a second backward adds into the same grad
        for (int k = 0; k < 6; k++) expected[k] *= 2;
        assertArrayEquals(expected, w.grad().toFloatArray(), 1e-5f);
        assertEquals(1f, upstream.item());
    }
}
