package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.autograd.GradMode;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RNN, LSTM, GRU and their cells as layers: PyTorch's parameter names, order, shapes and init; stacked bidirectional
 * layers against a loop of cells; batch_first and unbatched inputs; gradients of input and states through GradCheck;
 * dropout between layers; shape rules, MACs, repr, config round trip and errors naming the layer.
 */
class RecurrentLayersTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).mul(0.5f); }

    private static LSTM lstm(int in, int hidden, int layers, boolean bidirectional, int proj, long seed) {
        return LSTM.builder(in, hidden).numLayers(layers).bidirectional(bidirectional).projSize(proj).generator(new Generator(seed)).build();
    }

    @Test void parametersHavePyTorchsNamesOrderShapesAndInitRange() {
        LSTM m = lstm(3, 4, 2, true, 2, 1);
        Map<String, Parameter> ps = m.namedParameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_hr_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1", "weight_hr_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse", "weight_hr_l1_reverse"),
                List.copyOf(ps.keySet()));
        assertArrayEquals(new int[] {16, 3}, ps.get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {16, 2}, ps.get("weight_hh_l0").shape());
        assertArrayEquals(new int[] {2, 4}, ps.get("weight_hr_l0").shape());
        assertArrayEquals(new int[] {16, 4}, ps.get("weight_ih_l1").shape());         // 2 directions × proj 2
        for (Parameter p : ps.values())
            for (float v : p.toFloatArray()) assertTrue(Math.abs(v) <= 0.5f, "U(−1/√4, 1/√4): " + v);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(GRU.builder(2, 3).bias(false).build().stateDict().keySet()));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(new GRUCell(2, 3).stateDict().keySet()));
        assertArrayEquals(new int[] {9, 3}, new GRUCell(2, 3).weightHh.shape());
        assertNotEquals(ps.get("bias_ih_l0").toFloatArray()[0], ps.get("bias_hh_l0").toFloatArray()[0]);
    }

    // A stacked bidirectional LSTM is, layer by layer, a forward and a backward loop of LSTMCells whose outputs are concatenated.
    @Test void aStackedBidirectionalLstmIsALoopOfCells() {
        LSTM m = lstm(3, 4, 2, true, 0, 2);
        int steps = 4, n = 2;
        Tensor x = randn(3, steps, n, 3);
        Tensor[] out = m.forwardOutputs(x);
        Map<String, Parameter> ps = m.namedParameters();
        Tensor layerIn = x;
        for (int layer = 0; layer < 2; layer++) {
            Tensor[][] dirOut = new Tensor[2][steps];
            for (int d = 0; d < 2; d++) {
                String s = "_l" + layer + (d == 1 ? "_reverse" : "");
                LSTMCell cell = new LSTMCell(layer == 0 ? 3 : 8, 4);
                cell.loadStateDict(Map.of("weight_ih", ps.get("weight_ih" + s), "weight_hh", ps.get("weight_hh" + s),
                        "bias_ih", ps.get("bias_ih" + s), "bias_hh", ps.get("bias_hh" + s)), true);
                Tensor h = Tensor.zeros(n, 4), c = Tensor.zeros(n, 4);
                for (int i = 0; i < steps; i++) {
                    int t = d == 0 ? i : steps - 1 - i;
                    Tensor[] hc = cell.forwardOutputs(layerIn.select(0, t), h, c);
                    h = hc[0];
                    c = hc[1];
                    dirOut[d][t] = h;
                }
                assertArrayEquals(h.toFloatArray(), out[1].select(0, layer * 2 + d).toFloatArray(), 1e-6f);
                assertArrayEquals(c.toFloatArray(), out[2].select(0, layer * 2 + d).toFloatArray(), 1e-6f);
            }
            Tensor[] rows = new Tensor[steps];
            for (int t = 0; t < steps; t++) rows[t] = Tensor.cat(new Tensor[] {dirOut[0][t], dirOut[1][t]}, 1);
            layerIn = Tensor.stack(rows, 0);
        }
        assertArrayEquals(layerIn.toFloatArray(), out[0].toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {4, 2, 4}, out[1].shape());
    }

    @Test void batchFirstIsTheTransposedLayoutWithTheSameWeights() {
        GRU tm = GRU.builder(3, 4).numLayers(2).bidirectional(true).generator(new Generator(4)).build();
        GRU bf = GRU.builder(3, 4).numLayers(2).bidirectional(true).batchFirst(true).build();
        bf.loadStateDict(tm.stateDict(), true);
        Tensor x = randn(5, 5, 2, 3), h0 = randn(6, 4, 2, 4);
        Tensor[] a = tm.forwardOutputs(x, h0), b = bf.forwardOutputs(x.transpose(0, 1), h0);
        assertArrayEquals(new int[] {2, 5, 8}, b[0].shape());
        assertArrayEquals(a[0].transpose(0, 1).toFloatArray(), b[0].toFloatArray(), 1e-6f);
        assertArrayEquals(a[1].toFloatArray(), b[1].toFloatArray(), 1e-6f);
    }

    @Test void unbatchedInputsDropTheBatchDimension() {
        LSTM m = lstm(3, 4, 2, true, 2, 7);
        Tensor x = randn(8, 5, 3), h0 = randn(9, 4, 2), c0 = randn(10, 4, 4);
        Tensor[] u = m.forwardOutputs(x, h0, c0), b = m.forwardOutputs(x.unsqueeze(1), h0.unsqueeze(1), c0.unsqueeze(1));
        assertArrayEquals(new int[] {5, 4}, u[0].shape());
        assertArrayEquals(new int[] {4, 2}, u[1].shape());
        assertArrayEquals(new int[] {4, 4}, u[2].shape());
        for (int i = 0; i < 3; i++) assertArrayEquals(b[i].toFloatArray(), u[i].toFloatArray(), 1e-6f);
        RNNCell cell = new RNNCell(3, 2);
        assertArrayEquals(cell.forward(randn(11, 1, 3)).squeeze(0).toFloatArray(), cell.forward(randn(11, 1, 3).squeeze(0)).toFloatArray());
    }

    @Test void forwardGivesTheOutputSequenceSoAnLstmChainsInASequential() {
        LSTM m = lstm(3, 4, 1, false, 0, 12);
        Tensor x = randn(13, 5, 2, 3);
        assertArrayEquals(m.forwardOutputs(x)[0].toFloatArray(), m.forward(x).toFloatArray());
        assertEquals(List.of("output", "h_n", "c_n"), m.outputNames());
        assertEquals(List.of("input", "h_0", "c_0"), m.inputNames());
        assertEquals(List.of("h_1", "c_1"), new LSTMCell(2, 3).outputNames());
        assertEquals(List.of("input", "hx"), new GRUCell(2, 3).inputNames());
        Sequential net = new Sequential(m, new Linear(4, 2));
        assertArrayEquals(new int[] {5, 2, 2}, net.forward(x).shape());
        assertArrayEquals(new int[] {5, 2, 2}, net.outputShape(new int[] {5, 2, 3}));
    }

    @ParameterizedTest @ValueSource(strings = {"RNN", "LSTM", "GRU"})
    void stackedBidirectionalLayersPassGradientsToInputAndStates(String type) {
        Generator g = new Generator(type.hashCode());
        int steps = 2 + (int) g.nextLong(2), n = 1 + (int) g.nextLong(2), in = 1 + (int) g.nextLong(3), hidden = 2 + (int) g.nextLong(2);
        RNNBase m = switch (type) {
            case "RNN" -> RNN.builder(in, hidden).numLayers(2).bidirectional(true).generator(g).build();
            case "LSTM" -> LSTM.builder(in, hidden).numLayers(2).bidirectional(true).projSize(hidden - 1).batchFirst(true).generator(g).build();
            default -> GRU.builder(in, hidden).numLayers(2).bidirectional(true).generator(g).build();
        };
        int p = m.stateSize();
        Tensor x = randn(20, m.batchFirst ? n : steps, m.batchFirst ? steps : n, in).requiresGrad(true);
        Tensor h0 = randn(21, 4, n, p).requiresGrad(true);
        if (type.equals("LSTM")) {
            Tensor c0 = randn(22, 4, n, hidden).requiresGrad(true);
            assertTrue(GradCheck.checkMulti(t -> m.forwardOutputs(t[0], t[1], t[2]), x, h0, c0));
        } else {
            assertTrue(GradCheck.checkMulti(t -> m.forwardOutputs(t[0], t[1]), x, h0));
        }
    }

    @ParameterizedTest @ValueSource(strings = {"RNNCell", "LSTMCell", "GRUCell"})
    void cellsPassGradientsToInputAndStates(String type) {
        Generator g = new Generator(type.hashCode());
        int n = 1 + (int) g.nextLong(3), in = 1 + (int) g.nextLong(3), hidden = 1 + (int) g.nextLong(3);
        Tensor x = randn(30, n, in).requiresGrad(true), h = randn(31, n, hidden).requiresGrad(true), c = randn(32, n, hidden).requiresGrad(true);
        switch (type) {
            case "RNNCell" -> assertTrue(GradCheck.check(t -> new RNNCell(in, hidden, true, "tanh", new Generator(1)).forward(t[0], t[1]), x, h));
            case "GRUCell" -> assertTrue(GradCheck.check(t -> new GRUCell(in, hidden, true, new Generator(1)).forward(t[0], t[1]), x, h));
            default -> assertTrue(GradCheck.checkMulti(t -> new LSTMCell(in, hidden, true, new Generator(1)).forwardOutputs(t[0], t[1], t[2]), x, h, c));
        }
    }

    @Test void weightsGetGradientsThroughEveryLayerAndDirection() {
        LSTM m = lstm(2, 3, 2, true, 0, 40);
        m.forwardOutputs(randn(41, 3, 2, 2))[0].square().sum().backward();
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            assertTrue(e.getValue().grad() != null, e.getKey());
            float max = 0;
            for (float v : e.getValue().grad().toFloatArray()) max = Math.max(max, Math.abs(v));
            assertTrue(max > 0, e.getKey() + " has a zero gradient");
        }
    }

    @Test void dropoutActsBetweenLayersOnlyInTraining() {
        GRU plain = GRU.builder(2, 3).numLayers(2).generator(new Generator(50)).build();
        GRU dropped = GRU.builder(2, 3).numLayers(2).dropout(0.5).generator(new Generator(51)).build();
        dropped.loadStateDict(plain.stateDict(), true);
        Tensor x = randn(52, 4, 2, 2);
        assertNotEquals(plain.forward(x).toFloatArray()[0], dropped.forward(x).toFloatArray()[0]);
        dropped.eval();
        assertArrayEquals(plain.forward(x).toFloatArray(), dropped.forward(x).toFloatArray());
        GRU one = GRU.builder(2, 3).dropout(0.5).build();      // one layer: nothing between layers to drop
        one.loadStateDict(Map.of("weight_ih_l0", plain.stateDict().get("weight_ih_l0"), "weight_hh_l0", plain.stateDict().get("weight_hh_l0"),
                "bias_ih_l0", plain.stateDict().get("bias_ih_l0"), "bias_hh_l0", plain.stateDict().get("bias_hh_l0")), true);
        GRU oneNoDrop = GRU.builder(2, 3).build();
        oneNoDrop.loadStateDict(one.stateDict(), true);
        assertArrayEquals(oneNoDrop.forward(x).toFloatArray(), one.forward(x).toFloatArray());
    }

    @Test void shapeRulesMatchTheForward() {
        LSTM m = LSTM.builder(3, 5).numLayers(2).bidirectional(true).projSize(2).batchFirst(true).build();
        Tensor[] out = m.forwardOutputs(randn(60, 2, 4, 3));
        assertArrayEquals(out[0].shape(), m.outputShape(new int[] {2, 4, 3}));
        assertArrayEquals(new int[] {2, 4, 4}, m.outputShape(new int[] {2, 4, 3}, new int[] {4, 2, 2}, new int[] {4, 2, 5}));
        assertArrayEquals(new int[] {4, 4}, m.outputShape(new int[] {4, 3}));
        assertArrayEquals(new int[] {6, 4}, new GRUCell(2, 4).outputShape(new int[] {6, 2}));
        assertArrayEquals(new GRUCell(2, 4).forward(randn(61, 6, 2)).shape(), new GRUCell(2, 4).outputShape(new int[] {6, 2}));
        var e = assertThrows(IllegalArgumentException.class, () -> m.outputShape(new int[] {2, 4, 3}, new int[] {4, 2, 5}, null));
        assertEquals(m + ": Expected hidden[0] size (4, 2, 2), got [4, 2, 5]", e.getMessage());
    }

    @Test void macsCountInputProjectionRecurrentProductAndProjectionPerLayerAndDirection() {
        // LSTM(128, 256, batch_first=True) over (32, 64, 128): T·N·(in·4H + H·4H)
        LSTM w7 = LSTM.builder(128, 256).batchFirst(true).build();
        assertEquals(64L * 32 * (128 * 1024 + 256 * 1024), w7.macs(new int[] {32, 64, 128}));
        var summary = dev.soma.profile.Summary.of(new Sequential(w7, new Linear(256, 10)), 32, 64, 128);
        assertEquals(64L * 32 * (128 * 1024 + 256 * 1024) + 32L * 64 * 256 * 10, summary.macs());
        assertTrue(summary.toString().contains("0 (LSTM)      [32, 64, 256]"), summary.toString());
        // 2 layers, bidirectional, proj 2, H 5, in 3, T 4, N 2: layer 0 in 3, layer 1 in 4; each step adds H·P
        LSTM m = LSTM.builder(3, 5).numLayers(2).bidirectional(true).projSize(2).build();
        long perStep0 = 3 * 20 + 2 * 20 + 5 * 2, perStep1 = 4 * 20 + 2 * 20 + 5 * 2;
        assertEquals(2 * 4 * 2 * (perStep0 + perStep1), m.macs(new int[] {4, 2, 3}));
        assertEquals(3L * (2 * 12 + 4 * 12), new GRUCell(2, 4).macs(new int[] {3, 2}));
        assertEquals(5L * (3 * 2 + 2 * 2), new RNN(3, 2).macs(new int[] {5, 3}));
    }

    @Test void reprIsPyTorchs() {
        assertEquals("LSTM(128, 256, batch_first=True)", LSTM.builder(128, 256).batchFirst(true).build().toString());
        assertEquals("LSTM(3, 5, proj_size=2, num_layers=2, bias=False, dropout=0.5, bidirectional=True)",
                LSTM.builder(3, 5).projSize(2).numLayers(2).bias(false).dropout(0.5).bidirectional(true).build().toString());
        assertEquals("RNN(4, 3)", RNN.builder(4, 3).nonlinearity("relu").build().toString());
        assertEquals("GRU(2, 3)", new GRU(2, 3).toString());
        assertEquals("RNNCell(2, 3, bias=False, nonlinearity=relu)", new RNNCell(2, 3, false, "relu").toString());
        assertEquals("LSTMCell(2, 3)", new LSTMCell(2, 3).toString());
    }

    @Test void configsRebuildEqualLayers() {
        List<Module> layers = List.of(LSTM.builder(3, 5).projSize(2).numLayers(2).bidirectional(true).batchFirst(true).dropout(0.25).build(),
                RNN.builder(2, 3).nonlinearity("relu").bias(false).build(), new GRU(2, 3), new RNNCell(2, 3, true, "relu"),
                new LSTMCell(2, 3, false), new GRUCell(4, 2));
        for (Module m : layers) {
            Module again = ModuleFactory.build(m.config());
            assertEquals(m.toString(), again.toString());
            assertEquals(m.config().toString(), again.config().toString());
            again.loadStateDict(m.stateDict(), true);
            Tensor x = randn(70, 2, 3, m instanceof RNNCellBase c ? c.inputSize : ((RNNBase) m).inputSize);
            if (m instanceof RNNCellBase) x = x.select(0, 0);
            m.eval();
            again.eval();
            assertArrayEquals(m.forward(x).toFloatArray(), again.forward(x).toFloatArray(), m.toString());
        }
    }

    @Test void badInputsRaisePyTorchsMessagesNamingTheLayer() {
        LSTM lstm = new LSTM(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(4, 1, 3)));
        assertEquals("LSTM(2, 3): input.size(-1) must be equal to input_size. Expected 2, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GRU(4, 3).forward(Tensor.zeros(5, 2, 4), Tensor.zeros(1, 3, 3)));
        assertEquals("GRU(4, 3): Expected hidden size (1, 2, 3), got [1, 3, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RNN.builder(4, 3).nonlinearity("sigmoid").build());
        assertEquals("RNN: Unknown nonlinearity 'sigmoid'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LSTMCell(4, 3).forward(Tensor.zeros(2, 4), Tensor.zeros(2, 5), Tensor.zeros(2, 5)));
        assertEquals("LSTMCell(4, 3): hidden0 has inconsistent hidden_size: got 5, expected 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GRUCell(4, 3).forward(Tensor.zeros(2, 4), Tensor.zeros(3, 3)));
        assertEquals("GRUCell(4, 3): Input batch size 2 doesn't match hidden0 batch size 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(1, 4, 1, 2)));
        assertEquals("LSTM(2, 3): Expected input to be 2-D or 3-D but received 4-D tensor", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(4, 2), Tensor.zeros(1, 1, 3), Tensor.zeros(1, 1, 3)));
        assertEquals("LSTM(2, 3): For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 3-D) tensors", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(4, 1, 2), Tensor.zeros(1, 1, 3)));
        assertEquals("LSTM(2, 3): h_0 and c_0 must be given together (hx = (h_0, c_0)), got only h_0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GRU.builder(4, 3).projSize(2).build());
        assertEquals("GRU: proj_size argument is only supported for LSTM, not RNN or GRU", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(4, 3).projSize(3).build());
        assertEquals("LSTM: proj_size has to be smaller than hidden_size, got proj_size=3 and hidden_size=3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(4, 3).dropout(1.5).build());
        assertTrue(e.getMessage().startsWith("LSTM: dropout should be a number in range [0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(4, 1, 2), Tensor.zeros(1, 1, 3), Tensor.zeros(1, 1, 3),
                Tensor.zeros(1)));
        assertEquals("LSTM(2, 3): takes 1 to 3 inputs (input; optional: h_0, c_0), got 4 inputs", e.getMessage());
    }

    @Test void noGradForwardRecordsNothing() {
        LSTM m = lstm(2, 3, 1, false, 0, 80);
        try (var off = GradMode.noGrad()) {
            Tensor[] out = m.forwardOutputs(randn(81, 2, 1, 2));
            assertNull(out[0].gradFn());
            assertNull(out[2].gradFn());
        }
    }
}
