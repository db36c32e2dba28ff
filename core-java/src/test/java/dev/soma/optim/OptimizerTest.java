package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    private static Tensor param(float... v) { return Tensor.of(v).requiresGrad(true); }

    private static void grad(Tensor p, float... g) { p.setGrad(Tensor.of(g)); }

    @Test
    void sgdStepByHand() {
        Tensor p = param(1f, 2f);
        SGD sgd = new SGD(List.of(p), 0.1, 0.9);
        grad(p, 1f, -1f);
        sgd.step();                                  // buf = g; p -= 0.1 g
        assertArrayEquals(new float[] {0.9f, 2.1f}, p.toFloatArray(), 1e-6f);
        grad(p, 1f, -1f);
        sgd.step();                                  // buf = 0.9 + 1 = 1.9
        assertArrayEquals(new float[] {0.71f, 2.29f}, p.toFloatArray(), 1e-6f);
    }

    @Test
    void sgdOnALargeParameterMatchesTheFormulaWhateverTheThreadCount() {
        int n = LARGE;
        float[][] values = largeCase();
        float[] p0 = values[0], g1 = values[1], g2 = values[2];
        int saved = dev.soma.Soma.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                dev.soma.Soma.setThreads(threads);
                for (double momentum : new double[] {0, 0.9}) {
                    Tensor p = Tensor.of(p0.clone()).requiresGrad(true);
                    SGD sgd = new SGD(List.of(p), 0.1, momentum);
                    p.setGrad(Tensor.of(g1.clone()));
                    sgd.step();
                    p.setGrad(Tensor.of(g2.clone()));
                    sgd.step();
                    float[] got = p.toFloatArray();
                    float mu = (float) momentum;
                    for (int i = 0; i < n; i++) {
                        float b1 = g1[i], b2 = mu == 0 ? g2[i] : mu * b1 + g2[i];
                        float want = p0[i] - 0.1f * b1;
                        want -= 0.1f * b2;
                        assertEquals(want, got[i], 0f, "threads " + threads + ", momentum " + momentum + ", element " + i);
                    }
                }
            }
        } finally {
            dev.soma.Soma.setThreads(saved);
        }
    }

    @Test
    void adamFamilyOnALargeParameterAgreesElementWiseWithASmallOneWhateverTheThreadCount() {
        int n = LARGE;
        int[] probe = {0, 50_001, n - 1};
        float[][] values = largeCase();
        float[] p0 = values[0], g1 = values[1], g2 = values[2];
        int saved = dev.soma.Soma.threads();
        try {
            for (boolean decoupled : new boolean[] {false, true}) {
                float[] reference = null;
                for (int threads : new int[] {1, 2}) {
                    dev.soma.Soma.setThreads(threads);
                    Tensor big = Tensor.of(p0.clone()).requiresGrad(true);
                    Tensor small = Tensor.of(pick(p0, probe)).requiresGrad(true);
                    Optimizer a = decoupled ? new AdamW(List.of(big, small), 0.01) : new Adam(List.of(big, small), 0.01, 0.9, 0.999, 1e-8, 0.1, true, false);
                    for (float[] g : new float[][] {g1, g2}) {
                        big.setGrad(Tensor.of(g.clone()));
                        small.setGrad(Tensor.of(pick(g, probe)));
                        a.step();
                    }
                    float[] got = big.toFloatArray();
                    assertArrayEquals(small.toFloatArray(), pick(got, probe), 0f, "threads " + threads);
                    if (reference == null) reference = got;
                    else assertArrayEquals(reference, got, 0f, "1 and 2 threads, decoupled " + decoupled);
                }
            }
        } finally {
            dev.soma.Soma.setThreads(saved);
        }
    }

    @Test
    void aParameterThatStartsInsideItsStorageIsUpdatedLikeAPlainOne() {
        int n = 10_007;
        float[] p0 = new float[n + 1], g1 = new float[n], g2 = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i + 1] = (float) Math.sin(i);
            g1[i] = (float) Math.cos(0.5 * i);
            g2[i] = (i % 7) - 3f;
        }
        Tensor plain = Tensor.of(java.util.Arrays.copyOfRange(p0, 1, n + 1)).requiresGrad(true);
        // A parameter that starts one element into its storage is updated in a copy and written back.
        Tensor shifted = Tensor.of(p0).narrow(0, 1, n).detach().requiresGrad(true);
        assertEquals(1, shifted.storageOffset());
        Adam adam = new Adam(List.of(plain, shifted), 0.01);
        for (float[] g : new float[][] {g1, g2, g1}) {
            plain.setGrad(Tensor.of(g.clone()));
            shifted.setGrad(Tensor.of(g.clone()));
            adam.step();
        }
        assertArrayEquals(shifted.toFloatArray(), plain.toFloatArray(), 0f);
        assertTrue(plain.toFloatArray()[0] != (float) Math.sin(0) || plain.toFloatArray()[1] != (float) Math.sin(1));
    }

    /** Large enough to split over threads, with an uneven tail. */
    private static final int LARGE = 100_003;

    // A parameter's start values and two gradients of LARGE elements.
    private static float[][] largeCase() {
        float[] p0 = new float[LARGE], g1 = new float[LARGE], g2 = new float[LARGE];
        for (int i = 0; i < LARGE; i++) {
            p0[i] = (float) Math.sin(i);
            g1[i] = (float) Math.cos(0.5 * i);
            g2[i] = (i % 7) - 3f;
        }
        return new float[][] {p0, g1, g2};
    }

    private static float[] pick(float[] values, int[] at) {
        float[] out = new float[at.length];
        for (int i = 0; i < at.length; i++) out[i] = values[at[i]];
        return out;
    }

    @Test
    void adamFirstStepMovesEachWeightByLr() {
        Tensor p = param(1f, -1f);
        Adam adam = new Adam(List.of(p), 0.01);
        grad(p, 3f, -0.5f);
        adam.step();                                 // m̂ = g, v̂ = g² ⇒ step = lr·sign(g) (up to eps)
        assertArrayEquals(new float[] {0.99f, -0.99f}, p.toFloatArray(), 1e-6f);
    }

    @Test
    void paramsWithoutGradAreLeftAlone() {
        Tensor a = param(1f), b = param(2f);
        SGD sgd = new SGD(List.of(a, b), 1.0);
        grad(a, 1f);
        sgd.step();
        assertEquals(0f, a.item());
        assertEquals(2f, b.item());
    }

    @Test
    void groupsHaveTheirOwnHyperParameters() {
        Tensor a = param(1f), b = param(1f);
        SGD sgd = new SGD(List.of(new ParamGroup(List.of(a)).set("lr", 0.5), new ParamGroup(List.of(b))),
                SGD.DEFAULTS.withLr(0.1).toMap());
        grad(a, 1f);
        grad(b, 1f);
        sgd.step();
        assertEquals(0.5f, a.item(), 1e-6f);
        assertEquals(0.9f, b.item(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> sgd.addParamGroup(new ParamGroup(List.of(a))));
    }

    @Test
    void invalidHyperParametersAreRefusedWithPyTorchsWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(1f)), -1.0));
        assertEquals("Invalid learning rate: -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(param(1f)), 0.1, 1.0, 0.9, 1e-8, 0, false, false));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(1f)), 0.1, 0, 0.5, 0, true, false));
        assertThrows(IllegalArgumentException.class, () -> OptimizerFactory.create("Adam", List.of(new ParamGroup(List.of(param(1f)))),
                Map.of("momentum", 0.9)));
    }

    /** Training on, after restoring a state dict into a fresh optimizer, matches an uninterrupted run bit for bit. */
    @Test
    void everyOptimizerResumesExactlyFromItsStateDict() {
        for (String name : OptimizerFactory.names()) {
            Generator g = new Generator(11);
            float[][] grads = new float[8][];
            for (int i = 0; i < grads.length; i++) grads[i] = Tensor.randn(g, 5).toFloatArray();
            float[] init = Tensor.randn(g, 5).toFloatArray();

            Tensor p1 = param(init.clone());
            Optimizer o1 = OptimizerFactory.create(name, List.of(new ParamGroup(List.of(p1))), Map.of("lr", 0.01));
            for (float[] gr : grads) { grad(p1, gr); o1.step(); }

            Tensor p2 = param(init.clone());
            Optimizer o2 = OptimizerFactory.create(name, List.of(new ParamGroup(List.of(p2))), Map.of("lr", 0.01));
            for (int i = 0; i < 4; i++) { grad(p2, grads[i]); o2.step(); }
            OptimizerState saved = o2.stateDict();
            Tensor p3 = param(p2.toFloatArray());
            Optimizer o3 = OptimizerFactory.create(name, List.of(new ParamGroup(List.of(p3))), Map.of("lr", 0.5));
            o3.loadStateDict(saved);
            assertEquals(0.01, o3.paramGroups().get(0).lr(), name + ": options restored");
            for (int i = 4; i < 8; i++) { grad(p3, grads[i]); o3.step(); }
            assertArrayEquals(p1.toFloatArray(), p3.toFloatArray(), name + " resumes exactly");
        }
    }

    @Test
    void stateDictSnapshotsAreCopies() {
        Tensor p = param(1f);
        SGD sgd = new SGD(List.of(p), 0.1, 0.9);
        grad(p, 1f);
        sgd.step();
        OptimizerState s = sgd.stateDict();
        grad(p, 1f);
        sgd.step();
        assertEquals(1f, ((Tensor) s.state().get(0).get("momentum_buffer")).item());
        assertArrayEquals(new int[] {0}, (int[]) s.paramGroups().get(0).get("params"));
    }

    @Test
    void clipGradNormScalesAllGradientsTogether() {
        Tensor a = param(0f, 0f), b = param(0f);
        grad(a, 3f, 0f);
        grad(b, 4f);
        double total = GradClip.clipGradNorm(List.of(a, b), 1.0);
        assertEquals(5.0, total, 1e-6);
        assertArrayEquals(new float[] {0.6f, 0f}, a.grad().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0.8f}, b.grad().toFloatArray(), 1e-5f);
        grad(a, 3f, -7f);
        assertEquals(7.0, GradClip.clipGradNorm(List.of(a), 100, Double.POSITIVE_INFINITY, false), 1e-6);
        assertArrayEquals(new float[] {3f, -7f}, a.grad().toFloatArray());
    }

    @Test
    void clipGradValueClamps() {
        Tensor a = param(0f, 0f, 0f);
        grad(a, -3f, 0.5f, 2f);
        GradClip.clipGradValue(List.of(a), 1.0);
        assertArrayEquals(new float[] {-1f, 0.5f, 1f}, a.grad().toFloatArray());
    }

    @Test
    void nonFiniteNormFailsWhenAsked() {
        Tensor a = param(0f);
        grad(a, Float.NaN);
        assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(List.of(a), 1.0, 2.0, true));
    }

    @Test
    void weightDecayModes() {
        Tensor a = param(1f), w = param(1f);
        Adam adam = new Adam(List.of(a), 0.1, 0.9, 0.999, 1e-8, 0.5, false, false);
        AdamW adamw = new AdamW(List.of(w), 0.1, 0.9, 0.999, 1e-8, 0.5, false, false);
        grad(a, 0f);
        grad(w, 0f);
        adam.step();
        adamw.step();
        assertEquals(0.9f, a.item(), 1e-5f);          // L2: g = 0.5 → Adam moves by lr
        assertEquals(0.95f, w.item(), 1e-6f);         // decoupled: p·(1 − 0.1·0.5), zero Adam step
        assertTrue(new Lion(List.of(param(1f))).toString().contains("Parameter Group 0"));
    }
}
