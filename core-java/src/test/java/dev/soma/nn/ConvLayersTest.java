package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.tensor.Convolution;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Padding;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Conv1d/2d/3d and ConvTranspose1d/2d/3d as layers: padding modes, shape rules, MACs, init, config and errors. */
class ConvLayersTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape); }

    @Test void paddingModesPadFirstThenConvolveUnpadded() {
        Tensor x = randn(1, 2, 3, 6, 5);
        for (String mode : new String[] {"reflect", "replicate", "circular"}) {
            Conv2d conv = new Conv2d(3, 4, new int[] {3, 2}, new int[] {2, 1}, IntsOrString.of(2, 1), new int[] {1}, 1, true, mode);
            Tensor expected = Convolution.conv(Padding.pad(x, new int[] {1, 1, 2, 2}, mode, 0f), conv.weight, conv.bias, new int[] {2, 1},
                    new int[] {0}, null, 1);
            assertArrayEquals(expected.toFloatArray(), conv.forward(x).toFloatArray(), mode);
            assertArrayEquals(expected.shape(), conv.outputShape(x.shape()), mode);
            assertTrue(GradCheck.check(in -> conv.forward(in[0]), x.requiresGrad(true)), mode);
        }
        Conv1d same = new Conv1d(2, 2, new int[] {4}, new int[] {1}, IntsOrString.of("same"), new int[] {1}, 1, false, "circular");
        Tensor s = randn(2, 1, 2, 7);
        // total padding 3: one before, two after
        assertArrayEquals(Convolution.conv(Padding.pad(s, new int[] {1, 2}, "circular", 0f), same.weight, null, null, new int[] {0}, null, 1)
                .toFloatArray(), same.forward(s).toFloatArray());
    }

    @Test void shapeRulesAndMacsCountGroupedAndDepthwiseWork() {
        Conv2d conv = new Conv2d(8, 16, new int[] {3}, new int[] {2}, IntsOrString.of(1), new int[] {1}, 4, true, "zeros");
        int[] in = {5, 8, 11, 9};
        assertArrayEquals(new int[] {5, 16, 6, 5}, conv.outputShape(in));
        assertEquals(3L * 3 * (8 / 4) * 16 * 6 * 5 * 5, conv.macs(in));
        Conv2d depthwise = new Conv2d(6, 12, new int[] {3}, new int[] {1}, IntsOrString.of("same"), new int[] {1}, 6, false, "zeros");
        assertArrayEquals(new int[] {12, 7, 7}, depthwise.outputShape(new int[] {6, 7, 7}));
        assertEquals(3L * 3 * 1 * 12 * 7 * 7, depthwise.macs(new int[] {6, 7, 7}));
        assertArrayEquals(new int[] {12, 7, 7}, depthwise.forward(randn(3, 6, 7, 7)).shape());
        ConvTranspose2d up = new ConvTranspose2d(4, 2, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 2, true, new int[] {1});
        int[] small = {3, 4, 5, 6};
        assertArrayEquals(new int[] {3, 2, 10, 12}, up.outputShape(small));
        assertArrayEquals(new int[] {3, 2, 10, 12}, up.forward(randn(4, small)).shape());
        assertEquals(3L * 4 * 5 * 6 * (2 / 2) * 9, up.macs(small));
        Conv3d c3 = new Conv3d(2, 3, 2);
        assertArrayEquals(new int[] {1, 3, 3, 4, 5}, c3.forward(randn(5, 1, 2, 4, 5, 6)).shape());
        assertEquals(3L * 3 * 4 * 5 * 2 * 8, c3.macs(new int[] {1, 2, 4, 5, 6}));
    }

    @Test void wrongInputsNameTheLayer() {
        Conv2d conv = new Conv2d(2, 4, 3);
        var channels = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 3, 5, 5)));
        assertTrue(channels.getMessage().startsWith("Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1)): Given groups=1, weight of size "
                + "[4, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead"), channels.getMessage());
        var small = assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new int[] {1, 2, 2, 5}));
        assertTrue(small.getMessage().contains("Kernel size can't be greater than actual input size"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new int[] {2, 5}));
    }

    @Test void constructorsRejectWhatPyTorchRejects() {
        var groups = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(6, 4, new int[] {3}, new int[] {1}, IntsOrString.of(0), new int[] {1}, 4, true, "zeros"));
        assertTrue(groups.getMessage().contains("in_channels must be divisible by groups"), groups.getMessage());
        var strided = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(2, 2, new int[] {3}, new int[] {2}, IntsOrString.of("same"), new int[] {1}, 1, true, "zeros"));
        assertTrue(strided.getMessage().contains("padding='same' is not supported for strided convolutions"));
        assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(2, 2, new int[] {3}, new int[] {1}, IntsOrString.of("full"), new int[] {1}, 1, true, "zeros"));
        assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(2, 2, new int[] {3}, new int[] {1}, IntsOrString.of(0), new int[] {1}, 1, true, "mirror"));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 2, new int[] {3, 3, 3}, new int[] {1}, IntsOrString.of(0),
                new int[] {1}, 1, true, "zeros"));
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(2, 2, 0));
        var outPad = assertThrows(IllegalArgumentException.class, () -> new ConvTranspose1d(2, 2, new int[] {3}, new int[] {2},
                new int[] {0}, new int[] {2}, 1, true, new int[] {1}));
        assertTrue(outPad.getMessage().contains("output_padding must be smaller than either stride or dilation"), outPad.getMessage());
    }

    @Test void initialisationIsPyTorchsUniformBound() {
        Conv2d conv = new Conv2d(4, 8, new int[] {3}, new int[] {1}, IntsOrString.of(0), new int[] {1}, 2, true, "zeros", new Generator(7));
        double bound = 1 / Math.sqrt(2 * 9);     // fan_in = in_channels/groups · k·k
        float max = 0;
        for (float v : conv.weight.toFloatArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= bound && max > 0.8 * bound, "weight max " + max + " vs bound " + bound);
        for (float v : conv.bias.toFloatArray()) assertTrue(Math.abs(v) <= bound);
        ConvTranspose2d t = new ConvTranspose2d(4, 6, new int[] {2}, new int[] {2}, new int[] {0}, new int[] {0}, 2, false, new int[] {1});
        assertArrayEquals(new int[] {4, 3, 2, 2}, t.weight.shape());     // (in, out/groups, k, k)
        assertEquals(null, t.bias);
    }

    @Test void configRebuildsTheSameLayer() {
        Module[] layers = {
                new Conv1d(2, 4, new int[] {3}, new int[] {2}, IntsOrString.of(1), new int[] {2}, 2, false, "reflect"),
                new Conv2d(3, 6, new int[] {3, 1}, new int[] {1}, IntsOrString.of("same"), new int[] {1, 2}, 3, true, "circular"),
                new Conv3d(2, 2, 1),
                new ConvTranspose2d(4, 2, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 2, true, new int[] {1}),
        };
        for (Module m : layers) {
            Module back = ModuleFactory.build(m.config());
            assertEquals(m.getClass(), back.getClass());
            assertEquals(m.toString(), back.toString());
            assertEquals(m.config(), back.config());
            assertEquals(m.parameterCount(), back.parameterCount());
        }
        assertEquals("Conv2d(3, 6, kernel_size=(3, 1), stride=(1, 1), padding='same', dilation=(1, 2), groups=3, padding_mode=circular)",
                layers[1].toString());
    }

    @Test void depthwiseConv2dIsAGroupedConv2dUnderItsOwnName() {
        DepthwiseConv2d dw = new DepthwiseConv2d(3, 2, new int[] {3}, new int[] {2}, IntsOrString.of(1), new int[] {1}, true, "zeros");
        Conv2d same = new Conv2d(3, 6, new int[] {3}, new int[] {2}, IntsOrString.of(1), new int[] {1}, 3, true, "zeros");
        assertEquals(same.stateDict().keySet(), dw.stateDict().keySet());
        same.loadStateDict(dw.stateDict(), true);
        Tensor x = randn(8, 2, 3, 9, 7);
        assertArrayEquals(same.forward(x).toFloatArray(), dw.forward(x).toFloatArray());
        assertArrayEquals(new int[] {6, 1, 3, 3}, dw.weight.shape());
        assertEquals(3L * 3 * 1 * 6 * 5 * 4 * 2, dw.macs(x.shape()));
        assertThrows(IllegalArgumentException.class, () -> new DepthwiseConv2d(3, 0, new int[] {3}, new int[] {1}, IntsOrString.of(0),
                new int[] {1}, true, "zeros"));
    }

    @Test void separableConv2dChainsDepthwiseNormActivationAndPointwise() {
        SeparableConv2d sep = new SeparableConv2d(4, 6, new int[] {3}, new int[] {1}, IntsOrString.of("same"), new int[] {1}, 2, false,
                null, new ReLU(), new Generator(9));
        assertEquals(java.util.List.of("depthwise.weight", "pointwise.weight"), new java.util.ArrayList<>(sep.stateDict().keySet()));
        Tensor x = randn(10, 2, 4, 7, 5);
        Tensor expected = sep.pointwise.forward(sep.depthwise.forward(x).relu());
        assertArrayEquals(expected.toFloatArray(), sep.forward(x).toFloatArray());
        assertArrayEquals(new int[] {2, 6, 7, 5}, sep.outputShape(x.shape()));
        // depthwise 3·3·1·8 per position, pointwise 8·6 per position, 2·7·5 positions
        assertEquals((3L * 3 * 8 + 8 * 6) * 2 * 7 * 5, sep.macs(x.shape()));
        Module back = ModuleFactory.build(sep.config());
        assertEquals(sep.config(), back.config());
        assertEquals(sep.toString(), back.toString());
        assertTrue(GradCheck.check(in -> sep.forward(in[0]), randn(11, 1, 4, 4, 3).requiresGrad(true)));
    }

    @Test void theReadmesCnnBuildsRunsAndCountsItsMacs() {
        var cnn = new Sequential(new Conv2d(1, 32, 3, 1, 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new SeparableConv2d(32, 64, 3, 1), new Flatten(), new Linear(64 * 14 * 14, 10));
        assertArrayEquals(new int[] {2, 10}, cnn.forward(randn(12, 2, 1, 28, 28)).shape());
        var s = dev.soma.profile.Summary.of(cnn, 1, 1, 28, 28);
        assertEquals(9L * 32 * 28 * 28 + (9L * 32 + 32 * 64) * 14 * 14 + 64L * 14 * 14 * 10, s.macs());
    }
}
