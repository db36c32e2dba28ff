package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.transforms.Normalize;
import dev.soma.data.transforms.RandomAffine;
import dev.soma.data.transforms.RandomCrop;
import dev.soma.data.transforms.RandomHorizontalFlip;
import dev.soma.data.transforms.Transform;
import dev.soma.data.transforms.TransformedDataset;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TransformsTest {
    /** A 1×3×3 image holding 0..8. */
    private static Tensor image() { return Tensor.arange(9).reshape(1, 3, 3); }

    @Test
    void normalizeIsPerChannelAndComposes() {
        Tensor x = Tensor.of(new float[] {2, 4, 10, 20}, 2, 2);
        Tensor y = new Normalize(new float[] {1, 10}, new float[] {1, 5}).apply(x);
        assertArrayEquals(new float[] {1, 3, 0, 2}, y.toFloatArray());
        Tensor z = Transform.toFloat().andThen(new Normalize(new float[] {0.5f}, new float[] {0.5f})).apply(Tensor.of(new float[] {0, 255}, 1, 2));
        assertArrayEquals(new float[] {-1, 1}, z.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[] {1}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[] {1, 2}, new float[] {1, 1}).apply(image()));
    }

    @Test
    void flipMirrorsTheWidthWithItsProbability() {
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6}, new RandomHorizontalFlip(1, new Generator(1)).apply(image()).toFloatArray());
        assertArrayEquals(image().toFloatArray(), new RandomHorizontalFlip(0, new Generator(1)).apply(image()).toFloatArray());
        RandomHorizontalFlip half = new RandomHorizontalFlip(0.5, new Generator(2));
        int flipped = 0;
        for (int i = 0; i < 1000; i++) if (half.apply(image()).get(0, 0, 0) == 2f) flipped++;
        assertTrue(flipped > 420 && flipped < 580, "about half flipped: " + flipped);
    }

    @Test
    void cropWithPaddingShiftsTheWindowAndFillsTheBorder() {
        RandomCrop crop = new RandomCrop(3, 1, -1f, new Generator(3));
        boolean sawShift = false;
        for (int i = 0; i < 50; i++) {
            Tensor c = crop.apply(image());
            assertArrayEquals(new int[] {1, 3, 3}, c.shape());
            float[] v = c.toFloatArray();
            boolean shifted = !java.util.Arrays.equals(v, image().toFloatArray());
            if (shifted) {
                sawShift = true;
                boolean hasFill = false;
                for (float f : v) hasFill |= f == -1f;
                assertTrue(hasFill, "a shifted window shows the padding");
            }
        }
        assertTrue(sawShift);
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(6, 1, 0, new Generator(1)).apply(image()));
    }

    @Test
    void affineIdentityAndQuarterTurn() {
        Tensor id = new RandomAffine(0, 0, 0, 1, 1, 0, 0, new Generator(4)).apply(image());
        assertArrayEquals(image().toFloatArray(), id.toFloatArray(), 1e-5f, "no rotation, shift, scale or shear: unchanged");
        // A quarter turn about the centre of a 3×3 image maps it onto itself rotated: row 0 becomes a column.
        Tensor r = RandomAffine.rotation(image(), 90);
        assertArrayEquals(new float[] {6, 3, 0, 7, 4, 1, 8, 5, 2}, r.toFloatArray(), 1e-4f);
        Tensor shifted = new RandomAffine(0, 0.34f, 0, 1, 1, 0, -1, new Generator(9)).apply(image());
        assertEquals(9, shifted.numel());
    }

    @Test
    void transformedDatasetsFeedTheLoader() {
        TensorDataset base = new TensorDataset(Tensor.arange(18).reshape(2, 1, 3, 3), Tensor.ofLongs(new long[] {0, 1}, 2));
        TransformedDataset flipped = new TransformedDataset(base, new RandomHorizontalFlip(1, new Generator(1)));
        Batch b = DataLoader.builder(flipped).batchSize(2).build().iterator().next();
        assertArrayEquals(new int[] {2, 1, 3, 3}, b.inputs().shape());
        assertEquals(2f, b.inputs().get(0, 0, 0, 0));
        assertArrayEquals(new long[] {0, 1}, b.targets().toLongArray());
    }
}
