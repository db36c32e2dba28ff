package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes with several outputs: custom functions returning several tensors, grad routing per output, graph semantics. */
class MultiOutputTest {
    private static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).requiresGrad(true); }

    /** (x·y, x+y) with a hand-written backward; records what its backward was given. */
    static final class ProductAndSum extends DifferentiableFunction {
        final List<Tensor[]> seen = new ArrayList<>();
        private final boolean materialize;

        ProductAndSum(boolean materialize) { this.materialize = materialize; }

        @Override protected Tensor[] forwardMulti(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            ctx.setMaterializeGrads(materialize);
            return new Tensor[] {in[0].mul(in[1]), in[0].add(in[1])};
        }

        @Override protected Tensor[] backwardMulti(Context ctx, Tensor[] g) {
            seen.add(g.clone());
            Tensor x = ctx.savedTensors()[0], y = ctx.savedTensors()[1];
            Tensor gp = g[0], gs = g[1];
            Tensor gx = gp == null ? gs : gs == null ? gp.mul(y) : gp.mul(y).add(gs);
            Tensor gy = gp == null ? gs : gs == null ? gp.mul(x) : gp.mul(x).add(gs);
            return new Tensor[] {gx, gy};
        }
    }

    @Test
    void aFunctionWithTwoOutputsGetsOneGradientPerOutputAndRunsOnce() {
        ProductAndSum f = new ProductAndSum(true);
        Tensor x = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor y = Tensor.of(5f, 7f).requiresGrad(true);
        Tensor[] out = f.applyMulti(x, y);
        assertArrayEquals(new float[] {10, 21}, out[0].toFloatArray());
        assertArrayEquals(new float[] {7, 10}, out[1].toFloatArray());
        // L = Σ 2·(x·y) + Σ 3·(x+y): dL/dx = 2y + 3, dL/dy = 2x + 3
        out[0].mul(2f).sum().add(out[1].mul(3f).sum()).backward();
        assertEquals(1, f.seen.size(), "the node runs once for both outputs");
        assertArrayEquals(new float[] {2, 2}, f.seen.get(0)[0].toFloatArray());
        assertArrayEquals(new float[] {3, 3}, f.seen.get(0)[1].toFloatArray());
        assertArrayEquals(new float[] {13, 17}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {7, 9}, y.grad().toFloatArray());
    }

    @Test
    void gradcheckThroughAMultiOutputFunction() {
        ProductAndSum f = new ProductAndSum(true);
        assertTrue(GradCheck.check(in -> {
            Tensor[] o = f.applyMulti(in[0], in[1]);
            return o[0].mul(o[1]).add(o[1].square());        // both outputs, mixed
        }, randn(1, 3, 2), randn(2, 3, 2)));
        assertTrue(GradCheck.check(in -> f.applyMulti(in[0], in[1])[0].exp(), randn(3, 4), randn(4, 4)));
        assertTrue(GradCheck.check(in -> f.applyMulti(in[0], in[1])[1].square(), randn(5, 4), randn(6, 4)));
    }

    @Test
    void checkMultiThroughAUserMultiOutputFunctionEachOutputAndTheirSum() {
        ProductAndSum f = new ProductAndSum(true);
        assertTrue(GradCheck.checkMulti(in -> f.applyMulti(in[0], in[1]), randn(16, 3, 2), randn(17, 3, 2)));
        ProductAndSum lazy = new ProductAndSum(false);          // absent gradients arrive as null
        assertTrue(GradCheck.checkMulti(in -> lazy.applyMulti(in[0], in[1]), randn(18, 4), randn(19, 4)));
        // the recurrent cell's (h, c) after two steps, both outputs checked
        Cell cell = new Cell();
        assertTrue(GradCheck.checkMulti(in -> {
            Tensor[] hc = cell.applyMulti(in[0], in[1], in[2]);
            return cell.applyMulti(in[0], hc[0], hc[1]);
        }, randn(20, 3).mul(0.5f), randn(21, 3).mul(0.5f), randn(22, 3).mul(0.5f)));
    }

    /** (x·y, x+y) whose rule sends the sum's gradient to x twice: wrong for output 1 only. */
    static final class WrongSumRule extends DifferentiableFunction {
        @Override protected Tensor[] forwardMulti(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return new Tensor[] {in[0].mul(in[1]), in[0].add(in[1])};
        }

        @Override protected Tensor[] backwardMulti(Context ctx, Tensor[] g) {
            Tensor x = ctx.savedTensors()[0], y = ctx.savedTensors()[1];
            return new Tensor[] {g[0].mul(y).add(g[1].mul(2f)), g[0].mul(x).add(g[1])};
        }
    }

    @Test
    void checkMultiCatchesAWrongMultiOutputBackwardAndNamesTheOutput() {
        WrongSumRule f = new WrongSumRule();
        Tensor x = Tensor.of(new float[] {0.5f, -1, 2}, 3).requiresGrad(true), y = Tensor.of(3f, 1f, -2f).requiresGrad(true);
        GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
                () -> GradCheck.checkMulti(in -> f.applyMulti(in[0], in[1]), x, y));
        GradCheck.Mismatch m = e.mismatch();
        assertEquals(0, m.input(), "y's gradient is right, x's is wrong");
        assertTrue(m.output().equals("output 1 of 2") || m.output().equals("the weighted sum of outputs [0, 1]"), m.output());
        assertTrue(e.getMessage().contains("input 0 (shape [3])"), e.getMessage());
        // the error is exactly the sum output's upstream gradient u1 at that element: analytical − numerical = u1_j
        assertEquals(3, m.total());
        assertTrue(Math.abs(m.analytical() - m.numerical()) > 0.05, e.getMessage());
        // through output 0 alone (output 1's gradient materialised as zeros) the wrong term vanishes: that passes
        assertTrue(GradCheck.check(in -> f.applyMulti(in[0], in[1])[0], x, y));
        // and the single-output check of output 1 catches it too
        GradCheck.GradCheckFailure one = assertThrows(GradCheck.GradCheckFailure.class,
                () -> GradCheck.check(in -> f.applyMulti(in[0], in[1])[1], x, y));
        assertEquals(0, one.mismatch().input());
        assertEquals(2 * one.mismatch().numerical(), one.mismatch().analytical(), 1e-2 * Math.abs(one.mismatch().analytical()));
    }

    @Test
    void anOutputThatGetsNoGradientArrivesAsZerosOfItsShape() {
        ProductAndSum f = new ProductAndSum(true);
        Tensor x = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor y = Tensor.of(5f, 7f).requiresGrad(true);
        Tensor[] out = f.applyMulti(x, y);
        out[1].sum().backward();                          // the product output is unused
        Tensor[] g = f.seen.get(0);
        assertNotNull(g[0], "materialised");
        assertArrayEquals(new int[] {2}, g[0].shape());
        assertArrayEquals(new float[] {0, 0}, g[0].toFloatArray());
        assertArrayEquals(new float[] {1, 1}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {1, 1}, y.grad().toFloatArray());
    }

    @Test
    void withoutMaterialisedGradsTheRuleSeesNull() {
        ProductAndSum f = new ProductAndSum(false);
        Tensor x = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor y = Tensor.of(5f, 7f).requiresGrad(true);
        f.applyMulti(x, y)[0].sum().backward();
        assertNull(f.seen.get(0)[1]);
        assertArrayEquals(new float[] {5, 7}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {2, 3}, y.grad().toFloatArray());
    }

    @Test
    void outputsShareOneNodeAndKnowTheirIndex() {
        ProductAndSum f = new ProductAndSum(true);
        Tensor x = Tensor.of(2f).requiresGrad(true);
        Tensor[] out = f.applyMulti(x, Tensor.of(1f));
        Node node = out[0].gradFn();
        assertNotNull(node);
        assertSame(node, out[1].gradFn());
        assertEquals(2, node.outputCount());
        assertEquals("ProductAndSumBackward", node.name());
        for (int k = 0; k < 2; k++) {
            assertEquals(k, out[k].outputIndex());
            assertTrue(out[k].requiresGrad());
            assertFalse(out[k].isLeaf());
            assertFalse(out[k].sharesStorageWith(x));
        }
        assertEquals(1, x.mul(2f).gradFn().outputCount());
        assertEquals(0, x.mul(2f).outputIndex());

        Tensor[] plain = f.applyMulti(Tensor.of(2f), Tensor.of(1f));     // nothing requires grad
        assertNull(plain[0].gradFn());
        assertFalse(plain[1].requiresGrad());
        try (var g = GradMode.noGrad()) {
            assertNull(f.applyMulti(x, x)[0].gradFn());
        }
    }

    @Test
    void markedNonDifferentiableOutputsStayOutOfTheGraph() {
        DifferentiableFunction valueAndSign = new DifferentiableFunction() {
            @Override protected Tensor[] forwardMulti(Context ctx, Tensor... in) {
                Tensor sign = in[0].sign();
                ctx.markNonDifferentiable(sign);
                ctx.saveForBackward(sign);
                return new Tensor[] {in[0].abs(), sign};
            }

            @Override protected Tensor[] backwardMulti(Context ctx, Tensor[] g) {
                assertNull(g[1], "a non-differentiable output gets no gradient");
                return new Tensor[] {g[0].mul(ctx.savedTensors()[0])};
            }
        };
        Tensor x = Tensor.of(-2f, 3f).requiresGrad(true);
        Tensor[] out = valueAndSign.applyMulti(x);
        assertFalse(out[1].requiresGrad());
        assertNull(out[1].gradFn());
        assertEquals(2, out[0].gradFn().outputCount());
        out[0].sum().backward();
        assertArrayEquals(new float[] {-1, 1}, x.grad().toFloatArray());
    }

    @Test
    void applyOfAMultiOutputFunctionIsRefusedAndAOneOutputFunctionWorksThroughApplyMulti() {
        ProductAndSum f = new ProductAndSum(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.apply(Tensor.of(1f), Tensor.of(2f)));
        assertTrue(e.getMessage().contains("applyMulti"), e.getMessage());

        DifferentiableFunction twice = new DifferentiableFunction() {
            @Override protected Tensor forward(Context ctx, Tensor... in) { return in[0].mul(2f); }

            @Override protected Tensor[] backward(Context ctx, Tensor g) { return new Tensor[] {g.mul(2f)}; }
        };
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor[] out = twice.applyMulti(x);
        assertEquals(1, out.length);
        out[0].sum().backward();
        assertArrayEquals(new float[] {2, 2}, x.grad().toFloatArray());
    }

    /**
     * A recurrent cell as one function with two outputs that both feed the next step, as an LSTM's (h, c):
     * h' = h·c + x, c' = c + x·h.
     */
    static final class Cell extends DifferentiableFunction {
        int backwardCalls;

        @Override protected Tensor[] forwardMulti(Context ctx, Tensor... in) {
            Tensor x = in[0], h = in[1], c = in[2];
            ctx.saveForBackward(x, h, c);
            return new Tensor[] {h.mul(c).add(x), c.add(x.mul(h))};
        }

        @Override protected Tensor[] backwardMulti(Context ctx, Tensor[] g) {
            backwardCalls++;
            Tensor[] s = ctx.savedTensors();
            Tensor x = s[0], h = s[1], c = s[2], gh = g[0], gc = g[1];
            return new Tensor[] {gh.add(gc.mul(h)), gh.mul(c).add(gc.mul(x)), gh.mul(h).add(gc)};
        }
    }

    @Test
    void aCellWhoseTwoOutputsBothFeedTheNextStep() {
        Cell cell = new Cell();
        int steps = 4;
        assertTrue(GradCheck.check(in -> {
            Tensor h = in[1], c = in[2];
            for (int t = 0; t < steps; t++) {
                Tensor[] hc = cell.applyMulti(in[0].select(0, t), h, c);
                h = hc[0];
                c = hc[1];
            }
            return h.add(c.mul(0.5f));
        }, randn(7, steps, 3).mul(0.5f), randn(8, 3).mul(0.5f), randn(9, 3).mul(0.5f)));
        // one backward call per step per backward pass (gradcheck runs backward once)
        assertEquals(steps, cell.backwardCalls);
    }

    @Test
    void anLstmLikeCellBuiltFromChunkChecksOut() {
        int hidden = 3, steps = 3;
        assertTrue(GradCheck.check(in -> {
            Tensor x = in[0], wx = in[1], wh = in[2], h = in[3], c = in[4];
            for (int t = 0; t < steps; t++) {
                Tensor[] gates = x.select(1, t).matmul(wx).add(h.matmul(wh)).chunk(4, 1);
                c = gates[1].sigmoid().mul(c).add(gates[0].sigmoid().mul(gates[2].tanh()));
                h = gates[3].sigmoid().mul(c.tanh());
            }
            return h.add(c);
        }, randn(11, 2, steps, 2), randn(12, 2, 4 * hidden), randn(13, hidden, 4 * hidden), randn(14, 2, hidden),
                randn(15, 2, hidden)));
    }

    @Test
    void aMultiOutputRootAndRetainGraph() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor[] rows = x.unbind();
        rows[1].backward(Tensor.of(10f, 20f), true);      // the root is output 1 of UnbindBackward
        assertArrayEquals(new float[] {0, 0, 10, 20}, x.grad().toFloatArray());
        rows[1].backward(Tensor.of(1f, 1f));
        assertArrayEquals(new float[] {0, 0, 11, 21}, x.grad().toFloatArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rows[0].backward(Tensor.of(1f, 1f)));
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("UnbindBackward"), e.getMessage());
    }

    @Test
    void backwardTwiceThroughAMultiOutputNodeFailsClearly() {
        ProductAndSum f = new ProductAndSum(true);
        Tensor x = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor[] out = f.applyMulti(x, Tensor.of(1f, 1f));
        Tensor loss = out[0].add(out[1]).sum();
        loss.backward(null, true);
        loss.backward();
        assertArrayEquals(new float[] {4, 4}, x.grad().toFloatArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertEquals(2, f.seen.size());
    }

    @Test
    void modifyingATensorSavedByAMultiOutputNodeMakesBackwardFail() {
        ProductAndSum f = new ProductAndSum(true);
        Tensor y = Tensor.of(1f, 1f);
        Tensor[] out = f.applyMulti(Tensor.of(2f, 3f).requiresGrad(true), y);
        y.add_(1f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> out[0].sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }
}
