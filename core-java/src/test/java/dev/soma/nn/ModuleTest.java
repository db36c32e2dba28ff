package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential mlp() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(3072, 100, true, g), new Identity(), new Linear(100, 10, true, g));
    }

    @Test
    void namesFollowPyTorch() {
        Sequential m = mlp();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(m.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(List.of("", "0", "1", "2"), new ArrayList<>(m.namedModules().keySet()));
        assertEquals(308_310, m.parameterCount());
    }

    @Test
    void reprIsPyTorchs() {
        assertEquals("Sequential(\n"
                + "  (0): Linear(in_features=3072, out_features=100, bias=True)\n"
                + "  (1): Identity()\n"
                + "  (2): Linear(in_features=100, out_features=10, bias=True)\n"
                + ")", mlp().toString());
    }

    @Test
    void linearComputesXWtPlusBByHand() {
        Linear l = new Linear(2, 2);
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        s.put("bias", Tensor.of(10f, 20f));
        l.loadStateDict(s, true);
        Tensor y = l.forward(Tensor.of(new float[] {1, 1, 0, 1}, 2, 2));
        assertArrayEquals(new float[] {13, 27, 12, 24}, y.toFloatArray());
    }

    @Test
    void linearDefaultInitIsBoundedByOneOverSqrtFanIn() {
        Linear l = new Linear(400, 300, true, new Generator(3));
        float bound = (float) (1 / Math.sqrt(400));
        float max = 0;
        for (float v : l.weight.toFloatArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.95f * bound, "weights fill U(-1/sqrt(in), 1/sqrt(in)): max " + max);
        for (float v : l.bias.toFloatArray()) assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void linearShapeErrorNamesTheLayerAndBothShapes() {
        Linear l = new Linear(3072, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(64, 784)));
        assertTrue(e.getMessage().contains("Linear(in_features=3072, out_features=100"), e.getMessage());
        assertTrue(e.getMessage().contains("(*, 3072)") && e.getMessage().contains("[64, 784]"), e.getMessage());
    }

    @Test
    void stateDictRoundTripCopiesValues() {
        Sequential a = mlp(), b = new Sequential(new Linear(3072, 100), new Identity(), new Linear(100, 10));
        Map<String, Tensor> snapshot = new LinkedHashMap<>();
        a.stateDict().forEach((k, v) -> snapshot.put(k, v.contiguousCopy()));
        b.loadStateDict(snapshot, true);
        b.stateDict().forEach((k, v) -> assertArrayEquals(snapshot.get(k).toFloatArray(), v.toFloatArray(), k));
        assertNotSame(a.stateDict().get("0.weight"), b.stateDict().get("0.weight"));
        Tensor x = Tensor.randn(2, 3072);
        assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray());
    }

    @Test
    void strictLoadingListsEveryProblemInOneMessage() {
        Sequential m = mlp();
        Map<String, Tensor> s = new LinkedHashMap<>(m.stateDict());
        s.remove("0.bias");
        s.put("3.weight", Tensor.zeros(1));
        s.put("2.weight", Tensor.zeros(10, 99));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(s, true));
        String msg = e.getMessage();
        assertTrue(msg.contains("Missing key(s) in state_dict: \"0.bias\""), msg);
        assertTrue(msg.contains("Unexpected key(s) in state_dict: \"3.weight\""), msg);
        assertTrue(msg.contains("size mismatch for 2.weight: copying a param with shape [10, 99], the shape in current model is [10, 100]"), msg);
    }

    @Test
    void nonStrictLoadingReportsWhatItSkipped() {
        Sequential m = mlp();
        Map<String, Tensor> s = new LinkedHashMap<>(m.stateDict());
        s.remove("0.bias");
        s.put("extra", Tensor.zeros(1));
        Module.LoadResult r = m.loadStateDict(s, false);
        assertEquals(List.of("0.bias"), r.missingKeys());
        assertEquals(List.of("extra"), r.unexpectedKeys());
    }

    @Test
    void trainAndEvalPropagateToEveryDescendant() {
        Sequential m = mlp();
        m.eval();
        for (Module c : m.modules()) assertFalse(c.isTraining());
        m.train();
        for (Module c : m.modules()) assertTrue(c.isTraining());
    }

    @Test
    void freezingTurnsOffGradients() {
        Sequential m = mlp();
        ((Linear) m.get(0)).requiresGrad(false);
        assertEquals(1010, m.trainableParameterCount());
        Tensor y = m.forward(Tensor.randn(2, 3072)).sum();
        y.backward();
        assertEquals(null, ((Linear) m.get(0)).weight.grad());
        assertTrue(((Linear) m.get(2)).weight.grad() != null);
        m.zeroGrad();
        assertEquals(null, ((Linear) m.get(2)).weight.grad());
    }

    @Test
    void applyVisitsChildrenBeforeTheParent() {
        List<String> seen = new ArrayList<>();
        mlp().apply(mod -> seen.add(mod.typeName()));
        assertEquals(List.of("Linear", "Identity", "Linear", "Sequential"), seen);
    }

    @Test
    void configRebuildsTheSameArchitecture() {
        Sequential m = new Sequential(new Linear(4, 3, false), new Flatten(0, -1), new Unflatten(0, 2, -1));
        Config c = m.config();
        Module rebuilt = ModuleFactory.build(c);
        assertEquals(c, rebuilt.config());
        assertEquals(m.toString(), rebuilt.toString());
        ModuleDict d = new ModuleDict();
        d.put("enc", new Linear(2, 2));
        d.put("list", new ModuleList(new Identity(), new Linear(1, 1)));
        assertEquals(d.config(), ModuleFactory.build(d.config()).config());
        assertEquals(List.of("enc.weight", "enc.bias", "list.1.weight", "list.1.bias"), new ArrayList<>(d.stateDict().keySet()));
    }

    @Test
    void unknownLayerTypeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModuleFactory.build(Config.of("Evil")));
        assertTrue(e.getMessage().contains("unknown layer type 'Evil'"), e.getMessage());
    }

    @Test
    void flattenAndUnflatten() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 2, 2}, new Unflatten(-1, 2, 2).forward(x).shape());
    }

    // ---------------------------------------------------------------- several inputs

    private static PairScore pairScore() {
        PairScore m = new PairScore(2, 2);
        m.loadStateDict(Map.of("weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)), true);
        return m;
    }

    @Test
    void aTwoInputModuleComputesByHand() {
        PairScore m = pairScore();
        Tensor x1 = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2), x2 = Tensor.of(new float[] {1, 1, 2, 0}, 2, 2);
        // row 0: [1, 0]·W = [1, 2], ·[1, 1] = 3; row 1: [0, 1]·W = [3, 4], ·[2, 0] = 6
        assertArrayEquals(new float[] {3, 6}, m.forward(x1, x2).toFloatArray());
        assertArrayEquals(new float[] {6, 3}, m.forward(x1, x2, Tensor.of(2f, 0.5f)).toFloatArray());
        assertArrayEquals(new float[] {3, 6}, m.forward(x1, x2, null).toFloatArray());      // an absent optional input
        Module asModule = m;                                                                   // through the base type
        assertArrayEquals(new float[] {3, 6}, asModule.forward(new Tensor[] {x1, x2}).toFloatArray());
    }

    @Test
    void aTwoInputModuleHasAShapeRuleAndMacs() {
        PairScore m = pairScore();
        assertArrayEquals(new int[] {5}, m.outputShape(new int[] {5, 2}, new int[] {5, 2}));
        assertArrayEquals(new int[] {5}, m.outputShape(new int[] {5, 2}, new int[] {5, 2}, null));
        assertArrayEquals(new int[] {5}, m.outputShape(new int[] {5, 2}, new int[] {5, 2}, new int[] {5}));
        assertEquals(5L * 2 * 2 + 5 * 2, m.macs(new int[] {5, 2}, new int[] {5, 2}));
        Tensor y = m.forward(Tensor.zeros(5, 2), Tensor.zeros(5, 2));
        assertArrayEquals(y.shape(), m.outputShape(new int[] {5, 2}, new int[] {5, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.outputShape(new int[] {5, 2}, new int[] {4, 2}));
        assertTrue(e.getMessage().startsWith("PairScore(in1=2, in2=2): expected (N, 2) and (N, 2), got [5, 2] and [4, 2]"), e.getMessage());
    }

    @Test
    void wrongArityNamesTheLayerAndItsInputs() {
        PairScore m = pairScore();
        Tensor x = Tensor.zeros(1, 2);
        String takes = "PairScore(in1=2, in2=2): takes 2 to 3 inputs (x1, x2; optional: scale), got ";
        assertEquals(takes + "1 input", assertThrows(IllegalArgumentException.class, () -> m.forward(x)).getMessage());
        assertEquals(takes + "4 inputs", assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, x, x)).getMessage());
        assertEquals(takes + "0 inputs", assertThrows(IllegalArgumentException.class, () -> m.forward()).getMessage());
        assertEquals(takes + "1 input shape", assertThrows(IllegalArgumentException.class, () -> m.outputShape(new int[] {1, 2})).getMessage());
        assertEquals(takes + "1 input shape", assertThrows(IllegalArgumentException.class, () -> m.macs(new int[] {1, 2})).getMessage());
        assertEquals("PairScore(in1=2, in2=2): input 'x2' must not be null",
                assertThrows(IllegalArgumentException.class, () -> m.forward(x, null)).getMessage());
        assertEquals("PairScore(in1=2, in2=2): the shape of input 'x2' must not be null",
                assertThrows(IllegalArgumentException.class, () -> m.outputShape(new int[] {1, 2}, null)).getMessage());
        Linear single = new Linear(2, 3);
        assertEquals("Linear(in_features=2, out_features=3, bias=True): takes 1 input (input), got 2 inputs",
                assertThrows(IllegalArgumentException.class, () -> single.forward(x, x)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mlp().forward(x, x)).getMessage()
                .startsWith("Sequential: takes 1 input (input), got 2 inputs"));
    }

    @Test
    void singleInputLayersTakeTheGeneralEntryPointsUnchanged() {
        Linear l = new Linear(2, 2);
        l.loadStateDict(Map.of("weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), "bias", Tensor.of(10f, 20f)), true);
        Tensor x = Tensor.of(new float[] {1, 1, 0, 1}, 2, 2);
        assertArrayEquals(new float[] {13, 27, 12, 24}, l.forward(new Tensor[] {x}).toFloatArray());
        assertArrayEquals(new int[] {7, 2}, l.outputShape(new int[][] {{7, 2}}));
        assertEquals(7 * 2 * 2, l.macs(new int[][] {{7, 2}}));
        Sequential s = new Sequential(l, new ReLU());
        assertArrayEquals(s.forward(x).toFloatArray(), s.forward(new Tensor[] {x}).toFloatArray());
        assertEquals(List.of("input"), s.inputNames());
    }

    @Test
    void aLayerWithOneRequiredInputTakesTheOneArgumentForward() {
        // as TransformerEncoderLayer(src, src_mask=None, …): forward(x) goes on to forward(Tensor...)
        Module m = new Module() {
            @Override public List<String> inputNames() { return List.of("src", "src_mask"); }
            @Override public int requiredInputs() { return 1; }
            @Override public Tensor forward(Tensor... in) {
                checkInputs(in);
                return in.length > 1 && in[1] != null ? in[0].mul(in[1]) : in[0].mul(2f);
            }
            @Override public int[] outputShape(int[]... shapes) {
                checkInputShapes(shapes);
                return shapes[0].clone();
            }
            @Override public Config config() { return Config.of("Masked"); }
        };
        assertArrayEquals(new float[] {2, 4}, m.forward(Tensor.of(1f, 2f)).toFloatArray());
        assertArrayEquals(new float[] {3, 8}, m.forward(Tensor.of(1f, 2f), Tensor.of(3f, 4f)).toFloatArray());
        assertArrayEquals(new int[] {4, 3}, m.outputShape(new int[] {4, 3}));
        assertEquals(0, m.macs(new int[] {4, 3}));
    }

    // ---------------------------------------------------------------- several outputs

    @Test
    void aLayerWithSeveralOutputsGivesThemAllAndForwardGivesTheFirst() {
        // as an RNN cell with (h, c): forwardOutputs returns both, forward the first, and a Sequential passes the first on
        Module twoOut = new Module() {
            @Override public List<String> outputNames() { return List.of("sum", "product"); }
            @Override public Tensor[] forwardOutputs(Tensor... in) {
                checkInputs(in);
                return new Tensor[] {in[0].add(1f), in[0].mul(3f)};
            }
            @Override public int[] outputShape(int[] s) { return s.clone(); }
            @Override public Config config() { return Config.of("TwoOut"); }
        };
        Tensor x = Tensor.of(1f, 2f);
        Tensor[] both = twoOut.forwardOutputs(x);
        assertEquals(2, both.length);
        assertArrayEquals(new float[] {2, 3}, both[0].toFloatArray());
        assertArrayEquals(new float[] {3, 6}, both[1].toFloatArray());
        assertArrayEquals(new float[] {2, 3}, twoOut.forward(x).toFloatArray());
        assertArrayEquals(new float[] {2, 3}, twoOut.forward(new Tensor[] {x}).toFloatArray());
        Linear doubling = new Linear(2, 2, false);
        doubling.loadStateDict(Map.of("weight", Tensor.of(new float[] {2, 0, 0, 2}, 2, 2)), true);
        assertArrayEquals(new float[] {4, 6}, new Sequential(twoOut, doubling).forward(x).toFloatArray());
        // a one-output layer gives its forward as the only output
        Linear l = new Linear(2, 3);
        assertEquals(List.of("output"), l.outputNames());
        assertArrayEquals(l.forward(x).toFloatArray(), l.forwardOutputs(x)[0].toFloatArray());
        assertEquals(1, l.forwardOutputs(x).length);
    }
}
