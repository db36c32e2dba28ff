package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LossesTest {
    private static final Reduction MEAN = Reduction.MEAN, SUM = Reduction.SUM, NONE = Reduction.NONE;

    private static Tensor longs(long... v) { return Tensor.ofLongs(v, v.length); }

    @Test
    void regressionLossesByHand() {
        Tensor x = Tensor.of(1f, 2f, 5f), y = Tensor.of(1f, 4f, 2f);
        assertEquals((0 + 4 + 9) / 3f, Functional.mseLoss(x, y, MEAN).item(), 1e-6f);
        assertEquals(5f, Functional.l1Loss(x, y, SUM).item(), 1e-6f);
        assertArrayEquals(new float[] {0, 1.5f, 2.5f}, Functional.smoothL1Loss(x, y, NONE, 1.0).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 1f, 2f}, Functional.smoothL1Loss(x, y, NONE, 2.0).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 1.5f, 2.5f}, Functional.huberLoss(x, y, NONE, 1.0).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 2f, 4f}, Functional.huberLoss(x, y, NONE, 2.0).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 2f, 3f}, Functional.smoothL1Loss(x, y, NONE, 0.0).toFloatArray(), 1e-6f, "beta 0 is L1");
    }

    @Test
    void crossEntropyEqualsNllOfLogSoftmaxAndSurvivesHugeLogits() {
        Tensor logits = Tensor.of(new float[] {2, 1, 0, 0, 0, 3}, 2, 3);
        Tensor target = longs(0, 2);
        double row0 = -(2 - Math.log(Math.exp(2) + Math.exp(1) + 1)), row1 = -(3 - Math.log(2 + Math.exp(3)));
        assertEquals((float) ((row0 + row1) / 2), Functional.crossEntropy(logits, target).item(), 1e-6f);
        assertEquals(Functional.nllLoss(logits.logSoftmax(1), target, null, -100, MEAN).item(),
                Functional.crossEntropy(logits, target).item(), 1e-6f);
        Tensor huge = Tensor.of(new float[] {1000, -1000}, 1, 2);
        assertEquals(0f, Functional.crossEntropy(huge, longs(0)).item(), 1e-6f);
        assertEquals(2000f, Functional.crossEntropy(huge, longs(1)).item(), 1e-3f, "no log(0): the loss stays finite");
    }

    @Test
    void crossEntropyWeightsIgnoreIndexAndSmoothing() {
        Tensor logits = Tensor.of(new float[] {0, 0, 0, 0, 0, 0}, 3, 2);    // log p = −ln 2 everywhere
        Tensor w = Tensor.of(1f, 3f);
        float ln2 = (float) Math.log(2);
        // weighted mean divides by Σ w_y: (1 + 3) ln2 / (1 + 3)
        assertEquals(ln2, Functional.crossEntropy(logits, longs(0, 1, -100), w, -100, MEAN, 0).item(), 1e-6f);
        assertEquals(4 * ln2, Functional.crossEntropy(logits, longs(0, 1, -100), w, -100, SUM, 0).item(), 1e-6f);
        assertArrayEquals(new float[] {ln2, 3 * ln2, 0}, Functional.crossEntropy(logits, longs(0, 1, -1), w, -1, NONE, 0)
                .toFloatArray(), 1e-6f);
        Tensor ignored = Functional.crossEntropy(logits, longs(1, 1, 0), null, 1, NONE, 0);
        assertArrayEquals(new float[] {0, 0, ln2}, ignored.toFloatArray(), 1e-6f);
        // with uniform predictions smoothing changes nothing: every class has the same −log p
        assertEquals(ln2, Functional.crossEntropy(logits, longs(0, 1, 0), null, -100, MEAN, 0.3).item(), 1e-6f);
        Tensor probs = Tensor.of(new float[] {1, 0, 0.5f, 0.5f, 0, 1}, 3, 2);
        assertEquals(ln2, Functional.crossEntropy(logits, probs, null, -100, MEAN, 0).item(), 1e-6f);
    }

    @Test
    void crossEntropyOverSpatialDimsMatchesTheFlattenedForm() {
        Tensor x = Tensor.randn(new Generator(3), 2, 4, 3, 2);
        Tensor t = Tensor.randint(new Generator(4), 0, 4, 2, 3, 2);
        Tensor flat = x.permute(0, 2, 3, 1).reshape(-1, 4);
        assertEquals(Functional.crossEntropy(flat, t.reshape(-1)).item(), Functional.crossEntropy(x, t).item(), 1e-6f);
        assertArrayEquals(new int[] {2, 3, 2}, Functional.crossEntropy(x, t, null, -100, NONE, 0.1).shape());
        Tensor single = Functional.crossEntropy(Tensor.of(0f, 0f), Tensor.ofLongs(new long[] {1}), null, -100, MEAN, 0);
        assertEquals((float) Math.log(2), single.item(), 1e-6f, "unbatched (C) input with a 0-d target");
    }

    @Test
    void badTargetsAreReportedClearly() {
        Tensor x = Tensor.zeros(3, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(x, longs(0, 6, 1)));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("4 classes"), e.getMessage());
        var p = assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(x, Tensor.zeros(3, 5)));
        assertTrue(p.getMessage().contains("[3, 5]") && p.getMessage().contains("[3, 4]"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.nllLoss(x, longs(0, -1, 1), null, -100, MEAN));
        assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(x, longs(0, 1)));
        var b = assertThrows(IllegalArgumentException.class, () -> Functional.binaryCrossEntropy(x, Tensor.zeros(3, 5), null, MEAN));
        assertTrue(b.getMessage().contains("[3, 5]"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.binaryCrossEntropy(Tensor.of(1.5f), Tensor.of(1f), null, MEAN));
        assertThrows(IllegalArgumentException.class, () -> Functional.multiMarginLoss(Tensor.zeros(2, 3), longs(0, 3), 1, 1, null, MEAN));
        assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(x, longs(0, 1, 2), Tensor.ones(3), -100, MEAN, 0));
        assertThrows(IllegalArgumentException.class, () -> Reduction.of("average"));
    }

    @Test
    void binaryLossesByHandAndStableForLargeLogits() {
        Tensor p = Tensor.of(0.5f, 0.9f), t = Tensor.of(1f, 0f);
        assertArrayEquals(new float[] {(float) Math.log(2), (float) -Math.log(0.1)},
                Functional.binaryCrossEntropy(p, t, null, NONE).toFloatArray(), 1e-5f);
        assertEquals(100f, Functional.binaryCrossEntropy(Tensor.of(0f), Tensor.of(1f), null, SUM).item(), 1e-4f, "log clamped at −100");
        Tensor logits = Tensor.of(0f, 200f, -200f), y = Tensor.of(1f, 0f, 0f);
        assertArrayEquals(new float[] {(float) Math.log(2), 200f, 0f},
                Functional.binaryCrossEntropyWithLogits(logits, y, null, null, NONE).toFloatArray(), 1e-4f);
        // pos_weight scales only the positive term: t = 1 gives pw·log(1 + e^−x)
        assertEquals(3 * (float) Math.log(2), Functional.binaryCrossEntropyWithLogits(Tensor.of(0f), Tensor.of(1f), null,
                Tensor.of(3f), SUM).item(), 1e-5f);
    }

    @Test
    void marginAndEmbeddingLossesByHand() {
        Tensor scores = Tensor.of(new float[] {0.1f, 0.2f, 0.4f, 0.8f}, 1, 4);
        // target 3: Σ_{j≠3} max(0, 1 − 0.8 + x_j) / 4 = (0.3 + 0.4 + 0.6) / 4
        assertEquals(1.3f / 4, Functional.multiMarginLoss(scores, longs(3), 1, 1.0, null, MEAN).item(), 1e-6f);
        assertEquals((0.09f + 0.16f + 0.36f) / 4, Functional.multiMarginLoss(scores, longs(3), 2, 1.0, null, MEAN).item(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.5f}, Functional.hingeEmbeddingLoss(Tensor.of(0.5f, 0.5f), Tensor.of(1f, -1f), 1.0, NONE)
                .toFloatArray(), 1e-6f);
        assertEquals((float) Math.log1p(Math.exp(-2)), Functional.softMarginLoss(Tensor.of(2f), Tensor.of(1f), SUM).item(), 1e-6f);
        assertEquals(1000f, Functional.softMarginLoss(Tensor.of(1000f), Tensor.of(-1f), SUM).item(), 1e-3f);
        Tensor a = Tensor.of(new float[] {1, 0, 1, 0}, 2, 2), b = Tensor.of(new float[] {1, 0, 0, 1}, 2, 2);
        assertArrayEquals(new float[] {0, 0}, Functional.cosineEmbeddingLoss(a, b, Tensor.of(1f, -1f), 0.0, NONE).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 1}, Functional.cosineEmbeddingLoss(a, b, Tensor.of(-1f, 1f), 0.0, NONE).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 0.5f}, Functional.marginRankingLoss(Tensor.of(2f, 1f), Tensor.of(1f, 1f), Tensor.of(1f, -1f),
                0.5, NONE).toFloatArray(), 1e-6f);
    }

    @Test
    void klDivergenceReductions() {
        Tensor q = Tensor.of(new float[] {0.25f, 0.75f, 0.5f, 0.5f}, 2, 2), t = Tensor.of(new float[] {0.5f, 0.5f, 0f, 1f}, 2, 2);
        Tensor logQ = q.log();
        double expected = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75) + 0 + Math.log(1 / 0.5);
        assertEquals((float) expected, Functional.klDiv(logQ, t, "sum", false).item(), 1e-5f);
        assertEquals((float) expected / 2, Functional.klDiv(logQ, t, "batchmean", false).item(), 1e-5f);
        assertEquals((float) expected / 4, Functional.klDiv(logQ, t, "mean", false).item(), 1e-5f);
        Tensor logT = Tensor.of(new float[] {0.5f, 0.5f, 1e-30f, 1f}, 2, 2).log();
        assertEquals((float) expected, Functional.klDiv(logQ, logT, "sum", true).item(), 1e-5f);
    }

    @Test
    void l2PenaltyMatchesSgdWeightDecayAtHalfTheCoefficient() {
        Tensor w = Tensor.of(1f, -2f).requiresGrad(true);
        Functional.l2Penalty(List.of(w), 0.05).backward();
        assertArrayEquals(new float[] {0.1f, -0.2f}, w.grad().toFloatArray(), 1e-6f, "d/dw λ‖w‖² = 2λw = wd·w for λ = wd/2");
        assertEquals(0.25f, Functional.l2Penalty(List.of(Tensor.of(1f, -2f)), 0.05).item(), 1e-6f);
    }

    static Stream<Arguments> differentiableLosses() {
        Generator g = new Generator(11);
        Tensor target = Tensor.randn(g, 3, 4), probs = Tensor.rand(g, 3, 4).mul(0.8f).add(0.1f), bits = Tensor.randint(g, 0, 2, 3, 4).to(dev.soma.tensor.DType.FLOAT32);
        Tensor signs = bits.mul(2f).sub(1f), classes = Tensor.randint(g, 0, 4, 3), w = Tensor.of(0.5f, 1f, 2f, 1.5f);
        Tensor spatial = Tensor.randint(g, 0, 4, 3, 2), labels = Tensor.of(1f, -1f, 1f);
        return Stream.of(
                Arguments.of("mse", (Function<Tensor, Tensor>) x -> Functional.mseLoss(x, target, MEAN)),
                Arguments.of("huber", (Function<Tensor, Tensor>) x -> Functional.huberLoss(x, target, SUM, 0.7)),
                Arguments.of("smooth_l1", (Function<Tensor, Tensor>) x -> Functional.smoothL1Loss(x, target, NONE, 0.6)),
                Arguments.of("bce", (Function<Tensor, Tensor>) x -> Functional.binaryCrossEntropy(x.neg().exp().add(1f).reciprocal(), bits, null, MEAN)),
                Arguments.of("bce logits", (Function<Tensor, Tensor>) x -> Functional.binaryCrossEntropyWithLogits(x, probs, null, w, MEAN)),
                Arguments.of("cross entropy", (Function<Tensor, Tensor>) x -> Functional.crossEntropy(x, classes, w, -100, MEAN, 0.1)),
                Arguments.of("cross entropy probs", (Function<Tensor, Tensor>) x -> Functional.crossEntropy(x, probs, w, -100, SUM, 0.2)),
                Arguments.of("cross entropy 3-d", (Function<Tensor, Tensor>) x -> Functional.crossEntropy(x.reshape(3, 4, 1)
                        .expand(3, 4, 2), spatial, null, -100, MEAN, 0)),
                Arguments.of("multi margin", (Function<Tensor, Tensor>) x -> Functional.multiMarginLoss(x, classes, 2, 0.5, w, MEAN)),
                Arguments.of("kl", (Function<Tensor, Tensor>) x -> Functional.klDiv(x, probs, "batchmean", false)),
                Arguments.of("soft margin", (Function<Tensor, Tensor>) x -> Functional.softMarginLoss(x, signs, MEAN)),
                Arguments.of("cosine", (Function<Tensor, Tensor>) x -> Functional.cosineEmbeddingLoss(x, target, labels, 0.1, SUM)),
                Arguments.of("ranking", (Function<Tensor, Tensor>) x -> Functional.marginRankingLoss(x, target, signs, 0.2, MEAN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentiableLosses")
    void gradientsMatchFiniteDifferences(String name, Function<Tensor, Tensor> loss) {
        Tensor x = Tensor.randn(new Generator(5), 3, 4).requiresGrad(true);
        assertTrue(GradCheck.check(in -> loss.apply(in[0]), x), name);
    }

    @Test
    void lossModulesRebuildFromTheirConfigs() {
        Module[] losses = {new MSELoss(Reduction.SUM), new SmoothL1Loss(Reduction.NONE, 0.3), new HuberLoss(Reduction.MEAN, 2.0),
                new CrossEntropyLoss(Tensor.of(1f, 2f), 1, Reduction.SUM, 0.1), new NLLLoss(null, 3, Reduction.MEAN),
                new BCEWithLogitsLoss(null, Tensor.of(2f), Reduction.MEAN), new MultiMarginLoss(2, 0.5, null, Reduction.SUM),
                new KLDivLoss("batchmean", true), new CosineEmbeddingLoss(0.2, Reduction.SUM), new MarginRankingLoss()};
        for (Module m : losses) {
            Module rebuilt = ModuleFactory.build(m.config());
            assertEquals(m.config(), rebuilt.config(), m.typeName());
            assertEquals(m.stateDict().keySet(), rebuilt.stateDict().keySet(), m.typeName());
        }
        CrossEntropyLoss ce = new CrossEntropyLoss(Tensor.of(1f, 3f), -100, Reduction.MEAN, 0);
        assertEquals(List.of("weight"), List.copyOf(ce.stateDict().keySet()), "class weights are a buffer, as in PyTorch");
        Tensor logits = Tensor.zeros(2, 2);
        assertEquals(Functional.crossEntropy(logits, longs(0, 1), Tensor.of(1f, 3f), -100, MEAN, 0).item(),
                ce.forward(logits, longs(0, 1)).item(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ce.forward(logits));
        assertTrue(e.getMessage().contains("CrossEntropyLoss") && e.getMessage().contains("takes 2 inputs (input, target), got 1"), e.getMessage());
        assertEquals(ce.forward(logits, longs(0, 1)).item(), ce.forward(new Tensor[] {logits, longs(0, 1)}).item(), 0f);
    }
}
