package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.nn.Fold;
import dev.soma.nn.ModuleFactory;
import dev.soma.nn.Unfold;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** unfold and fold against their definitions on random geometries, each other's adjoint, gradients, shapes and errors. */
class FoldingTest {
    private static Tensor random(Random r, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    @Test void unfoldIsTheDefinitionsColumnMatrixAndFoldSumsItBack() {
        Random r = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(2), c = 1 + r.nextInt(3);
            int[] k = {1 + r.nextInt(3), 1 + r.nextInt(3)}, d = {1 + r.nextInt(2), 1 + r.nextInt(2)}, p = {r.nextInt(2), r.nextInt(2)};
            int[] s = {1 + r.nextInt(2), 1 + r.nextInt(3)};
            int[] in = {d[0] * (k[0] - 1) + 1 + r.nextInt(4), d[1] * (k[1] - 1) + 1 + r.nextInt(4)}, out = new int[2];
            for (int i = 0; i < 2; i++) out[i] = (in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1;
            Tensor x = random(r, n, c, in[0], in[1]);
            Tensor cols = Folding.unfold(x, k, d, p, s);
            int rows = c * k[0] * k[1], blocks = out[0] * out[1];
            assertArrayEquals(new int[] {n, rows, blocks}, cols.shape());
            float[] xv = x.toFloatArray(), cv = cols.toFloatArray();
            // the definition: column (oh, ow), row (ch, a, b) reads x[ch, oh·s − p + a·d, ow·s − p + b·d], zero outside
            double[] back = new double[xv.length];
            for (int b0 = 0; b0 < n; b0++) for (int ch = 0; ch < c; ch++) for (int a = 0; a < k[0]; a++) for (int b = 0; b < k[1]; b++)
                for (int oh = 0; oh < out[0]; oh++) for (int ow = 0; ow < out[1]; ow++) {
                    int row = (ch * k[0] + a) * k[1] + b, ih = oh * s[0] - p[0] + a * d[0], iw = ow * s[1] - p[1] + b * d[1];
                    boolean inside = ih >= 0 && ih < in[0] && iw >= 0 && iw < in[1];
                    int xi = ((b0 * c + ch) * in[0] + ih) * in[1] + iw;
                    float got = cv[(b0 * rows + row) * blocks + oh * out[1] + ow];
                    assertEquals(inside ? xv[xi] : 0f, got, 0f);
                    if (inside) back[xi] += got;
                }
            float[] folded = Folding.fold(cols, in, k, d, p, s).toFloatArray();
            for (int i = 0; i < xv.length; i++) assertEquals(back[i], folded[i], 1e-5 * (1 + Math.abs(back[i])), "fold element " + i);
        }
    }

    @Test void gradientsPassGradCheckAndUnbatchedInputsWork() {
        Random r = new Random(4);
        Tensor x = random(r, 2, 2, 5, 4).requiresGrad(true);
        assertTrue(GradCheck.check(in -> Folding.unfold(in[0], new int[] {2, 3}, new int[] {1}, new int[] {1}, new int[] {2, 1}), x));
        Tensor cols = random(r, 2, 2 * 6, 12).requiresGrad(true);     // (5 + 2 − 2)/2 + 1 = 3 by (4 + 2 − 3)/1 + 1 = 4 blocks
        assertTrue(GradCheck.check(in -> Folding.fold(in[0], new int[] {5, 4}, new int[] {2, 3}, null, new int[] {1}, new int[] {2, 1}),
                cols));
        Tensor single = random(r, 3, 4, 4);
        assertArrayEquals(new int[] {12, 9}, Folding.unfold(single, new int[] {2}, null, null, null).shape());
        assertArrayEquals(Folding.unfold(single.unsqueeze(0), new int[] {2}, null, null, null).squeeze(0).toFloatArray(),
                Folding.unfold(single, new int[] {2}, null, null, null).toFloatArray());
        assertArrayEquals(new int[] {3, 4, 4}, Folding.fold(random(r, 12, 9), new int[] {4}, new int[] {2}, null, null, null).shape());
    }

    @Test void badArgumentsGetPyTorchsErrorsAndTheLayersNameThemselves() {
        var rows = assertThrows(IllegalArgumentException.class,
                () -> Folding.fold(Tensor.zeros(1, 7, 9), new int[] {4}, new int[] {2}, null, null, null));
        assertTrue(rows.getMessage().contains("divisible by the product of kernel_size"), rows.getMessage());
        var blocks = assertThrows(IllegalArgumentException.class,
                () -> Folding.fold(Tensor.zeros(1, 8, 8), new int[] {4}, new int[] {2}, null, null, null));
        assertTrue(blocks.getMessage().contains("calculated number of sliding blocks 3 * 3 = 9, but got input.size(2)=8"), blocks.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Folding.unfold(Tensor.zeros(1, 1, 2, 2), new int[] {3}, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Folding.unfold(Tensor.zeros(4, 4), new int[] {2}, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Folding.unfold(Tensor.zeros(1, 1, 4, 4), new int[] {2}, null, null, new int[] {0}));
        var layer = assertThrows(IllegalArgumentException.class, () -> new Unfold(2).outputShape(new int[] {1, 1, 1, 5}));
        assertTrue(layer.getMessage().startsWith("Unfold(kernel_size=2, dilation=1, padding=0, stride=1): "), layer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Fold(new int[] {1}, 3));
    }

    @Test void theLayersHaveShapeRulesAndRoundTripTheirConfigs() {
        Unfold unfold = new Unfold(new int[] {3}, new int[] {1}, new int[] {1}, new int[] {2});
        Fold fold = new Fold(new int[] {7, 6}, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {2});
        int[] x = {2, 4, 7, 6};
        assertArrayEquals(new int[] {2, 36, 12}, unfold.outputShape(x));
        assertArrayEquals(x, fold.outputShape(unfold.outputShape(x)));
        Tensor t = random(new Random(5), x);
        assertArrayEquals(fold.outputShape(unfold.outputShape(x)), fold.forward(unfold.forward(t)).shape());
        assertEquals(0, unfold.macs(x));
        for (var m : new dev.soma.nn.Module[] {unfold, fold}) {
            var back = ModuleFactory.build(m.config());
            assertEquals(m.toString(), back.toString());
            assertEquals(m.config(), back.config());
        }
        assertEquals("Fold(output_size=(7, 6), kernel_size=3, dilation=1, padding=1, stride=2)", fold.toString());
    }
}
