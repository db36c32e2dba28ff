package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.autograd.GradMode;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The normalisation layers and Dropout2d as modules: buffers and their updates against hand-computed values, train and
 * eval modes, state-dict keys, shape rules, MACs, repr, config round trip, gradients and errors naming the layer.
 */
class NormLayersTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape); }

    @Test void batchNormMovesItsRunningStatisticsByMomentumAndCountsBatches() {
        BatchNorm1d bn = new BatchNorm1d(1);
        bn.forward(Tensor.of(new float[] {1, 3}, 2, 1));                 // mean 2, unbiased variance 2
        assertArrayEquals(new float[] {0.2f}, bn.runningMean.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.2f}, bn.runningVar.toFloatArray(), 1e-6f);
        assertEquals(1f, bn.numBatchesTracked.item());
        assertEquals(DType.INT64, bn.numBatchesTracked.dtype());
        bn.forward(Tensor.of(new float[] {3, 5}, 2, 1));                 // mean 4, unbiased variance 2
        assertArrayEquals(new float[] {0.9f * 0.2f + 0.4f}, bn.runningMean.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f * 1.1f + 0.2f}, bn.runningVar.toFloatArray(), 1e-6f);
        assertEquals(2f, bn.numBatchesTracked.item());
    }

    @Test void momentumNoneIsTheCumulativeAverage() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5, null, true, true);
        bn.forward(Tensor.of(new float[] {1, 3}, 2, 1));                 // factor 1: the first batch's statistics
        assertArrayEquals(new float[] {2f}, bn.runningMean.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {2f}, bn.runningVar.toFloatArray(), 1e-6f);
        bn.forward(Tensor.of(new float[] {5, 9}, 2, 1));                 // factor 1/2: mean 7, unbiased variance 8
        assertArrayEquals(new float[] {4.5f}, bn.runningMean.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {5f}, bn.runningVar.toFloatArray(), 1e-6f);
        bn.forward(Tensor.of(new float[] {0, 0, 0}, 3, 1));              // factor 1/3
        assertArrayEquals(new float[] {3f}, bn.runningMean.toFloatArray(), 1e-6f);
        assertEquals("BatchNorm1d(1, eps=1e-05, momentum=None, affine=True, track_running_stats=True)", bn.toString());
    }

    @Test void evalUsesTheRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.runningMean.copy_(Tensor.of(1f, -1f));
        bn.runningVar.copy_(Tensor.of(4f, 0.25f));
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new float[] {3, 5, 0, 1}, 1, 2, 2, 1));
        assertArrayEquals(new float[] {1, 2, 2, 4}, y.toFloatArray(), 1e-4f);
        assertEquals(0f, bn.numBatchesTracked.item());
        assertArrayEquals(new float[] {1f, -1f}, bn.runningMean.toFloatArray());
        // a batch of one is fine in eval, not in training
        bn.forward(Tensor.zeros(1, 2, 1, 1));
        bn.train();
        var one = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(1, 2, 1, 1)));
        assertEquals("BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True): Expected more than 1 value per "
                + "channel when training, got input size [1, 2, 1, 1]", one.getMessage());
    }

    @Test void withoutRunningStatisticsBatchStatisticsServeBothModesAndNoBuffersExist() {
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, false, false);
        assertEquals(List.of(), List.copyOf(bn.stateDict().keySet()));
        assertNull(bn.runningMean);
        Tensor x = randn(1, 4, 3, 5);
        Tensor train = bn.forward(x);
        bn.eval();
        assertArrayEquals(train.toFloatArray(), bn.forward(x).toFloatArray());
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3).stateDict().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3, 1e-5, 0.1, false, true).stateDict().keySet()));
    }

    @Test void layersPassGradCheckThroughTheirParameters() {
        BatchNorm2d bn = new BatchNorm2d(3, 1e-5, 0.1, true, false);
        GroupNorm gn = new GroupNorm(2, 4);
        try (var g = GradMode.noGrad()) {
            bn.weight.copy_(randn(2, 3));
            gn.weight.copy_(randn(4, 4));
        }
        Tensor x = randn(3, 2, 3, 2, 3).requiresGrad(true);
        assertTrue(GradCheck.check(in -> bn.forward(in[0]), x, bn.weight, bn.bias));
        assertTrue(GradCheck.check(in -> gn.forward(in[0]), randn(5, 2, 4, 3).requiresGrad(true), gn.weight, gn.bias));
        LayerNorm ln = new LayerNorm(3, 2);
        assertTrue(GradCheck.check(in -> ln.forward(in[0]), randn(6, 2, 3, 2).requiresGrad(true), ln.weight, ln.bias));
        InstanceNorm1d in1 = new InstanceNorm1d(2, 1e-5, 0.1, true, false);
        assertTrue(GradCheck.check(in -> in1.forward(in[0]), randn(7, 2, 5).requiresGrad(true), in1.weight, in1.bias));
    }

    @Test void instanceNormAcceptsUnbatchedInputsAndTracksWhenAsked() {
        InstanceNorm2d in = new InstanceNorm2d(3);
        Tensor x = randn(8, 3, 4, 5);
        assertArrayEquals(in.forward(x.unsqueeze(0)).squeeze(0).toFloatArray(), in.forward(x).toFloatArray());
        assertEquals(List.of(), List.copyOf(in.stateDict().keySet()));
        InstanceNorm1d tracked = new InstanceNorm1d(1, 1e-5, 0.5, false, true);
        tracked.forward(Tensor.of(new float[] {0, 2, 4, 4}, 2, 1, 2));
        assertArrayEquals(new float[] {1.25f}, tracked.runningMean.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {1f}, tracked.runningVar.toFloatArray(), 1e-6f);
        assertEquals("InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)", in.toString());
        // without per-channel state any channel count is normalised, as PyTorch (which warns); with it, the count must match
        assertArrayEquals(new int[] {2, 5, 4, 4}, in.forward(randn(9, 2, 5, 4, 4)).shape());
        var affine = assertThrows(IllegalArgumentException.class,
                () -> new InstanceNorm2d(3, 1e-5, 0.1, true, false).forward(randn(9, 2, 5, 4, 4)));
        assertTrue(affine.getMessage().contains("expected input (N, 3, H, W) or (3, H, W), got [2, 5, 4, 4]"), affine.getMessage());
    }

    @Test void shapeRulesKeepTheShapeAndCountNoMacs() {
        Module[] layers = {new BatchNorm1d(4), new BatchNorm1d(4), new BatchNorm2d(4), new LayerNorm(5), new GroupNorm(2, 4),
                new InstanceNorm1d(4), new InstanceNorm2d(4), new LocalResponseNorm(3), new Dropout2d(0.2)};
        int[][] shapes = {{2, 4}, {2, 4, 5}, {2, 4, 3, 5}, {2, 3, 5}, {2, 4, 7}, {4, 6}, {2, 4, 3, 3}, {2, 4, 3}, {2, 4, 3, 3}};
        for (int i = 0; i < layers.length; i++) {
            assertArrayEquals(shapes[i], layers[i].outputShape(shapes[i]), layers[i].toString());
            assertEquals(0L, layers[i].macs(shapes[i]), layers[i].toString());
            assertTrue(layers[i].hasShapeRule(), layers[i].toString());
        }
    }

    @Test void wrongInputsNameTheLayerAndWhatItExpected() {
        var channels = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(2).forward(Tensor.zeros(2, 3, 4, 4)));
        assertEquals("BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True): expected input (N, 2, H, W), "
                + "got [2, 3, 4, 4]", channels.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).outputShape(new int[] {2, 3, 4, 5}));
        assertTrue(rank.getMessage().contains("expected input (N, 3) or (N, 3, L), got [2, 3, 4, 5]"), rank.getMessage());
        var single = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
        assertTrue(single.getMessage().startsWith("BatchNorm1d(3, eps=1e-05") && single.getMessage()
                .endsWith("Expected more than 1 value per channel when training, got input size [1, 3]"), single.getMessage());
        var ln = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(5).forward(Tensor.zeros(2, 4)));
        assertEquals("LayerNorm((5,), eps=1e-05, elementwise_affine=True): Given normalized_shape=[5], expected input with shape [*, 5], "
                + "but got input of size [2, 4]", ln.getMessage());
        var gn = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
        assertTrue(gn.getMessage().contains("num_channels must be divisible by num_groups"), gn.getMessage());
        var gnShape = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 4).forward(Tensor.zeros(2, 6, 3)));
        assertTrue(gnShape.getMessage().startsWith("GroupNorm(2, 4, eps=1e-05, affine=True): expected input (N, 4, *), got [2, 6, 3]"),
                gnShape.getMessage());
        var in = assertThrows(IllegalArgumentException.class, () -> new InstanceNorm2d(3).forward(Tensor.zeros(2, 3, 1, 1)));
        assertTrue(in.getMessage().contains("Expected more than 1 spatial element when training"), in.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalResponseNorm(2).forward(Tensor.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(1.5));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[0], 1e-5, true));
    }

    @Test void dropout2dDropsChannelsInTrainingOnly() {
        Dropout2d d = new Dropout2d(0.5, new Generator(5));
        Tensor x = Tensor.ones(2, 16, 2, 2);
        float[] y = d.forward(x).toFloatArray();
        for (int p = 0; p < 32; p++)
            for (int q = 1; q < 4; q++) assertEquals(y[p * 4], y[p * 4 + q], "plane " + p);
        d.eval();
        assertTrue(d.forward(x) == x);
        assertEquals("Dropout2d(p=0.5, inplace=False)", d.toString());
    }

    @Test void configRebuildsTheSameLayer() {
        Module[] layers = {new BatchNorm1d(3, 1e-3, null, false, true), new BatchNorm2d(8), new LayerNorm(new int[] {3, 4}, 1e-6, false),
                new GroupNorm(4, 8, 1e-4, true), new InstanceNorm1d(2, 1e-5, 0.2, true, true), new InstanceNorm2d(5),
                new LocalResponseNorm(5, 1e-3, 0.5, 2.0), new Dropout2d(0.25)};
        for (Module m : layers) {
            Module back = ModuleFactory.build(m.config());
            assertEquals(m.getClass(), back.getClass());
            assertEquals(m.toString(), back.toString());
            assertEquals(m.config(), back.config());
            assertEquals(List.copyOf(m.stateDict().keySet()), List.copyOf(back.stateDict().keySet()));
        }
        assertNull(((BatchNorm1d) ModuleFactory.build(layers[0].config())).momentum);
        assertEquals("LayerNorm((3, 4), eps=1e-06, elementwise_affine=False)", layers[2].toString());
        assertEquals("LocalResponseNorm(5, alpha=0.001, beta=0.5, k=2.0)", layers[6].toString());
        assertEquals("GroupNorm(4, 8, eps=0.0001, affine=True)", layers[3].toString());
    }
}
