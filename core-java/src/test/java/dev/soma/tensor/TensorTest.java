package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Factories, views (which must alias their base), contiguity, dtypes, the generator and printing. */
class TensorTest {
    private static Tensor range(int... shape) { return Tensor.arange(Shape.numel(shape)).reshape(shape); }

    // ---------------------------------------------------------------- factories

    @Test
    void factoriesFillShapesWithTheRightValues() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Tensor.zeros(2, 3).toFloatArray());
        assertArrayEquals(new int[] {2, 3}, Tensor.ones(2, 3).shape());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).toFloatArray());
        assertArrayEquals(new float[] {7, 7, 7}, Tensor.full(new int[] {3}, 7f).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3).toFloatArray());
        assertArrayEquals(new float[] {2, 2.5f, 3, 3.5f}, Tensor.arange(2, 4, 0.5).toFloatArray());
        assertArrayEquals(new float[] {5, 3, 1}, Tensor.arange(5, 0, -2).toFloatArray());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {3}, Tensor.linspace(3, 9, 1).toFloatArray());
        assertEquals(0, Tensor.zeros(0, 4).numel());
        assertEquals(0, Tensor.scalar(2f).dim());
        assertEquals(2f, Tensor.scalar(2f).item());
    }

    @Test
    void factoryErrorsSayWhatWasExpected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.randint(3, 3, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("[2, 2]"), e.getMessage());
        var item = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertTrue(item.getMessage().contains("2 elements"), item.getMessage());
    }

    @Test
    void indexAndMaskTensorsHaveTorchDtypes() {
        Tensor l = Tensor.ofLongs(new long[] {4, -1, 16_000_000}, 3);
        assertEquals(DType.INT64, l.dtype());
        assertArrayEquals(new long[] {4, -1, 16_000_000}, l.toLongArray());
        Tensor b = Tensor.ofBooleans(new boolean[] {true, false}, 2);
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new boolean[] {true, false}, b.toBooleanArray());
        assertEquals(DType.FLOAT32, l.to(DType.FLOAT32).dtype());
        assertArrayEquals(new float[] {1, 0}, b.to(DType.FLOAT32).toFloatArray());
    }

    // ---------------------------------------------------------------- generator

    @Test
    void generatorsAreReproducibleAndRestorable() {
        assertArrayEquals(Tensor.randn(new Generator(42), 5).toFloatArray(), Tensor.randn(new Generator(42), 5).toFloatArray());
        assertFalse(java.util.Arrays.equals(Tensor.rand(new Generator(1), 5).toFloatArray(),
                Tensor.rand(new Generator(2), 5).toFloatArray()));
        Generator.manualSeed(7);
        float[] first = Tensor.rand(3).toFloatArray();
        Generator.manualSeed(7);
        assertArrayEquals(first, Tensor.rand(3).toFloatArray());

        Generator g = new Generator(9);
        Tensor.randn(g, 3);                       // leaves a spare normal behind
        long[] state = g.getState();
        float[] next = Tensor.randn(g, 4).toFloatArray();
        g.setState(state);
        assertArrayEquals(next, Tensor.randn(g, 4).toFloatArray());
    }

    @Test
    void randomValuesHaveTheirDistribution() {
        float[] u = Tensor.rand(new Generator(3), 20_000).toFloatArray();
        double mean = 0;
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f);
            mean += v / u.length;
        }
        assertEquals(0.5, mean, 0.01);
        Tensor n = Tensor.randn(new Generator(4), 20_000);
        assertEquals(0.0, n.mean().item(), 0.03);
        assertEquals(1.0, n.std().item(), 0.03);
        long[] r = Tensor.randint(new Generator(5), -2, 3, 1000).toLongArray();
        boolean[] seen = new boolean[5];
        for (long v : r) {
            assertTrue(v >= -2 && v < 3);
            seen[(int) v + 2] = true;
        }
        for (boolean s : seen) assertTrue(s);
    }

    // ---------------------------------------------------------------- views

    @Test
    void viewsShareStorageWithTheirBase() {
        Tensor base = range(2, 3, 4);
        Tensor[] views = {base.view(6, 4), base.reshape(4, 6), base.transpose(0, 2), base.permute(2, 0, 1),
                base.narrow(1, 1, 2), base.select(0, 1), base.slice(2, 0, 4, 2), base.unsqueeze(1), base.flatten(),
                base.unflatten(2, 2, 2), base.select(1, 0).unsqueeze(0).expand(3, 2, 4), base.view(1, 24).squeeze()};
        for (Tensor v : views) assertTrue(v.sharesStorageWith(base), "a view shares storage: " + java.util.Arrays.toString(v.shape()));
        try (var off = dev.soma.autograd.GradMode.noGrad()) {
            base.narrow(1, 1, 2).select(2, 3).fill_(-1f);
        }
        assertEquals(-1f, base.get(0, 1, 3));
        assertEquals(-1f, base.get(1, 2, 3));
        assertEquals(-1f, views[2].get(3, 1, 0), "the transposed view sees the write");
    }

    @Test
    void viewStridesAndOffsetsFollowPyTorch() {
        Tensor x = range(2, 3, 4);
        assertArrayEquals(new int[] {12, 4, 1}, x.strides());
        assertArrayEquals(new int[] {1, 4, 12}, x.permute(2, 1, 0).strides());
        Tensor n = x.narrow(2, 1, 2);
        assertEquals(1, n.storageOffset());
        assertArrayEquals(new int[] {12, 4, 1}, n.strides());
        assertArrayEquals(new int[] {0, 12, 4, 1}, x.expand(5, 2, 3, 4).strides());
        assertArrayEquals(new int[] {12, 4, 2}, x.slice(2, 0, 4, 2).strides());
        assertArrayEquals(new float[] {1, 3, 5, 7}, range(8).slice(0, 1, 8, 2).toFloatArray());
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = range(3, 4);
        assertTrue(x.isContiguous());
        assertSame(x, x.contiguous());
        Tensor t = x.t();
        assertFalse(t.isContiguous());
        Tensor c = t.contiguous();
        assertNotSame(t, c);
        assertTrue(c.isContiguous());
        assertFalse(c.sharesStorageWith(x));
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, c.toFloatArray());
        assertTrue(x.reshape(12).sharesStorageWith(x), "reshape of a contiguous tensor is a view");
        assertFalse(t.reshape(12).sharesStorageWith(x), "reshape of a transposed tensor must copy");
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.reshape(12).toFloatArray());
        var e = assertThrows(IllegalStateException.class, () -> t.view(12));
        assertTrue(e.getMessage().contains("view"), e.getMessage());
    }

    @Test
    void shapeArgumentsAreCheckedLikePyTorch() {
        Tensor x = range(2, 3);
        assertArrayEquals(new int[] {3, 2}, x.reshape(-1, 2).shape());
        assertThrows(IllegalArgumentException.class, () -> x.reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> x.expand(3, 3));
        assertArrayEquals(new int[] {2, 2, 3}, x.expand(2, -1, -1).shape());
        assertArrayEquals(new int[] {2, 3}, x.squeeze(0).shape(), "a dim whose size is not 1 is left alone");
        var e = assertThrows(IndexOutOfBoundsException.class, () -> x.transpose(0, 2));
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.select(1, 3));
        assertThrows(IllegalArgumentException.class, () -> x.narrow(1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0));
    }

    @Test
    void inPlaceOpsBumpTheVersionOfEveryView() {
        Tensor x = range(2, 2);
        Tensor v = x.t();
        int before = v.version();
        x.add_(Tensor.ones(2, 2));
        assertEquals(before + 1, v.version());
        assertArrayEquals(new float[] {1, 3, 2, 4}, v.toFloatArray());
        x.mul_(Tensor.scalar(2f)).clamp_(3f, 6f);
        assertArrayEquals(new float[] {3, 4, 6, 6}, x.toFloatArray());
        x.zero_();
        assertArrayEquals(new float[] {0, 0, 0, 0}, v.toFloatArray());
    }

    @Test
    void cloneCopiesAndKeepsTheGraph() {
        Tensor x = range(3).requiresGrad(true);
        Tensor c = x.clone();
        assertFalse(c.sharesStorageWith(x));
        c.mul(Tensor.of(1f, 2f, 3f)).sum().backward();
        assertArrayEquals(new float[] {1, 2, 3}, x.grad().toFloatArray());
    }

    // ---------------------------------------------------------------- printing

    @Test
    void printsLikePyTorch() {
        assertEquals("tensor([[0.5000, 1.0000],\n        [2.0000, 3.2500]], shape=[2, 2])",
                Tensor.of(new float[] {0.5f, 1, 2, 3.25f}, 2, 2).toString());
        assertEquals("tensor([1., 2., 3.], shape=[3])", Tensor.of(1f, 2f, 3f).toString());
        assertEquals("tensor(2.5000)", Tensor.scalar(2.5f).toString());
        assertEquals("tensor([ 3, -1], shape=[2], dtype=torch.int64)", Tensor.ofLongs(new long[] {3, -1}, 2).toString());
        assertEquals("tensor([ True, False], shape=[2], dtype=torch.bool)",
                Tensor.ofBooleans(new boolean[] {true, false}, 2).toString());
        assertEquals("tensor([1.0000e-05, 1.0000e+00], shape=[2])", Tensor.of(1e-5f, 1f).toString());
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        assertEquals("tensor([1., 2.], shape=[2], requires_grad=True)", x.toString());
        assertTrue(x.mul(2f).toString().endsWith("grad_fn=<MulBackward>)"), x.mul(2f).toString());
        String big = Tensor.arange(2000).toString();
        // Integral values spanning more than three decades switch to scientific notation, as in PyTorch.
        assertTrue(big.startsWith("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00, ..., 1.9970e+03, 1.9980e+03, 1.9990e+03]"), big);
        assertTrue(Tensor.arange(100).toString().contains("[ 0.,  1.,  2.,  3.,"), Tensor.arange(100).toString());
    }

    @Test void bulkFloatsAreTheSameNumbersAsSingleDraws() {
        Generator a = new Generator(42), b = new Generator(42);
        float[] bulk = new float[1003];
        a.nextFloats(bulk, 2, 1000);
        for (int i = 2; i < 1002; i++) assertEquals(b.nextFloat(), bulk[i], "draw " + (i - 2));
        assertEquals(b.nextLong(), a.nextLong(), "the state moved on by as many draws");
        assertEquals(0f, bulk[0]);
        assertEquals(0f, bulk[1002]);
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> a.nextFloats(bulk, 10, 1000));
    }
}
