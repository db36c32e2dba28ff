package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.autograd.GradMode;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MultiheadAttention as a module: parameters and their initialisation, the layer against a definition written with
 * the general ops (kdim/vdim, add_bias_kv, add_zero_attn, key padding and attention masks), gradients by GradCheck,
 * layouts (batch_first, unbatched), per-head weights, the is_causal hint, shape rules, MACs, repr, config and errors.
 */
class AttentionLayersTest {
    private static Tensor randn(Random r, int... shape) { return Tensor.randn(new Generator(r.nextLong()), shape); }

    private static void assertClose(Tensor expected, Tensor actual, float tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i);
    }

    // Random values for every parameter (biases are zero after init, which would hide them).
    private static MultiheadAttention randomized(MultiheadAttention m, Random r) {
        try (var g = GradMode.noGrad()) {
            for (Parameter p : m.parameters()) p.copy_(randn(r, p.shape()).mul(0.5f));
        }
        return m;
    }

    /**
     * PyTorch's multi_head_attention_forward for sequence-first batched inputs, written with matmul and softmax; masks
     * already additive: attnMask (L, S) and kpm (N, S) (null for none).
     */
    private static Tensor[] definition(MultiheadAttention m, Tensor query, Tensor key, Tensor value, Tensor kpm, Tensor attnMask) {
        int e = m.embedDim, h = m.numHeads, d = m.headDim, l = query.size(0), n = query.size(1);
        Tensor wq = m.inProjWeight != null ? m.inProjWeight.narrow(0, 0, e) : m.qProjWeight;
        Tensor wk = m.inProjWeight != null ? m.inProjWeight.narrow(0, e, e) : m.kProjWeight;
        Tensor wv = m.inProjWeight != null ? m.inProjWeight.narrow(0, 2 * e, e) : m.vProjWeight;
        Tensor b = m.inProjBias;
        Tensor q = query.matmul(wq.t()), k = key.matmul(wk.t()), v = value.matmul(wv.t());
        if (b != null) {
            q = q.add(b.narrow(0, 0, e));
            k = k.add(b.narrow(0, e, e));
            v = v.add(b.narrow(0, 2 * e, e));
        }
        if (m.biasK != null) {
            k = Tensor.cat(new Tensor[] {k, m.biasK.expand(1, n, e)}, 0);
            v = Tensor.cat(new Tensor[] {v, m.biasV.expand(1, n, e)}, 0);
        }
        int s = k.size(0);
        // (S, N, E) → (N, h, S, d)
        q = q.reshape(l, n, h, d).permute(1, 2, 0, 3);
        k = k.reshape(s, n, h, d).permute(1, 2, 0, 3);
        v = v.reshape(s, n, h, d).permute(1, 2, 0, 3);
        if (m.addZeroAttn) {
            k = Tensor.cat(new Tensor[] {k, Tensor.zeros(n, h, 1, d)}, 2);
            v = Tensor.cat(new Tensor[] {v, Tensor.zeros(n, h, 1, d)}, 2);
        }
        int total = k.size(2);
        Tensor scores = q.matmul(k.transpose(-1, -2)).mul((float) (1 / Math.sqrt(d)));
        // appended keys (bias_k, the zero key) stay visible: the masks get zero columns for them
        if (attnMask != null) scores = scores.add(attnMask.pad(new int[] {0, total - attnMask.size(-1)}));
        if (kpm != null) scores = scores.add(kpm.pad(new int[] {0, total - kpm.size(-1)}).reshape(n, 1, 1, total));
        Tensor w = scores.softmax(-1);
        Tensor o = w.matmul(v).permute(2, 0, 1, 3).reshape(l, n, e);
        return new Tensor[] {m.outProj.forward(o), w.mean(1)};
    }

    @Test void parametersAreNamedOrderedAndInitialisedAsPyTorchs() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.0, true, true, false, 3, 5, false);
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight",
                "out_proj.bias"), List.copyOf(m.stateDict().keySet()));
        assertArrayEquals(new int[] {8, 3}, m.kProjWeight.shape());
        assertArrayEquals(new int[] {1, 1, 8}, m.biasK.shape());
        assertNull(m.inProjWeight);
        MultiheadAttention packed = new MultiheadAttention(16, 4);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(packed.stateDict().keySet()));
        assertArrayEquals(new float[48], packed.inProjBias.toFloatArray());
        assertArrayEquals(new float[16], packed.outProj.bias.toFloatArray());
        // xavier-uniform on (48, 16): bound √(6/64); out_proj keeps Linear's U(±1/√16)
        double xavier = Math.sqrt(6.0 / 64);
        float max = 0;
        for (float x : packed.inProjWeight.toFloatArray()) max = Math.max(max, Math.abs(x));
        assertTrue(max <= xavier && max > 0.8 * xavier, "max |w| " + max);
        for (float x : packed.outProj.weight.toFloatArray()) assertTrue(Math.abs(x) <= 0.25f);
        assertEquals("MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=16, out_features=16, bias=True)\n)",
                packed.toString());
        assertEquals(List.of("in_proj_weight", "out_proj.weight"),
                List.copyOf(new MultiheadAttention(4, 2, 0.0, false, false, false, null, null, false).stateDict().keySet()));
    }

    @ParameterizedTest @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void matchesTheDefinitionWithKdimVdimBiasKvZeroAttnAndMasks(long seed) {
        Random r = new Random(seed);
        boolean biasKv = r.nextBoolean(), zeroAttn = r.nextBoolean(), sepDims = r.nextBoolean();
        int h = 1 + r.nextInt(3), e = h * (1 + r.nextInt(3)), l = 1 + r.nextInt(4), s = 1 + r.nextInt(4), n = 1 + r.nextInt(3);
        Integer kdim = sepDims ? 1 + r.nextInt(5) : null, vdim = sepDims ? 1 + r.nextInt(5) : null;
        MultiheadAttention m = randomized(new MultiheadAttention(e, h, 0.0, r.nextBoolean(), biasKv, zeroAttn, kdim, vdim, false), r);
        Tensor q = randn(r, l, n, e), k = randn(r, s, n, m.kdim), v = randn(r, s, n, m.vdim);
        boolean[] pad = new boolean[n * s];
        for (int i = 0; i < pad.length; i++) pad[i] = i % s != 0 && r.nextFloat() < 0.4f;    // key 0 always visible
        Tensor kpm = Tensor.ofBooleans(pad, n, s), attnMask = randn(r, l, s);
        Tensor kpmFloat = Tensor.zeros(n, s).maskedFill(kpm, Float.NEGATIVE_INFINITY);
        Tensor[] expected = definition(m, q, k, v, kpmFloat, attnMask);
        Tensor[] actual = m.forwardOutputs(q, k, v, kpm, attnMask, MultiheadAttention.Options.DEFAULT);
        assertClose(expected[0], actual[0], 1e-5f);
        assertClose(expected[1], actual[1], 1e-5f);
        // the same masks as floats, and a bool attn_mask, give the same outputs
        assertClose(actual[0], m.forwardOutputs(q, k, v, kpmFloat, attnMask, MultiheadAttention.Options.NO_WEIGHTS)[0], 1e-6f);
        Tensor blocksNothing = Tensor.ofBooleans(new boolean[l * s], l, s);      // True would block: all False blocks nothing
        assertClose(definition(m, q, k, v, null, null)[0], m.forwardOutputs(q, k, v, null, blocksNothing, MultiheadAttention.Options.DEFAULT)[0], 1e-5f);
    }

    @ParameterizedTest @ValueSource(longs = {21, 22})
    void gradientsPassGradCheckThroughInputsAndParameters(long seed) {
        Random r = new Random(seed);
        MultiheadAttention m = randomized(new MultiheadAttention(4, 2, 0.0, true, r.nextBoolean(), r.nextBoolean(), 3, 5, false), r);
        Tensor q = randn(r, 3, 2, 4).requiresGrad(true), k = randn(r, 2, 2, 3).requiresGrad(true), v = randn(r, 2, 2, 5).requiresGrad(true);
        Tensor kpm = Tensor.ofBooleans(new boolean[] {false, true, false, false}, 2, 2);
        Tensor mask3d = randn(r, 4, 3, 2);
        Tensor[] all = new Tensor[3 + m.parameters().size()];
        all[0] = q;
        all[1] = k;
        all[2] = v;
        for (int i = 0; i < m.parameters().size(); i++) all[3 + i] = m.parameters().get(i);
        assertTrue(GradCheck.checkMulti(in -> m.forwardOutputs(in[0], in[1], in[2], kpm, mask3d, MultiheadAttention.Options.DEFAULT), all));
        MultiheadAttention self = randomized(new MultiheadAttention(6, 3), r);
        Tensor x = randn(r, 2, 3, 6).requiresGrad(true);
        Tensor boolMask = Tensor.ofBooleans(new boolean[] {false, true, false, false}, 2, 2);
        assertTrue(GradCheck.check(in -> self.forwardOutputs(in[0], in[0], in[0], null, boolMask,
                MultiheadAttention.Options.DEFAULT.withAverageAttnWeights(false))[0], x, self.inProjWeight, self.inProjBias));
    }

    @Test void batchFirstAndUnbatchedInputsGiveTheSameAttention() {
        Random r = new Random(31);
        MultiheadAttention seq = randomized(new MultiheadAttention(6, 2), r);
        MultiheadAttention bf = new MultiheadAttention(6, 2, 0.0, true, false, false, null, null, true);
        bf.loadStateDict(seq.stateDict(), true);
        Tensor q = randn(r, 3, 2, 6), kv = randn(r, 4, 2, 6);
        Tensor[] a = seq.forwardOutputs(q, kv, kv, null, null, MultiheadAttention.Options.DEFAULT);
        Tensor[] b = bf.forwardOutputs(q.transpose(0, 1), kv.transpose(0, 1), kv.transpose(0, 1), null, null, MultiheadAttention.Options.DEFAULT);
        assertClose(a[0].transpose(0, 1), b[0], 1e-6f);
        assertClose(a[1], b[1], 1e-6f);
        Tensor[] one = seq.forwardOutputs(q.select(1, 1), kv.select(1, 1), kv.select(1, 1), null, null,
                MultiheadAttention.Options.DEFAULT.withAverageAttnWeights(false));
        Tensor[] perHead = seq.forwardOutputs(q, kv, kv, null, null, MultiheadAttention.Options.DEFAULT.withAverageAttnWeights(false));
        assertArrayEquals(new int[] {2, 2, 3, 4}, perHead[1].shape());
        assertClose(a[0].select(1, 1), one[0], 1e-6f);
        assertClose(perHead[1].select(0, 1), one[1], 1e-6f);
        assertClose(perHead[1].mean(1), a[1], 1e-6f);
        assertNull(seq.forwardOutputs(q, kv, kv, null, null, MultiheadAttention.Options.NO_WEIGHTS)[1]);
        assertClose(a[0], seq.forward(q, kv, kv), 0f);
    }

    @Test void isCausalIsAHintThatNeedsTheMask() {
        Random r = new Random(41);
        MultiheadAttention m = randomized(new MultiheadAttention(4, 2), r);
        Tensor x = randn(r, 5, 2, 4), causal = Transformer.generateSquareSubsequentMask(5);
        Tensor withMask = m.forwardOutputs(x, x, x, null, causal, MultiheadAttention.Options.NO_WEIGHTS)[0];
        Tensor hinted = m.forwardOutputs(x, x, x, null, causal, MultiheadAttention.Options.NO_WEIGHTS.withIsCausal(true))[0];
        assertClose(withMask, hinted, 1e-6f);
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.forwardOutputs(x, x, x, null, null, MultiheadAttention.Options.NO_WEIGHTS.withIsCausal(true)));
        assertTrue(e.getMessage().contains("Need attn_mask if specifying the is_causal hint"), e.getMessage());
    }

    @Test void dropoutActsInTrainingOnlyAndIsSeeded() {
        Random r = new Random(51);
        Tensor x = randn(r, 4, 2, 8);
        MultiheadAttention a = new MultiheadAttention(8, 2, 0.5, true, false, false, null, null, false, new Generator(1));
        MultiheadAttention b = new MultiheadAttention(8, 2, 0.5, true, false, false, null, null, false, new Generator(1));
        assertArrayEquals(a.forward(x, x, x).toFloatArray(), b.forward(x, x, x).toFloatArray());
        a.eval();
        MultiheadAttention plain = new MultiheadAttention(8, 2, 0.0, true, false, false, null, null, false);
        plain.loadStateDict(a.stateDict(), true);
        assertArrayEquals(plain.forward(x, x, x).toFloatArray(), a.forward(x, x, x).toFloatArray());
    }

    @Test void shapeRulesMatchTheOutputsAndMacsAreExact() {
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.0, true, true, true, 3, 5, false);
        int[] q = {4, 2, 8}, k = {6, 2, 3}, v = {6, 2, 5};
        assertArrayEquals(q, m.outputShape(q, k, v));
        assertArrayEquals(q, m.forward(Tensor.randn(q), Tensor.randn(k), Tensor.randn(v)).shape());
        // per batch entry: L·E² + S·kdim·E + S·vdim·E + 2·L·(S+2)·E + L·E²
        long perBatch = 4 * 64 + 6 * 3 * 8 + 6 * 5 * 8 + 2L * 4 * 8 * 8 + 4 * 64;
        assertEquals(2 * perBatch, m.macs(q, k, v));
        MultiheadAttention bf = new MultiheadAttention(8, 2, 0.0, true, false, false, null, null, true);
        assertArrayEquals(new int[] {2, 4, 8}, bf.outputShape(new int[] {2, 4, 8}, new int[] {2, 7, 8}, new int[] {2, 7, 8}));
        assertEquals(2 * (4 * 64 + 2 * 7 * 64 + 2L * 4 * 7 * 8 + 4 * 64), bf.macs(new int[] {2, 4, 8}, new int[] {2, 7, 8}, new int[] {2, 7, 8}));
        assertArrayEquals(new int[] {3, 8}, bf.outputShape(new int[] {3, 8}, new int[] {5, 8}, new int[] {5, 8}));
        var e = assertThrows(IllegalArgumentException.class, () -> bf.outputShape(new int[] {2, 4, 8}, new int[] {3, 7, 8}, new int[] {3, 7, 8}));
        assertTrue(e.getMessage().contains("MultiheadAttention(embed_dim=8, num_heads=2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.outputShape(q, new int[] {6, 2, 8}, v));
    }

    @Test void configRoundTripsAndRebuildsAnEqualLayer() {
        MultiheadAttention m = new MultiheadAttention(8, 4, 0.1, false, true, true, 3, 5, true);
        Module again = ModuleFactory.build(m.config());
        assertEquals(m.config(), again.config());
        assertEquals(List.copyOf(m.stateDict().keySet()), List.copyOf(again.stateDict().keySet()));
        assertEquals(m.toString(), again.toString());
    }

    @Test void errorsNameTheLayerAndTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 4));
        assertTrue(e.getMessage().contains("embed_dim must be divisible by num_heads"), e.getMessage());
        MultiheadAttention m = new MultiheadAttention(8, 2);
        Tensor x = Tensor.randn(3, 2, 8);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.randn(3, 2, 6), x, x));
        assertEquals("MultiheadAttention(embed_dim=8, num_heads=2): was expecting embedding dimension of 8, but got 6 (query [3, 2, 6])",
                e.getMessage());
        Tensor key = Tensor.randn(4, 2, 8);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, key, key, Tensor.ofBooleans(new boolean[6], 2, 3)));
        assertTrue(e.getMessage().contains("expecting key_padding_mask shape of (2, 4), but got [2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, key, key, null, Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("the shape of the 2D attn_mask is [3, 3], but should be (3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, key, key, null, Tensor.zeros(2, 3, 4)));
        assertTrue(e.getMessage().contains("should be (4, 3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, Tensor.randn(4, 8), Tensor.randn(4, 8)));
        assertTrue(e.getMessage().contains("expected key and value to be 3-D but found 2-D"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.randn(8), Tensor.randn(8), Tensor.randn(8)));
        assertTrue(e.getMessage().contains("query should be unbatched 2D or batched 3D"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, key, Tensor.randn(5, 2, 8)));
        assertTrue(e.getMessage().contains("sequence and batch dims"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x));
        assertTrue(e.getMessage().contains("takes 3 to 5 inputs"), e.getMessage());
    }
}
