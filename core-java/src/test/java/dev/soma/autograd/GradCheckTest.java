package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** GradCheck reports failure: the output, the input, the worst element and both values; and it passes correct rules. */
class GradCheckTest {
    /**
     * L = Σ w·x² with dL/dw = x² right and dL/dx = w·x wrong (the factor 2 forgotten), or right when {@code correct}.
     */
    static final class WeightedSquares extends DifferentiableFunction {
        private final boolean correct;

        WeightedSquares(boolean correct) { this.correct = correct; }

        @Override protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return in[0].mul(in[1].square()).sum();
        }

        @Override protected Tensor[] backward(Context ctx, Tensor g) {
            Tensor w = ctx.savedTensors()[0], x = ctx.savedTensors()[1];
            Tensor gx = g.mul(w).mul(x);
            return new Tensor[] {g.mul(x.square()), correct ? gx.mul(2f) : gx};
        }
    }

    private static final Tensor W = Tensor.of(new float[] {1, 1, 1, 1}, 2, 2);
    private static final Tensor X = Tensor.of(new float[] {1, -2, 0, 3}, 2, 2);

    @Test
    void aCorrectBackwardPasses() {
        WeightedSquares f = new WeightedSquares(true);
        assertTrue(GradCheck.check(in -> f.apply(in[0], in[1]), W.requiresGrad(true), X.requiresGrad(true)));
    }

    @Test
    void aWrongBackwardIsCaughtNamingTheInputTheWorstElementAndBothValues() {
        WeightedSquares f = new WeightedSquares(false);
        GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
                () -> GradCheck.check(in -> f.apply(in[0], in[1]), W.requiresGrad(true), X.requiresGrad(true)));
        GradCheck.Mismatch m = e.mismatch();
        // dL/dx_j = 2·u·w_j·x_j but the rule gives u·w_j·x_j: the error u·x_j is largest at x = 3, element [1, 1]
        assertEquals(1, m.input(), "w's gradient is right, x's is wrong");
        assertArrayEquals(new int[] {2, 2}, m.inputShape());
        assertEquals(3, m.element());
        assertArrayEquals(new int[] {1, 1}, m.index());
        double u = new Generator(1234).nextGaussian();     // the upstream gradient GradCheck draws for a scalar output
        assertEquals(3 * u, m.analytical(), 1e-5);
        assertEquals(6 * u, m.numerical(), 2e-2 * Math.abs(6 * u));
        assertTrue(Math.abs(u) > 0.05, "u = " + u);         // so that |u·x_j| exceeds the tolerance wherever x_j != 0
        assertEquals(3, m.failing(), "x = 1, -2 and 3 are out of tolerance; x = 0 has no error");
        assertEquals(4, m.total());
        String msg = e.getMessage();
        assertTrue(msg.contains("input 1 (shape [2, 2])") && msg.contains("worst element [1, 1] (flat 3)")
                && msg.contains("analytical") && msg.contains("numerical") && msg.contains("3 of 4 elements"), msg);
    }

    @Test
    void aNanGradientIsTheWorstElement() {
        DifferentiableFunction nanRule = new DifferentiableFunction() {
            @Override protected Tensor forward(Context ctx, Tensor... in) { return in[0].mul(2f); }

            @Override protected Tensor[] backward(Context ctx, Tensor g) {
                float[] v = g.mul(2f).toFloatArray();
                v[1] = Float.NaN;
                return new Tensor[] {Tensor.of(v, g.shape())};
            }
        };
        GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
                () -> GradCheck.check(in -> nanRule.apply(in[0]), Tensor.of(1f, 2f, 3f).requiresGrad(true)));
        assertEquals(1, e.mismatch().element());
        assertTrue(Double.isNaN(e.mismatch().analytical()));
        assertEquals(1, e.mismatch().failing());
    }

    @Test
    void anOutputNoInputReachesAndInputsWithoutGradAreReportedClearly() {
        GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
                () -> GradCheck.check(in -> in[0].detach().mul(2f), Tensor.of(1f, 2f).requiresGrad(true)));
        assertNull(e.mismatch());
        assertTrue(e.getMessage().contains("no output requires grad"), e.getMessage());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(in -> in[0].mul(2f), Tensor.of(1f, 2f)));
        assertTrue(bad.getMessage().contains("no input requires grad") && bad.getMessage().contains("requiresGrad(true)"),
                bad.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.checkMulti(in -> new Tensor[0], Tensor.of(1f).requiresGrad(true)));
        assertTrue(none.getMessage().contains("no output"), none.getMessage());
    }

    @Test
    void aFloatOutputOutsideTheGraphThatDependsOnAnInputIsCaught() {
        // output 1 is computed from x but detached: its numerical gradient is 3, its analytical one necessarily 0
        GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class,
                () -> GradCheck.checkMulti(in -> new Tensor[] {in[0].mul(2f), in[0].detach().mul(3f)},
                        Tensor.of(1f, 2f, 3f).requiresGrad(true)));
        assertTrue(e.mismatch().output().startsWith("output 1 of 2, which does not require grad"), e.getMessage());
        assertEquals(0, e.mismatch().analytical());
        assertEquals(3, e.mismatch().failing());
    }

    @Test
    void nullInputsAndConstantInputsAreLeftAlone() {
        assertTrue(GradCheck.check(in -> in[1] == null ? in[0].mul(in[2]) : in[0], Tensor.of(1f, 2f).requiresGrad(true), null,
                Tensor.of(3f, 4f)));
    }
}
