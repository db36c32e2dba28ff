package dev.soma.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {
    @Test
    void productRuleByHand() {
        Tensor x = Tensor.of(2f, 3f).requiresGrad(true);
        Tensor w = Tensor.of(5f, 7f).requiresGrad(true);
        Tensor y = x.mul(w).sum();                       // y = 2·5 + 3·7
        assertEquals(31f, y.item());
        y.backward();
        assertArrayEquals(new float[] {5, 7}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {2, 3}, w.grad().toFloatArray());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {6, 6}, x.grad().toFloatArray());
    }

    @Test
    void broadcastGradientIsSummedBackToTheInputShape() {
        Tensor a = Tensor.ones(2, 3).requiresGrad(true);
        Tensor b = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        a.mul(b).sum().backward();
        assertArrayEquals(new float[] {2, 2, 2}, b.grad().toFloatArray());
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, a.grad().toFloatArray());
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.of(3f).requiresGrad(true);
        x.mul(x).add(x).sum().backward();                // d/dx (x² + x) = 2x + 1
        assertArrayEquals(new float[] {7}, x.grad().toFloatArray());
    }

    @Test
    void leavesFedTheSameGradientGetSeparateBuffers() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor b = Tensor.of(3f, 4f).requiresGrad(true);
        a.add(b).mul(Tensor.of(5f, 6f)).sum().backward();    // add hands one gradient to both inputs
        assertFalse(a.grad().sharesStorageWith(b.grad()));
        a.grad().add_(Tensor.of(100f, 100f));
        assertArrayEquals(new float[] {5, 6}, b.grad().toFloatArray());
        assertArrayEquals(new float[] {105, 106}, a.grad().toFloatArray());

        DifferentiableFunction sumOfTwo = new DifferentiableFunction() {
            @Override protected Tensor forward(Context ctx, Tensor... in) { return in[0].add(in[1]); }

            @Override protected Tensor[] backward(Context ctx, Tensor g) {
                Tensor fresh = g.mul(2f);
                return new Tensor[] {fresh, fresh};                // one new tensor for both inputs
            }
        };
        Tensor c = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor d = Tensor.of(3f, 4f).requiresGrad(true);
        sumOfTwo.apply(c, d).sum().backward();
        assertFalse(c.grad().sharesStorageWith(d.grad()));
        c.grad().add_(Tensor.of(1f, 1f));
        assertArrayEquals(new float[] {2, 2}, d.grad().toFloatArray());
    }

    @Test
    void aGradientMadeByBackwardIsKeptAsTheGradAndLaterOnesAddIntoIt() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor w = Tensor.of(3f, 4f);
        x.mul(w).sum().backward();                        // x's gradient w·1 is a fresh tensor nothing else sees
        Tensor first = x.grad();
        assertArrayEquals(new float[] {3, 4}, first.toFloatArray());
        x.mul(w).sum().backward();
        assertTrue(x.grad() == first, "accumulated in place");
        assertArrayEquals(new float[] {6, 8}, first.toFloatArray());
        assertArrayEquals(new float[] {3, 4}, w.toFloatArray());
    }

    @Test
    void gradientsThatAliasInputsOrTheCallersTensorAreCopied() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor seed = Tensor.of(7f, 8f);
        x.backward(seed);                                 // x is its own root: the grad must not be the caller's tensor
        seed.add_(Tensor.of(1f, 1f));
        assertArrayEquals(new float[] {7, 8}, x.grad().toFloatArray());

        DifferentiableFunction passThrough = new DifferentiableFunction() {
            @Override protected Tensor forward(Context ctx, Tensor... in) { return in[0].mul(1f); }

            @Override protected Tensor[] backward(Context ctx, Tensor g) { return new Tensor[] {g}; }
        };
        Tensor y = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor out = passThrough.apply(y);
        Tensor upstream = Tensor.of(2f, 3f);
        out.backward(upstream);                           // the incoming gradient, returned as is, is not owned
        upstream.add_(Tensor.of(10f, 10f));
        assertArrayEquals(new float[] {2, 3}, y.grad().toFloatArray());
    }

    @Test
    void gradientsFlowThroughViews() {
        Tensor x = Tensor.arange(6).reshape(2, 3).requiresGrad(true);
        Tensor y = x.t().narrow(0, 1, 2).mul(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)).sum();
        y.backward();
        // x.t() is 3x2; rows 1..2 of it are columns 1..2 of x
        assertArrayEquals(new float[] {0, 1, 3, 0, 2, 4}, x.grad().toFloatArray());
    }

    @Test
    void explicitGradientForNonScalarOutput() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(2f);
        y.backward(Tensor.of(10f, 100f));
        assertArrayEquals(new float[] {20, 200}, x.grad().toFloatArray());
    }

    @Test
    void nonScalarWithoutGradientIsRefused() {
        Tensor y = Tensor.of(1f, 2f).requiresGrad(true).mul(2f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar outputs"), e.getMessage());
    }

    @Test
    void backwardOnTensorThatNeedsNoGradIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.of(1f).mul(2f).backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void noGradScopeRecordsNothingAndRestores() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        try (var g = GradMode.noGrad()) {
            Tensor y = x.mul(2f);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2f).requiresGrad());
    }

    @Test
    void detachCutsTheGraphButSharesStorage() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.sharesStorageWith(x));
    }

    @Test
    void modifyingASavedTensorInPlaceMakesBackwardFail() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor w = Tensor.of(3f, 4f);
        Tensor y = x.mul(w).sum();      // mul saves w
        w.add_(1f);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefusedInGradMode() {
        Tensor x = Tensor.of(1f).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> x.add_(1f));
        try (var g = GradMode.noGrad()) {
            x.add_(1f);                  // an optimizer step
        }
        assertEquals(2f, x.item());
    }

    @Test
    void backwardTwiceWithoutRetainGraphFailsClearly() {
        Tensor x = Tensor.of(2f).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward(null, true);
        y.backward();                    // graph retained once, freed now
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void customDifferentiableFunction() {
        DifferentiableFunction cube = new DifferentiableFunction() {
            @Override protected Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return in[0].pow(3f);
            }

            @Override protected Tensor[] backward(Context ctx, Tensor g) {
                Tensor x = ctx.savedTensors()[0];
                return new Tensor[] {g.mul(x.square()).mul(3f)};
            }
        };
        Tensor x = Tensor.of(2f, -1f).requiresGrad(true);
        Tensor y = cube.apply(x);
        assertArrayEquals(new float[] {8, -1}, y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new float[] {12, 3}, x.grad().toFloatArray());
        assertTrue(GradCheck.check(in -> cube.apply(in[0]), Tensor.randn(3, 2).requiresGrad(true)));
    }

    @Test
    void gradcheckCatchesAWrongBackwardRule() {
        DifferentiableFunction wrong = new DifferentiableFunction() {
            @Override protected Tensor forward(Context ctx, Tensor... in) { return in[0].square(); }

            @Override protected Tensor[] backward(Context ctx, Tensor g) { return new Tensor[] {g}; }
        };
        assertThrows(GradCheck.GradCheckFailure.class,
                () -> GradCheck.check(in -> wrong.apply(in[0]), Tensor.randn(4).add(3f).requiresGrad(true)));
    }

    @Test
    void intermediateBuffersAreReleasedAfterBackward() {
        Tensor x = Tensor.randn(4).requiresGrad(true);
        Tensor h = x.exp();
        Tensor y = h.sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward());
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
    }
}
