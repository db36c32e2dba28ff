package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.autograd.GradMode;
import dev.soma.nn.Functional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scaled dot-product attention: a case worked on paper, the fused op against its definition composed of matmul,
 * masks and softmax over random broadcasting shapes and masks, gradients by GradCheck, the blocked path against the
 * plain one, dropout, fully masked rows and the errors.
 */
class AttentionTest {
    private static Tensor randn(Random r, int... shape) { return Tensor.randn(new Generator(r.nextLong()), shape); }

    /** softmax(q·kᵀ·scale + mask)·v written with the general ops (mask: float added, bool true = may attend). */
    private static Tensor definition(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, Double scale) {
        int l = q.size(-2), s = k.size(-2);
        double sc = scale == null ? 1 / Math.sqrt(q.size(-1)) : scale;
        Tensor scores = q.matmul(k.transpose(-1, -2)).mul((float) sc);
        if (causal) scores = scores.add(causal(l, s));
        if (mask != null) scores = mask.dtype() == DType.BOOL
                ? scores.add(Tensor.zeros(mask.shape()).maskedFill(mask.logicalNot(), Float.NEGATIVE_INFINITY)) : scores.add(mask);
        return scores.softmax(-1).matmul(v);
    }

    /** The causal mask as an additive float (L, S) matrix: −∞ where j > i. */
    private static Tensor causal(int l, int s) {
        float[] m = new float[l * s];
        for (int i = 0; i < l; i++) for (int j = i + 1; j < s; j++) m[i * s + j] = Float.NEGATIVE_INFINITY;
        return Tensor.of(m, l, s);
    }

    /** A random bool mask whose rows (last dim) each allow their first position, so no row is fully masked. */
    private static Tensor boolMask(Random r, int... shape) {
        int cols = shape[shape.length - 1];
        boolean[] b = new boolean[Shape.numel(shape)];
        for (int i = 0; i < b.length; i++) b[i] = i % cols == 0 || r.nextFloat() < 0.7f;
        return Tensor.ofBooleans(b, shape);
    }

