package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayersTest {
    @Test
    void dropoutZeroesAboutPAndScalesTheRestInTraining() {
        Dropout d = new Dropout(0.25, new Generator(5));
        Tensor y = d.forward(Tensor.ones(10_000));
        int zeros = 0;
        for (float v : y.toFloatArray()) {
            if (v == 0f) zeros++;
            else assertEquals(1f / 0.75f, v, 1e-6f);
        }
        assertTrue(Math.abs(zeros - 2500) < 200, "about a quarter dropped: " + zeros);
    }

    @Test
    void dropoutIsIdentityInEvalAndSeeded() {
        Dropout d = new Dropout(0.5);
        d.eval();
        Tensor x = Tensor.randn(3, 4);
        assertSame(x, d.forward(x));
        Tensor a = new Dropout(0.5, new Generator(9)).forward(Tensor.ones(50));
        Tensor b = new Dropout(0.5, new Generator(9)).forward(Tensor.ones(50));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    }

    @Test
    void dropoutGradientUsesTheSameMask() {
        Tensor x = Tensor.ones(100).requiresGrad(true);
        Tensor y = new Dropout(0.5, new Generator(2)).forward(x);
        y.sum().backward();
        assertArrayEquals(y.toFloatArray(), x.grad().toFloatArray());
    }

    @Test
    void embeddingLooksUpRowsForAnyIndexShape() {
        Embedding e = new Embedding(4, 2);
        e.loadStateDict(Map.of("weight", Tensor.of(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2)), true);
        Tensor y = e.forward(Tensor.ofLongs(new long[] {3, 0, 3, 1}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new float[] {30, 31, 0, 1, 30, 31, 10, 11}, y.toFloatArray());
    }

    @Test
    void embeddingGradientsAccumulateRepeatsSkipPaddingAndScaleByFrequency() {
        Embedding e = new Embedding(3, 2, -1, null, 2.0, false);     // padding_idx -1 is row 2
        assertEquals(2, e.paddingIdx);
        assertArrayEquals(new float[] {0, 0}, e.weight.select(0, 2).toFloatArray());
        e.forward(Tensor.ofLongs(new long[] {0, 0, 2, 1}, 4)).sum().backward();
        assertArrayEquals(new float[] {2, 2, 1, 1, 0, 0}, e.weight.grad().toFloatArray());

        Embedding f = new Embedding(3, 1, null, null, 2.0, true);
        f.forward(Tensor.ofLongs(new long[] {0, 0, 0, 1}, 4)).sum().backward();
        assertArrayEquals(new float[] {1, 1, 0}, f.weight.grad().toFloatArray());
    }

    @Test
    void embeddingMaxNormRenormalisesLookedUpRows() {
        Embedding e = new Embedding(2, 2, null, 1.0, 2.0, false);
        e.loadStateDict(Map.of("weight", Tensor.of(new float[] {3, 4, 0.3f, 0.4f}, 2, 2)), true);
        Tensor y = e.forward(Tensor.ofLongs(new long[] {0, 1}, 2));
        assertArrayEquals(new float[] {0.6f, 0.8f, 0.3f, 0.4f}, y.toFloatArray(), 1e-5f);
    }

    @Test
    void embeddingRejectsBadIndices() {
        Embedding e = new Embedding(3, 2);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.ofLongs(new long[] {3}, 1)));
        assertTrue(ex.getMessage().contains("index 3 is out of range for 3 embeddings"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.of(1f)));
    }

    @Test
    void bilinearByHandAndGradcheck() {
        Bilinear b = new Bilinear(2, 2, 1);
        b.loadStateDict(Map.of("weight", Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2), "bias", Tensor.of(0.5f)), true);
        Tensor y = b.forward(Tensor.of(new float[] {1, 1}, 1, 2), Tensor.of(new float[] {1, 0}, 1, 2));
        assertArrayEquals(new float[] {4.5f}, y.toFloatArray());              // x1ᵀ W x2 = 1 + 3, + 0.5
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(1, 2)));
        assertTrue(e.getMessage().startsWith("Bilinear(in1_features=2") && e.getMessage().contains("takes 2 inputs (input1, input2), got 1"),
                e.getMessage());
        assertArrayEquals(new float[] {4.5f}, b.forward(new Tensor[] {Tensor.of(new float[] {1, 1}, 1, 2), Tensor.of(new float[] {1, 0}, 1, 2)})
                .toFloatArray());                                               // the general entry point gives the same
        assertTrue(GradCheck.check(in -> b.forward(in[0], in[1]),
                Tensor.randn(3, 2).requiresGrad(true), Tensor.randn(3, 2).requiresGrad(true)));
    }

    @Test
    void activationModulesApplyTheirFunctionWithTheirArguments() {
        Tensor x = Tensor.of(-2f, -0.5f, 0.5f, 3f);
        assertArrayEquals(new float[] {0, 0, 0.5f, 3}, new ReLU().forward(x).toFloatArray());
        assertArrayEquals(new float[] {-0.4f, -0.1f, 0.5f, 3}, new LeakyReLU(0.2).forward(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-1, -0.5f, 0.5f, 1}, new Hardtanh().forward(x).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 3}, new Threshold(1, 0).forward(x).toFloatArray());
        assertArrayEquals(new float[] {1, 1}, new Softmax(1).forward(Tensor.zeros(2, 3)).sum(1).toFloatArray(), 1e-6f);
        assertEquals((float) Math.log(1.0 / 3), new LogSoftmax(-1).forward(Tensor.zeros(3)).get(0), 1e-6f);
        assertEquals(0.5f, new Sigmoid().forward(Tensor.scalar(0f)).item(), 0f);
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
    }

    @Test
    void preluLearnsOneSlopePerChannel() {
        PReLU p = new PReLU(2, 0.25);
        assertArrayEquals(new float[] {0.25f, 0.25f}, p.weight.toFloatArray());
        Tensor x = Tensor.of(new float[] {-4, 1, -2, -8}, 2, 2);    // channels along dim 1
        Tensor y = p.forward(x);
        assertArrayEquals(new float[] {-1, 1, -0.5f, -2}, y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new float[] {-6, -8}, p.weight.grad().toFloatArray(), "dy/da = x where x < 0, summed per channel");
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(p.stateDict().keySet()));
        assertThrows(IllegalArgumentException.class, () -> p.forward(Tensor.zeros(2, 3)));
    }

    @Test
    void everyRegisteredActivationAndLossRebuildsFromItsConfig() {
        Module[] modules = {new ReLU(), new ReLU6(), new LeakyReLU(0.3), new ELU(0.7), new SELU(), new CELU(1.5), new GELU("tanh"),
                new SiLU(), new Mish(), new Sigmoid(), new Tanh(), new Softplus(2, 10), new Hardtanh(-2, 3), new Hardsigmoid(),
                new Hardswish(), new Softsign(), new LogSigmoid(), new PReLU(3, 0.1), new GLU(1), new Softmax(0), new LogSoftmax(2),
                new Threshold(0.1, 20), new Hardshrink(0.3), new Softshrink(0.2), new Tanhshrink(), new Maxout(3, 2, 4)};
        for (Module m : modules) {
            Module rebuilt = ModuleFactory.build(m.config());
            assertEquals(m.config(), rebuilt.config(), m.typeName());
            assertEquals(m.toString(), rebuilt.toString(), m.typeName());
            assertEquals(m.stateDict().keySet(), rebuilt.stateDict().keySet(), m.typeName());
        }
    }

    @Test
    void residualAddsTheShortcutAndChecksShapes() {
        Linear body = new Linear(3, 3), proj = new Linear(3, 2);
        Tensor x = Tensor.randn(new Generator(1), 4, 3);
        Residual r = new Residual(body);
        assertArrayEquals(body.forward(x).add(x).toFloatArray(), r.forward(x).toFloatArray(), 1e-6f);
        assertEquals(java.util.List.of("body.weight", "body.bias"), java.util.List.copyOf(r.stateDict().keySet()));
        Residual projected = new Residual(new Linear(3, 2), proj);
        assertArrayEquals(new int[] {4, 2}, projected.outputShape(new int[] {4, 3}));
        assertEquals(4L * 3 * 2 * 2, projected.macs(new int[] {4, 3}));
        var e = assertThrows(IllegalArgumentException.class, () -> new Residual(new Linear(3, 2)).outputShape(new int[] {4, 3}));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[4, 3]") && e.getMessage().contains("projection"), e.getMessage());
        assertEquals(projected.config(), ModuleFactory.build(projected.config()).config());
    }

    @Test
    void parallelConcatenatesOrAddsItsBranches() {
        Linear a = new Linear(3, 2), b = new Linear(3, 4);
        Tensor x = Tensor.randn(new Generator(2), 5, 3);
        Parallel cat = new Parallel(Parallel.Merge.CONCAT, 1, java.util.List.of(a, b));
        assertArrayEquals(Tensor.cat(new Tensor[] {a.forward(x), b.forward(x)}, 1).toFloatArray(), cat.forward(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {5, 6}, cat.outputShape(new int[] {5, 3}));
        Parallel add = new Parallel(Parallel.Merge.ADD, 1, java.util.List.of(new Linear(3, 2), new Linear(3, 2)));
        assertArrayEquals(new int[] {5, 2}, add.forward(x).shape());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Parallel(Parallel.Merge.ADD, 1, java.util.List.of(a, b)).outputShape(new int[] {5, 3}));
        assertTrue(e.getMessage().contains("branch 1 gives [5, 4]"), e.getMessage());
        assertEquals(cat.config(), ModuleFactory.build(cat.config()).config());
        assertEquals(java.util.List.of("0.weight", "0.bias", "1.weight", "1.bias"), java.util.List.copyOf(cat.stateDict().keySet()));
    }

    @Test
    void sequentialLayersMayBeNamed() {
        Sequential s = new Sequential().add("stem", new Linear(2, 3)).add(new ReLU()).add("head", new Linear(3, 1));
        assertEquals(java.util.List.of("stem.weight", "stem.bias", "head.weight", "head.bias"), java.util.List.copyOf(s.stateDict().keySet()));
        Module rebuilt = ModuleFactory.build(s.config());
        assertEquals(s.stateDict().keySet(), rebuilt.stateDict().keySet());
        assertThrows(IllegalArgumentException.class, () -> s.add("stem", new ReLU()));
    }

    @Test
    void maxoutTakesTheLargestOfEachUnitsPieces() {
        Maxout m = new Maxout(2, 2, 3);
        // unit 0 owns rows 0..2, unit 1 rows 3..5
        Map<String, Tensor> state = Map.of(
                "weight", Tensor.of(new float[] {1, 0, 0, 1, -1, 0, 2, 2, 0, 0, 0, -3}, 6, 2),
                "bias", Tensor.of(0f, 0f, 0f, 0f, 0.5f, 0f));
        m.loadStateDict(state, true);
        Tensor x = Tensor.of(new float[] {1, 2, -1, -2}, 2, 2).requiresGrad(true);
        Tensor y = m.forward(x);
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {2, 6, 1, 6}, y.toFloatArray(), 1e-6f);
        y.sum().backward();
        // rows picked: (1, 3), (2, 5): the weight gradient lands on those rows only
        assertArrayEquals(new float[] {0, 0, 1, 2, -1, -2, 1, 2, 0, 0, -1, -2}, m.weight.grad().toFloatArray(), 1e-6f);
        assertTrue(GradCheck.check(in -> m.forward(in[0]), Tensor.of(new float[] {1, 2, -1, -2}, 2, 2).requiresGrad(true)));
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().contains("Maxout") && e.getMessage().contains("[4, 3]"), e.getMessage());
        assertEquals(18, m.parameterCount());
    }

    @Test
    void configRoundTripOfEveryLayerHere() {
        for (Module m : new Module[] {new Dropout(0.3), new Embedding(5, 3, 1, 2.0, 1.0, true), new Bilinear(2, 3, 4, false)}) {
            Module r = ModuleFactory.build(m.config());
            assertEquals(m.config(), r.config());
            assertEquals(m.toString(), r.toString());
        }
    }
}
