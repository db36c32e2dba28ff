package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import dev.soma.autograd.GradMode;
import dev.soma.autograd.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** max(dim)/min(dim), split, chunk and unbind: one node per call, views in forward, gradients per piece. */
class MultiOutputOpsTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).requiresGrad(true); }

    private static void assertOneNode(Tensor[] outs, String name) {
        Node node = outs[0].gradFn();
        assertEquals(name, node.name());
        assertEquals(outs.length, node.outputCount());
        for (int k = 0; k < outs.length; k++) {
            assertSame(node, outs[k].gradFn());
            assertEquals(k, outs[k].outputIndex());
            assertFalse(outs[k].isLeaf());
            assertTrue(outs[k].requiresGrad());
        }
    }

    // ---------------------------------------------------------------- max, min

    @ParameterizedTest
    @CsvSource({"0, false", "1, false", "1, true", "-1, true", "2, false"})
    void maxAndMinValuesGradcheck(int dim, boolean keepdim) {
        assertTrue(GradCheck.check(in -> in[0].max(dim, keepdim).values().mul(in[0].min(dim, keepdim).values()),
                randn(dim * 10L + 1, 3, 4, 2)));
    }

    @ParameterizedTest
    @CsvSource({"0, false", "1, false", "1, true", "-1, true", "2, false"})
    void maxAndMinWithIndicesCheckAsMultiOutputFunctions(int dim, boolean keepdim) {
        // values are checked; the int64 indices are outputs too, skipped by the check as not differentiable
        assertTrue(GradCheck.checkMulti(in -> {
            ValuesIndices m = in[0].max(dim, keepdim);
            return new Tensor[] {m.values(), m.indices()};
        }, randn(dim * 10L + 5, 3, 4, 2)));
        assertTrue(GradCheck.checkMulti(in -> {
            ValuesIndices m = in[0].min(dim, keepdim), n = in[0].max(dim, keepdim);
            return new Tensor[] {m.indices(), m.values(), n.values().tanh()};
        }, randn(dim * 10L + 6, 2, 3, 4)));
    }

    @Test
    void splitChunkAndUnbindCheckEveryPieceAsOutputs() {
        assertTrue(GradCheck.checkMulti(in -> in[0].split(2, 1), randn(51, 3, 5)));                  // widths 2, 2, 1
        assertTrue(GradCheck.checkMulti(in -> in[0].split(new int[] {1, 3, 2}, 0), randn(52, 6, 2)));
        assertTrue(GradCheck.checkMulti(in -> in[0].chunk(3, -1), randn(53, 2, 7)));                 // 3, 3, 1
        assertTrue(GradCheck.checkMulti(in -> in[0].t().chunk(2, 1), randn(54, 4, 3)));               // strided input
        assertTrue(GradCheck.checkMulti(in -> in[0].unbind(1), randn(55, 2, 4, 3)));
        assertTrue(GradCheck.checkMulti(in -> {
            Tensor[] s = in[0].unbind(0);
            return new Tensor[] {s[0].mul(s[1]), s[2].exp(), s[1]};
        }, randn(56, 3, 2)));
    }

    @Test
    void maxValuesAndIndicesComeFromOneNodeAndIndicesNeedNoGrad() {
        Tensor x = Tensor.of(new float[] {1, 5, 3, 9, 2, 4}, 2, 3).requiresGrad(true);
        ValuesIndices m = x.max(1);
        assertArrayEquals(new float[] {5, 9}, m.values().toFloatArray());
        assertArrayEquals(new long[] {1, 0}, m.indices().toLongArray());
        assertEquals(DType.INT64, m.indices().dtype());
        assertFalse(m.indices().requiresGrad());
        assertNull(m.indices().gradFn());
        assertEquals("MaxBackward", m.values().gradFn().name());
        assertEquals(2, m.values().gradFn().outputCount());
        assertEquals(0, m.values().outputIndex());
        m.values().mul(Tensor.of(2f, 3f)).sum().backward();
        assertArrayEquals(new float[] {0, 2, 0, 3, 0, 0}, x.grad().toFloatArray());

        ValuesIndices n = x.min(0, true);
        assertEquals("MinBackward", n.values().gradFn().name());
        assertArrayEquals(new int[] {1, 3}, n.values().shape());
    }

    // ---------------------------------------------------------------- split, chunk

    @Test
    void splitPiecesAreViewsOfTheInputOnOneNode() {
        Tensor x = Tensor.arange(10).reshape(5, 2).requiresGrad(true);
        Tensor[] parts = x.split(2);
        assertEquals(3, parts.length);
        assertArrayEquals(new int[] {1, 2}, parts[2].shape());
        assertArrayEquals(new float[] {4, 5, 6, 7}, parts[1].toFloatArray());
        for (Tensor p : parts) assertTrue(p.sharesStorageWith(x));
        assertEquals(8, parts[2].storageOffset());          // row 4 of 2 columns
        assertOneNode(parts, "SplitBackward");
        assertOneNode(x.split(new int[] {1, 4}, 0), "SplitWithSizesBackward");
        assertOneNode(x.chunk(2, 1), "SplitBackward");

        Tensor plain = Tensor.arange(6);
        for (Tensor p : plain.split(4)) assertNull(p.gradFn());
        try (var g = GradMode.noGrad()) {
            for (Tensor p : x.split(2)) assertFalse(p.requiresGrad());
        }
    }

    @Test
    void splitGradientIsZeroWhereAPieceGotNone() {
        Tensor x = Tensor.arange(6).reshape(3, 2).requiresGrad(true);
        Tensor[] parts = x.split(1);
        parts[1].mul(Tensor.of(new float[] {5, 7}, 1, 2)).sum().backward();
        assertArrayEquals(new float[] {0, 0, 5, 7, 0, 0}, x.grad().toFloatArray());
    }

    @Test
    void splitGradcheckUsingSomeAndAllPieces() {
        assertTrue(GradCheck.check(in -> in[0].split(2, 1)[1].exp(), randn(21, 3, 5)));
        assertTrue(GradCheck.check(in -> {
            Tensor[] p = in[0].split(2, 1);                          // widths 2, 2, 1
            return p[0].mul(p[1]).sum(1).add(p[2].squeeze(1).square());
        }, randn(22, 3, 5)));
        assertTrue(GradCheck.check(in -> {
            Tensor[] p = in[0].split(new int[] {1, 3, 0, 2}, 0);
            return p[3].sum(0).add(p[1].square().sum(0));             // pieces 0 and 2 unused
        }, randn(23, 6, 2)));
    }

    @Test
    void chunkGradcheckUsingSomeAndAllPieces() {
        assertTrue(GradCheck.check(in -> {
            Tensor[] c = in[0].chunk(3, -1);                         // 7 → 3, 3, 1
            return Tensor.cat(new Tensor[] {c[2], c[0].tanh(), c[1].square()}, 1);
        }, randn(31, 2, 7)));
        assertTrue(GradCheck.check(in -> in[0].chunk(4, 0)[2].sigmoid(), randn(32, 8, 3)));
        // a strided input: chunks of a transposed tensor
        assertTrue(GradCheck.check(in -> in[0].t().chunk(2, 1)[1].exp(), randn(33, 4, 3)));
    }

    // ---------------------------------------------------------------- unbind

    @Test
    void unbindGivesViewsWithTheDimRemoved() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        Tensor[] cols = x.unbind(1);
        assertEquals(3, cols.length);
        assertArrayEquals(new int[] {2}, cols[0].shape());
        assertArrayEquals(new float[] {1, 4}, cols[1].toFloatArray());
        for (Tensor c : cols) assertTrue(c.sharesStorageWith(x));
        assertOneNode(cols, "UnbindBackward");
        Tensor[] rows = x.unbind();
        assertArrayEquals(new float[] {3, 4, 5}, rows[1].toFloatArray());
        assertEquals(3, x.unbind(-1).length);
        Tensor[] scalars = Tensor.of(7f, 8f).unbind();
        assertArrayEquals(new int[0], scalars[1].shape());
        assertEquals(8f, scalars[1].item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).unbind());
        assertTrue(e.getMessage().contains("no dimensions"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.unbind(2));
    }

    @Test
    void unbindGradcheckUsingSomeAndAllSlices() {
        assertTrue(GradCheck.check(in -> in[0].unbind(1)[2].exp(), randn(41, 2, 4, 3)));
        assertTrue(GradCheck.check(in -> {
            Tensor[] s = in[0].unbind(0);
            Tensor acc = s[0];
            for (int i = 1; i < s.length; i++) acc = acc.mul(s[i]).add(s[i].tanh());
            return acc;
        }, randn(42, 4, 3)));
        assertTrue(GradCheck.check(in -> {
            Tensor[] s = in[0].unbind(-1);
            return Tensor.stack(new Tensor[] {s[1], s[0].square()}, 0);
        }, randn(43, 3, 2)));
    }

    @Test
    void piecesUsedManyTimesAccumulate() {
        Tensor x = Tensor.of(1f, 2f, 3f, 4f).requiresGrad(true);
        Tensor[] p = x.chunk(2);
        Tensor loss = p[0].sum().add(p[0].mul(2f).sum()).add(p[1].mul(p[1]).sum());
        loss.backward();
        assertArrayEquals(new float[] {3, 3, 6, 8}, x.grad().toFloatArray());
    }
}
