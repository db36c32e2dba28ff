package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.autograd.GradMode;
import dev.soma.profile.Summary;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Transformer layers, stacks and positional encodings: the encoder layer against its definition in both norm
 * orders, gradients by GradCheck, copies with equal weights, PyTorch's state-dict keys and parameter counts, shape
 * rules against outputs, MACs, configs (named and module activations), the causal mask helper and errors.
 */
class TransformerLayersTest {
    private static Tensor randn(Random r, int... shape) { return Tensor.randn(new Generator(r.nextLong()), shape); }

    private static void assertClose(Tensor expected, Tensor actual, float tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i);
    }

    private static <M extends Module> M randomized(M m, Random r) {
        try (var g = GradMode.noGrad()) {
            for (Parameter p : m.parameters()) p.copy_(randn(r, p.shape()).mul(0.3f).add(p.dim() == 1 && p.numel() > 0 ? 0.1f : 0f));
        }
        return m;
    }

    private static Tensor[] withParameters(Module m, Tensor... inputs) {
        List<Tensor> all = new ArrayList<>(List.of(inputs));
        all.addAll(m.parameters());
        return all.toArray(new Tensor[0]);
    }

    @Test void encoderLayerIsAttentionThenFeedForwardInEitherNormOrder() {
        Random r = new Random(1);
        for (boolean normFirst : new boolean[] {false, true}) {
            TransformerEncoderLayer layer = randomized(new TransformerEncoderLayer(8, 2, 12, 0.0, "gelu", 1e-5, true, normFirst), r);
            Tensor x = randn(r, 2, 3, 8);
            Tensor mask = Transformer.generateSquareSubsequentMask(3);
            java.util.function.Function<Tensor, Tensor> sa = t -> layer.selfAttn.forwardOutputs(t, t, t, null, mask,
                    MultiheadAttention.Options.NO_WEIGHTS)[0];
            java.util.function.Function<Tensor, Tensor> ff = t -> layer.linear2.forward(layer.linear1.forward(t).gelu());
            Tensor expected;
            if (normFirst) {
                Tensor y = x.add(sa.apply(layer.norm1.forward(x)));
                expected = y.add(ff.apply(layer.norm2.forward(y)));
            } else {
                Tensor y = layer.norm1.forward(x.add(sa.apply(x)));
                expected = layer.norm2.forward(y.add(ff.apply(y)));
            }
            assertClose(expected, layer.forward(x, mask, null, false), 1e-5f);
            assertClose(expected, layer.forward(x, mask, null, true), 1e-5f);
        }
    }

    @Test void encoderAndDecoderLayersPassGradCheck() {
        Random r = new Random(2);
        TransformerEncoderLayer enc = randomized(new TransformerEncoderLayer(4, 2, 6, 0.0, "relu", 1e-5, false, true), r);
        Tensor src = randn(r, 3, 2, 4).requiresGrad(true);
        Tensor kpm = Tensor.ofBooleans(new boolean[] {false, false, true, false, true, false}, 2, 3);
        assertTrue(GradCheck.check(in -> enc.forward(in[0], null, kpm, false), withParameters(enc, src)));
        TransformerDecoderLayer dec = randomized(new TransformerDecoderLayer(4, 2, 5, 0.0, "gelu", 1e-5, true, false), r);
        Tensor tgt = randn(r, 2, 3, 4).requiresGrad(true), memory = randn(r, 2, 2, 4).requiresGrad(true);
        Tensor tgtMask = Transformer.generateSquareSubsequentMask(3);
        assertTrue(GradCheck.check(in -> dec.forward(in[0], in[1], tgtMask, null, null, null, true, false), withParameters(dec, tgt, memory)));
    }

    @Test void stacksCopyTheLayerWithItsWeightsUnderPyTorchsKeys() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.0, "relu", 1e-5, false, false);
        TransformerEncoder encoder = new TransformerEncoder(layer, 2, new LayerNorm(8));
        Map<String, Tensor> state = encoder.stateDict();
        assertArrayEquals(state.get("layers.0.linear1.weight").toFloatArray(), state.get("layers.1.linear1.weight").toFloatArray());
        assertArrayEquals(layer.selfAttn.inProjWeight.toFloatArray(), state.get("layers.1.self_attn.in_proj_weight").toFloatArray());
        assertNotEquals(encoder.layers.get(0), encoder.layers.get(1));
        assertEquals(2 * 12 + 2, state.size());
        assertTrue(state.containsKey("norm.weight"));

        Transformer t = new Transformer(8, 2, 1, 1, 16, 0.1);
        assertEquals(1536, t.parameterCount());       // torch.nn.Transformer(8, 2, 1, 1, 16): 1536
        List<String> keys = List.copyOf(t.stateDict().keySet());
        assertEquals("encoder.layers.0.self_attn.in_proj_weight", keys.get(0));
        assertEquals(List.of("decoder.layers.0.multihead_attn.in_proj_weight", "decoder.norm.bias"),
                List.of(keys.get(18), keys.get(keys.size() - 1)));
        assertEquals(34, keys.size());
        // every matrix re-drawn xavier-uniform: in_proj (24, 8) within √(6/32)
        for (float w : t.stateDict().get("encoder.layers.0.linear1.weight").toFloatArray()) assertTrue(Math.abs(w) <= Math.sqrt(6.0 / 24));
    }

    @Test void transformerRunsEncoderAndDecoderAndItsMaskHelperIsCausal() {
        Random r = new Random(3);
        Transformer t = new Transformer(8, 2, 2, 1, 16, 0.0, "relu", null, null, 1e-5, true, false, true);
        Tensor src = randn(r, 2, 5, 8), tgt = randn(r, 2, 3, 8);
        Tensor mask = Transformer.generateSquareSubsequentMask(3);
        Tensor memory = ((TransformerEncoder) t.encoder).forward(src);
        Tensor expected = ((TransformerDecoder) t.decoder).forward(tgt, memory, mask, null, null, null, false, false);
        assertClose(expected, t.forward(src, tgt, null, mask, null, null, null, null, false, false, false), 1e-6f);
        assertArrayEquals(new int[] {2, 3, 8}, t.outputShape(src.shape(), tgt.shape()));
        float inf = Float.NEGATIVE_INFINITY;
        assertArrayEquals(new float[] {0, inf, inf, 0, 0, inf, 0, 0, 0}, mask.toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> t.forward(src, randn(r, 3, 3, 8)));
        assertTrue(e.getMessage().contains("the batch number of src and tgt must be equal"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.forward(src, randn(r, 2, 3, 6)));
        assertTrue(e.getMessage().contains("the feature number of src and tgt must be equal to d_model"), e.getMessage());
    }

    @Test void shapeRulesMatchOutputsAndMacsAddUp() {
        TransformerEncoderLayer enc = new TransformerEncoderLayer(8, 2, 16, 0.0, "relu", 1e-5, true, false);
        int[] x = {2, 5, 8};
        assertArrayEquals(x, enc.outputShape(x));
        assertArrayEquals(x, enc.forward(Tensor.randn(x)).shape());
        // attention: 2·(5·64·4 + 2·5·5·8); feed-forward: 2·10·8·16
        long attention = 2L * (5 * 64 * 4 + 2 * 5 * 5 * 8), feedForward = 2L * 10 * 8 * 16;
        assertEquals(attention + feedForward, enc.macs(x));
        TransformerEncoder stack = new TransformerEncoder(enc, 3, new LayerNorm(8));
        assertEquals(3 * (attention + feedForward), stack.macs(x));
        assertEquals(3 * (attention + feedForward), Summary.of(new Sequential(stack), x).macs());
        TransformerDecoderLayer dec = new TransformerDecoderLayer(8, 2, 16, 0.0, "relu", 1e-5, false, false);
        int[] tgt = {3, 2, 8}, mem = {4, 2, 8};
        assertArrayEquals(tgt, dec.outputShape(tgt, mem));
        assertArrayEquals(tgt, dec.forward(Tensor.randn(tgt), Tensor.randn(mem)).shape());
        long self = 2L * (3 * 64 * 4 + 2 * 3 * 3 * 8), cross = 2L * (3 * 64 * 2 + 4 * 64 * 2 + 2 * 3 * 4 * 8);
        assertEquals(self + cross + 2L * 6 * 8 * 16, dec.macs(tgt, mem));
        assertArrayEquals(new int[] {7, 8}, enc.outputShape(new int[] {7, 8}));
        var e = assertThrows(IllegalArgumentException.class, () -> enc.outputShape(new int[] {2, 5, 6}));
        assertTrue(e.getMessage().contains("expected input (N, L, 8)") && e.getMessage().contains("[2, 5, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dec.forward(Tensor.randn(3, 2, 8), Tensor.randn(4, 2, 6)));
        assertTrue(e.getMessage().contains("[4, 2, 6]"), e.getMessage());
    }

    @Test void configsRoundTripWithNamedAndModuleActivations() {
        TransformerEncoderLayer named = new TransformerEncoderLayer(8, 2, 16, 0.2, "gelu", 1e-6, true, true, false);
        TransformerDecoderLayer module = new TransformerDecoderLayer(8, 4, 16, 0.0, new SiLU(), 1e-5, false, false, true);
        Transformer t = new Transformer(8, 2, 1, 2, 16, 0.0, "gelu", null, null, 1e-5, true, true, true);
        for (Module m : new Module[] {named, module, new TransformerEncoder(named, 2, null), new TransformerDecoder(module, 2, new LayerNorm(8)), t,
                new SinusoidalPositionalEncoding(8, 50, 0.0, true), new LearnedPositionalEncoding(20, 8, 0.1, false)}) {
            Module again = ModuleFactory.build(m.config());
            assertEquals(m.config(), again.config(), m.typeName());
            assertEquals(List.copyOf(m.stateDict().keySet()), List.copyOf(again.stateDict().keySet()), m.typeName());
            assertEquals(m.toString(), again.toString());
        }
        assertEquals("gelu", named.config().getString("activation"));
        assertEquals("SiLU", module.config().getConfig("activation").type());
        assertTrue(module.toString().endsWith("  (activation): SiLU()\n)"), module.toString());
        assertTrue(!named.toString().contains("activation") && !named.stateDict().containsKey("linear1.bias")
                && !named.stateDict().containsKey("norm1.bias"), named.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(8, 2, 16, 0.1, "tanh", 1e-5, false, false));
        assertEquals("activation should be relu/gelu, not tanh", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(10, 4));
        assertTrue(e.getMessage().contains("embed_dim must be divisible by num_heads"), e.getMessage());
    }

    @Test void positionalEncodingsAddTheirCodePerPosition() {
        SinusoidalPositionalEncoding sin = new SinusoidalPositionalEncoding(4, 10, 0.0, false);
        assertEquals(List.of("pe"), List.copyOf(sin.stateDict().keySet()));
        assertTrue(sin.parameters().isEmpty());
        // position 1: sin(1), cos(1), sin(1/100), cos(1/100)
        assertArrayEquals(new float[] {(float) Math.sin(1), (float) Math.cos(1), (float) Math.sin(0.01), (float) Math.cos(0.01)},
                sin.pe.select(0, 1).toFloatArray(), 1e-6f);
        Tensor x = Tensor.zeros(3, 2, 4);
        Tensor y = sin.forward(x);
        assertArrayEquals(sin.pe.select(0, 2).toFloatArray(), y.select(0, 2).select(0, 1).toFloatArray());
        SinusoidalPositionalEncoding bf = new SinusoidalPositionalEncoding(4, 10, 0.0, true);
        assertArrayEquals(y.transpose(0, 1).toFloatArray(), bf.forward(Tensor.zeros(2, 3, 4)).toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> sin.forward(Tensor.zeros(11, 1, 4)));
        assertTrue(e.getMessage().contains("max_len=10") && e.getMessage().contains("[11, 1, 4]"), e.getMessage());

        LearnedPositionalEncoding learned = new LearnedPositionalEncoding(6, 4, 0.0, true);
        assertEquals(List.of("embedding.weight"), List.copyOf(learned.stateDict().keySet()));
        Tensor z = Tensor.zeros(2, 3, 4);
        assertArrayEquals(learned.embedding.weight.narrow(0, 0, 3).toFloatArray(), learned.forward(z).select(0, 1).toFloatArray());
        Tensor in = Tensor.randn(2, 3, 4).requiresGrad(true);
        assertTrue(GradCheck.check(t -> learned.forward(t[0]), in, learned.embedding.weight));
        learned.zeroGrad();
        learned.forward(in).sum().backward();
        assertArrayEquals(new float[] {2, 2, 2, 2, 0, 0, 0, 0}, learned.embedding.weight.grad().narrow(0, 2, 2).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> learned.forward(Tensor.zeros(2, 7, 4)));
    }
}