    private static void assertClose(Tensor expected, Tensor actual, float tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++)
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i);
    }

    @Test void oneQueryOverTwoKeysWorkedOnPaper() {
        // q·kᵀ/√2 = [0, 2/√2·... ]: q = (1, 1), keys (0, 0) and (√2, √2) give scores 0 and 2; weights 1/(1+e²), e²/(1+e²).
        float r = (float) Math.sqrt(2);
        Tensor q = Tensor.of(new float[] {1, 1}, 1, 2), k = Tensor.of(new float[] {0, 0, r, r}, 2, 2);
        Tensor v = Tensor.of(new float[] {10, 20}, 2, 1);
        double w1 = Math.exp(2) / (1 + Math.exp(2));
        assertEquals(10 * (1 - w1) + 20 * w1, Functional.scaledDotProductAttention(q, k, v).item(), 1e-4);
        // a bool mask hiding the second key leaves only the first; a float mask of −2 on it evens the scores
        Tensor hide = Tensor.ofBooleans(new boolean[] {true, false}, 1, 2);
        assertEquals(10f, Functional.scaledDotProductAttention(q, k, v, hide).item(), 1e-5);
        assertEquals(15f, Functional.scaledDotProductAttention(q, k, v, Tensor.of(new float[] {0, -2}, 1, 2)).item(), 1e-4);
        // scale 0 averages the values whatever the scores
        assertEquals(15f, Functional.scaledDotProductAttention(q, k, v, null, 0, false, 0.0).item(), 1e-5);
    }

    @ParameterizedTest @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void matchesTheDefinitionOverBroadcastShapesAndMasks(long seed) {
        Random r = new Random(seed);
        int l = 1 + r.nextInt(6), s = 1 + r.nextInt(6), e = 1 + r.nextInt(5), ev = 1 + r.nextInt(5);
        int[][] batches = {{}, {3}, {2, 3}, {1, 3}, {2, 1}};     // all broadcast together (and with the masks' (2, 1))
        int[] bq = batches[r.nextInt(batches.length)], bk = batches[r.nextInt(batches.length)];
        Tensor q = randn(r, cat(bq, l, e)), k = randn(r, cat(bk, s, e)), v = randn(r, cat(bk, s, ev));
        boolean bool = r.nextBoolean();
        int[] maskShape = r.nextBoolean() ? new int[] {l, s} : new int[] {2, 1, l, 1};
        Tensor mask = bool ? boolMask(r, maskShape) : randn(r, maskShape);
        Double scale = r.nextBoolean() ? null : 0.3;
        assertClose(definition(q, k, v, mask, false, scale), Functional.scaledDotProductAttention(q, k, v, mask, 0, false, scale), 1e-5f);
        assertClose(definition(q, k, v, null, true, scale), Functional.scaledDotProductAttention(q, k, v, null, 0, true, scale), 1e-5f);
    }

    private static int[] cat(int[] batch, int rows, int cols) {
        int[] out = java.util.Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }

    @Test void causalIsTopLeftAlignedWhenQueriesAndKeysDiffer() {
        Random r = new Random(9);
        Tensor q = randn(r, 2, 3, 4), k = randn(r, 2, 5, 4), v = randn(r, 2, 5, 2);
        // query 0 sees key 0 only: its output is value 0
        Tensor out = Functional.scaledDotProductAttention(q, k, v, null, 0, true, null);
        assertArrayEquals(v.narrow(1, 0, 1).toFloatArray(), out.narrow(1, 0, 1).toFloatArray(), 1e-6f);
        // more queries than keys: rows past S see every key
        Tensor q2 = randn(r, 6, 4), k2 = randn(r, 2, 4), v2 = randn(r, 2, 3);
        assertClose(definition(q2, k2, v2, null, true, null), Functional.scaledDotProductAttention(q2, k2, v2, null, 0, true, null), 1e-5f);
    }

    @ParameterizedTest @ValueSource(longs = {11, 12, 13, 14})
    void gradientsPassGradCheckWithRandomMasksCausalAndBroadcasting(long seed) {
        Random r = new Random(seed);
        int l = 1 + r.nextInt(4), s = 1 + r.nextInt(4), e = 1 + r.nextInt(3), ev = 1 + r.nextInt(3);
        Tensor q = randn(r, 2, 1, l, e).requiresGrad(true), k = randn(r, 1, 3, s, e).requiresGrad(true);
        Tensor v = randn(r, 3, s, ev).requiresGrad(true);
        Tensor floatMask = randn(r, 2, 1, l, s);
        Tensor boolMask = boolMask(r, l, s);
        assertTrue(GradCheck.check(in -> Functional.scaledDotProductAttention(in[0], in[1], in[2], floatMask), q, k, v));
        assertTrue(GradCheck.check(in -> Functional.scaledDotProductAttention(in[0], in[1], in[2], boolMask), q, k, v));
        assertTrue(GradCheck.check(in -> Functional.scaledDotProductAttention(in[0], in[1], in[2], null, 0, true, 0.7), q, k, v));
    }

    @Test void weightsOutputAndItsGradientPassGradCheck() {
        Random r = new Random(21);
        Tensor q = randn(r, 2, 3, 4).requiresGrad(true), k = randn(r, 2, 5, 4).requiresGrad(true), v = randn(r, 2, 5, 3).requiresGrad(true);
        Tensor[] both = Attention.attention(q, k, v, null, 0, false, null, new Generator(1), true);
        assertClose(q.matmul(k.transpose(-1, -2)).mul(0.5f).softmax(-1), both[1], 1e-5f);
        assertTrue(GradCheck.checkMulti(in -> Attention.attention(in[0], in[1], in[2], null, 0, false, null, new Generator(1), true), q, k, v));
        // with dropout, a fresh generator per call redraws the same mask, so finite differences see one function
        assertTrue(GradCheck.checkMulti(in -> Attention.attention(in[0], in[1], in[2], null, 0.4, false, null, new Generator(5), true), q, k, v));
        // without the weights returned, backward re-forms the dropped weights from P and the one-byte mask
        assertTrue(GradCheck.check(in -> Attention.attention(in[0], in[1], in[2], null, 0.4, false, null, new Generator(5), false)[0], q, k, v));
        assertArrayEquals(Attention.attention(q, k, v, null, 0.4, false, null, new Generator(5), true)[0].toFloatArray(),
                Attention.attention(q, k, v, null, 0.4, false, null, new Generator(5), false)[0].toFloatArray());
    }

    @Test void dropoutIsSeededScalesKeptWeightsAndReturnsTheDroppedOnes() {
        Random r = new Random(31);
        Tensor q = randn(r, 4, 8, 3), k = randn(r, 4, 8, 3), v = randn(r, 4, 8, 2);
        Tensor[] a = Attention.attention(q, k, v, null, 0.5, false, null, new Generator(3), true);
        Tensor[] b = Attention.attention(q, k, v, null, 0.5, false, null, new Generator(3), true);
        assertArrayEquals(a[0].toFloatArray(), b[0].toFloatArray());
        Tensor plain = Attention.attention(q, k, v, null, 0, false, null, null, true)[1];
        float[] w = a[1].toFloatArray(), p = plain.toFloatArray();
        int zeros = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0f) zeros++;
            else assertEquals(2 * p[i], w[i], 1e-5f);
        }
        assertTrue(zeros > w.length / 4 && zeros < 3 * w.length / 4, zeros + " of " + w.length);
        assertClose(a[1].matmul(v), a[0], 1e-5f);
        assertNotEquals(a[0].toFloatArray()[0], Attention.attention(q, k, v, null, 0.5, false, null, new Generator(4), false)[0].toFloatArray()[0]);
        assertArrayEquals(new float[4 * 8 * 2], Functional.scaledDotProductAttention(q, k, v, null, 1.0, false, null).toFloatArray());
    }

    @Test void aFullyMaskedRowIsNaNAsInPyTorchsMathPath() {
        Random r = new Random(41);
        Tensor q = randn(r, 2, 3), k = randn(r, 3, 3), v = randn(r, 3, 2);
        Tensor mask = Tensor.ofBooleans(new boolean[] {true, true, false, false, false, false}, 2, 3);
        float[] out = Functional.scaledDotProductAttention(q, k, v, mask).toFloatArray();
        assertTrue(!Float.isNaN(out[0]) && Float.isNaN(out[2]) && Float.isNaN(out[3]));
        try (var g = GradMode.noGrad(); var p = Attention.usePath(Attention.Path.BLOCKED)) {
            float[] blocked = Functional.scaledDotProductAttention(q, k, v, mask).toFloatArray();
            assertEquals(out[0], blocked[0], 1e-5f);
            assertTrue(Float.isNaN(blocked[2]) && Float.isNaN(blocked[3]));
        }
    }

    @ParameterizedTest @ValueSource(ints = {1, 7, 64, 65, 300})
    void theBlockedPathEqualsThePlainOneWithMasksAndCausal(int len) {
        Random r = new Random(len);
        int s = len + r.nextInt(300);
        Tensor q = randn(r, 2, len, 8), k = randn(r, 1, s, 8), v = randn(r, 2, s, 5);
        Tensor floatMask = randn(r, len, s), boolMask = boolMask(r, 2, 1, s);
        Tensor qt = randn(r, 2, 8, len).transpose(-1, -2);      // a transposed view: read column-major in both paths
        for (Tensor query : new Tensor[] {q, qt})
            for (Object[] c : new Object[][] {{null, false}, {floatMask, false}, {boolMask, false}, {null, true}}) {
                Tensor mask = (Tensor) c[0];
                boolean causal = (Boolean) c[1];
                Tensor plain, blocked;
                try (var g = GradMode.noGrad()) {
                    try (var p = Attention.usePath(Attention.Path.PLAIN)) {
                        plain = Functional.scaledDotProductAttention(query, k, v, mask, 0, causal, null);
                    }
                    try (var p = Attention.usePath(Attention.Path.BLOCKED)) {
                        blocked = Functional.scaledDotProductAttention(query, k, v, mask, 0, causal, null);
                    }
                }
                assertClose(plain, blocked, 2e-5f);
            }
    }

    @Test void autoTakesTheBlockedPathOnlyForLargeInferenceScores() {
        Tensor q = Tensor.randn(1, 4, 2), k = Tensor.randn(1, 4, 2), v = Tensor.randn(1, 4, 2);
        // the blocked path refuses what it cannot do: gradients, weights, dropout
        try (var p = Attention.usePath(Attention.Path.BLOCKED)) {
            var e = assertThrows(IllegalStateException.class,
                    () -> Functional.scaledDotProductAttention(q.requiresGrad(true), k, v));
            assertTrue(e.getMessage().contains("blocked path"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> Attention.attention(q.detach(), k, v, null, 0, false, null, null, true));
        }
        assertEquals(1L << 24, Attention.BLOCKED_MIN_SCORES);
    }

    @Test void noKeysGiveZerosOnEitherPath() {
        Tensor q = Tensor.randn(2, 3, 4), k = Tensor.zeros(2, 0, 4), v = Tensor.zeros(2, 0, 5);
        assertArrayEquals(new float[30], Functional.scaledDotProductAttention(q, k, v).toFloatArray());
        try (var g = GradMode.noGrad(); var p = Attention.usePath(Attention.Path.BLOCKED)) {
            assertArrayEquals(new float[30], Functional.scaledDotProductAttention(q, k, v).toFloatArray());
        }
    }

    @Test void errorsNameTheShapes() {
        Tensor q = Tensor.randn(2, 3, 4), k = Tensor.randn(2, 5, 4), v = Tensor.randn(2, 5, 6);
        var e = assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q, Tensor.randn(2, 5, 3), v));
        assertTrue(e.getMessage().contains("same E") && e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("[2, 5, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q, k, Tensor.randn(2, 4, 6)));
        assertTrue(e.getMessage().contains("same S"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q, k, v, Tensor.randn(3, 4)));
        assertTrue(e.getMessage().contains("attn_mask of shape [3, 4] does not broadcast") && e.getMessage().contains("[2, 3, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q, k, v, Tensor.randn(3, 3, 5)));
        assertTrue(e.getMessage().contains("does not broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(Tensor.randn(3, 3, 4), k, v));
        assertTrue(e.getMessage().contains("batch dims"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q, k, v, Tensor.zeros(3, 5), 0, true, null));
        assertTrue(e.getMessage().contains("is_causal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(Tensor.randn(4), k, v));
        assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q, k, v, null, 1.5, false, null));
    }
}
