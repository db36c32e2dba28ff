package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.profile.Summary;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import dev.soma.tensor.ValuesIndices;
import org.junit.jupiter.api.Test;

/**
 * The pooling and resampling layers: shape rules equal to what forward returns, PyTorch's reprs, MACs (0, as for other
 * parameter-free layers), config round trips, max pooling's indices through MaxUnpool, and errors naming the layer.
 */
class PoolLayersTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape); }

    private static Module[] layers() {
        return new Module[] {
                new MaxPool1d(2), new MaxPool2d(2), new MaxPool2d(3, 2, 1), new MaxPool3d(2),
                new MaxPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, true, true),
                new AvgPool1d(3, 2, 1), new AvgPool2d(2), new AvgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, true, false, null),
                new AvgPool2d(new int[] {2, 3}, null, new int[] {0}, false, true, 5), new AvgPool3d(2),
                new AdaptiveAvgPool1d(3), new AdaptiveAvgPool2d(1), new AdaptiveAvgPool2d(new int[] {-1, 3}), new AdaptiveAvgPool3d(2),
                new AdaptiveMaxPool1d(4), new AdaptiveMaxPool2d(new int[] {2, 3}, true), new AdaptiveMaxPool3d(1),
                new GlobalAvgPool2d(), new Upsample(2), new Upsample(new int[] {5, 7}, null, "bilinear", true),
                new Upsample(null, new double[] {1.5, 2}, "bilinear", false), new Upsample(3, "nearest-exact"),
                new PixelShuffle(2), new PixelUnshuffle(2)};
    }

    // A batched input of the rank each layer pools over, with even sizes large enough for every kernel.
    private static int[] inputFor(Module m) {
        String t = m.typeName();
        if (t.endsWith("1d")) return new int[] {2, 3, 8};
        if (t.endsWith("3d")) return new int[] {1, 2, 4, 6, 4};
        if (t.equals("PixelShuffle")) return new int[] {2, 8, 3, 4};
        return new int[] {2, 4, 6, 8};
    }

    @Test void shapeRulesMatchForwardAndMacsAreZero() {
        for (Module m : layers()) {
            int[] in = inputFor(m);
            Tensor y = m.forward(randn(1, in));
            assertArrayEquals(y.shape(), m.outputShape(in), m.toString());
            assertEquals(0L, m.macs(in), m.toString());
        }
        int[] unbatched = {3, 9, 7};
        assertArrayEquals(new int[] {3, 4, 3}, new MaxPool2d(2).outputShape(unbatched));
        assertArrayEquals(new int[] {3, 5, 4}, new MaxPool2d(new int[] {2}, null, new int[] {0}, new int[] {1}, false, true).outputShape(unbatched));
        assertArrayEquals(new int[] {3}, new GlobalAvgPool2d().outputShape(unbatched));
    }

    @Test void reprsAreTorchs() {
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), ceil_mode=True)",
                new MaxPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, true, true).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=2, padding=1)", new AvgPool2d(3, 2, 1).toString());
        assertEquals("AvgPool2d(kernel_size=2, stride=2, padding=0, ceil_mode=True, count_include_pad=False, divisor_override=3)",
                new AvgPool2d(new int[] {2}, null, new int[] {0}, true, false, 3).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=(None, 3))", new AdaptiveAvgPool2d(new int[] {-1, 3}).toString());
        assertEquals("AdaptiveMaxPool1d(output_size=4)", new AdaptiveMaxPool1d(4).toString());
        assertEquals("MaxUnpool2d(kernel_size=2, stride=2, padding=0)", new MaxUnpool2d(2).toString());
        assertEquals("Upsample(scale_factor=2.0, mode='nearest')", new Upsample(2).toString());
        assertEquals("Upsample(size=(5, 7), mode='bilinear', align_corners=True)",
                new Upsample(new int[] {5, 7}, null, "bilinear", true).toString());
        assertEquals("PixelShuffle(upscale_factor=2)", new PixelShuffle(2).toString());
        assertEquals("PixelUnshuffle(downscale_factor=3)", new PixelUnshuffle(3).toString());
    }

    @Test void configRebuildsTheSameLayer() {
        for (Module m : layers()) {
            Module back = ModuleFactory.build(m.config());
            assertEquals(m.toString(), back.toString());
            assertEquals(m.config(), back.config());
            Tensor x = randn(2, inputFor(m));
            assertArrayEquals(m.forward(x).toFloatArray(), back.forward(x).toFloatArray(), m.toString());
        }
        for (Module m : new Module[] {new MaxUnpool1d(2), new MaxUnpool2d(new int[] {2, 3}, new int[] {2, 2}, new int[] {1, 0}), new MaxUnpool3d(2)})
            assertEquals(m.toString(), ModuleFactory.build(m.config()).toString());
    }

    @Test void maxPoolIndicesUnpoolThroughMaxUnpool() {
        MaxPool2d pool = new MaxPool2d(new int[] {2}, null, new int[] {0}, new int[] {1}, true, false);
        MaxUnpool2d unpool = new MaxUnpool2d(2);
        Tensor x = randn(3, 2, 3, 6, 8);
        ValuesIndices vi = pool.forwardWithIndices(x);
        assertArrayEquals(pool.forward(x).toFloatArray(), vi.values().toFloatArray());
        Tensor back = unpool.forward(vi.values(), vi.indices());
        assertArrayEquals(x.shape(), back.shape());
        assertArrayEquals(x.shape(), unpool.outputShape(vi.values().shape(), vi.indices().shape()));
        // Every kept value sits where it came from; everything else is zero.
        float[] xd = x.toFloatArray(), bd = back.toFloatArray();
        for (int i = 0; i < xd.length; i++) assertTrue(bd[i] == 0f || bd[i] == xd[i]);
        assertEquals(vi.values().sum().item(), back.sum().item(), 1e-4);
        // An odd input needs the original size back.
        Tensor odd = randn(4, 1, 2, 5, 5);
        ValuesIndices oi = pool.forwardWithIndices(odd);
        assertArrayEquals(new int[] {1, 2, 5, 5}, unpool.forward(oi.values(), oi.indices(), new int[] {5, 5}).shape());
        assertTrue(GradCheck.check(in -> unpool.forward(in[0], oi.indices(), new int[] {5, 5}), oi.values().detach().requiresGrad(true)));
    }

    @Test void globalAveragePoolingIsAdaptiveAveragePoolingThenFlatten() {
        Tensor x = randn(5, 3, 4, 7, 5);
        Tensor expected = new AdaptiveAvgPool2d(1).forward(x).flatten(1, -1);
        assertArrayEquals(expected.toFloatArray(), new GlobalAvgPool2d().forward(x).toFloatArray());
        assertArrayEquals(new int[] {3, 4}, new GlobalAvgPool2d().forward(x).shape());
    }

    @Test void summaryCountsNoMacsForPooling() {
        Sequential net = new Sequential(new Conv2d(1, 4, 3), new MaxPool2d(2), new GlobalAvgPool2d(), new Linear(4, 2));
        Summary s = Summary.of(net, new int[] {1, 1, 10, 10});
        assertEquals(4L * 9 * 8 * 8 + 4 * 2, s.macs());
    }

    @Test void wrongInputsNameTheLayer() {
        var small = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(5).forward(Tensor.zeros(1, 1, 3, 4)));
        assertTrue(small.getMessage().startsWith("MaxPool2d(kernel_size=5, stride=5, padding=0, dilation=1, ceil_mode=False): Given input size: "
                + "(1x3x4). Calculated output size: (1x0x0). Output size is too small"), small.getMessage());
        var pad = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 2, 2));
        assertEquals("AvgPool2d: pad should be at most half of kernel size, but got pad=2 and kernel_size=2", pad.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).outputShape(new int[] {4, 4}));
        assertTrue(rank.getMessage().contains("MaxPool2d(kernel_size=2") && rank.getMessage().contains("Expected 3D (unbatched) or 4D (batched) input, but got input of size: [4, 4]"),
                rank.getMessage());
        var adaptive = assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(new int[] {1, 2, 3}));
        assertTrue(adaptive.getMessage().startsWith("AdaptiveAvgPool2d: output_size must be an int or a tuple of 2 ints"), adaptive.getMessage());
        var shuffle = assertThrows(IllegalArgumentException.class, () -> new PixelShuffle(2).forward(Tensor.zeros(1, 6, 2, 2)));
        assertTrue(shuffle.getMessage().startsWith("PixelShuffle(upscale_factor=2): pixel_shuffle: expects its input's 'channel' dimension"),
                shuffle.getMessage());
        var up = assertThrows(IllegalArgumentException.class, () -> new Upsample(2, "bilinear").forward(Tensor.zeros(1, 2, 5)));
        assertTrue(up.getMessage().startsWith("Upsample(scale_factor=2.0, mode='bilinear'): input [1, 2, 5]: interpolate: Got 3D input, but "
                + "bilinear mode needs 4D input"), up.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Upsample(null, null, "nearest", null));
        var unpool = assertThrows(IllegalArgumentException.class,
                () -> new MaxUnpool2d(2).outputShape(new int[] {1, 1, 2, 2}, new int[] {1, 1, 2, 3}));
        assertTrue(unpool.getMessage().startsWith("MaxUnpool2d(kernel_size=2, stride=2, padding=0)"), unpool.getMessage());
    }
}
