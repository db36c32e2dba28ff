package dev.soma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradMode;
import dev.soma.nn.Config;
import dev.soma.nn.Flatten;
import dev.soma.nn.Identity;
import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequential releases intermediate results without grad (Module.keepsNoTensors). This test lives outside dev.soma.nn
 * on purpose: its Spy is a module "of your own", whose default is to keep tensors.
 */
class SequentialReleaseTest {
    /** Records every input it sees (so the test can look at them afterwards) and doubles it. */
    static final class Spy extends Module {
        final List<Tensor> inputs = new ArrayList<>();
        final boolean declaresNone;

        Spy(boolean declaresNone) { this.declaresNone = declaresNone; }

        @Override public Tensor forward(Tensor x) {
            inputs.add(x);
            return x.mul(2f);
        }

        @Override public boolean keepsNoTensors() { return declaresNone; }

        @Override public Config config() { return Config.of("Spy"); }
    }

    private static Tensor input() { return Tensor.randn(new Generator(3), 8, 20); }

    @Test
    void intermediatesAreReleasedWithoutGradWhenBothNeighboursKeepNothing() {
        Spy spy = new Spy(true), last = new Spy(true);
        var model = new Sequential(new Linear(20, 16, true, new Generator(1)), spy, new ReLU(), last);
        Tensor x = input();
        Tensor y;
        try (var off = GradMode.noGrad()) {
            y = model.forward(x);
        }
        assertTrue(spy.inputs.get(0).isClosed(), "Linear's result, consumed by the next layer, goes back to the pool");
        assertTrue(last.inputs.get(0).isClosed(), "ReLU's result, consumed by the last layer");
        assertFalse(x.isClosed(), "the caller's input is never released");
        assertFalse(y.isClosed(), "the result is the caller's");
    }

    @Test
    void releasingChangesNoValue() {
        var model = new Sequential(new Linear(20, 16, true, new Generator(1)), new ReLU(), new Linear(16, 4, true, new Generator(2)));
        Tensor x = input();
        float[] withGrad = model.forward(x).detach().toFloatArray();
        float[] released;
        try (var off = GradMode.noGrad()) {
            released = model.forward(x).toFloatArray();
            assertArrayEquals(released, model.forward(x).toFloatArray(), "a second call, reusing the released memory");
        }
        assertArrayEquals(withGrad, released);
    }

    @Test
    void aModuleThatMayKeepTensorsKeepsItsInputAndResult() {
        Spy keeper = new Spy(false), after = new Spy(true);
        var model = new Sequential(new Linear(20, 16, true, new Generator(1)), keeper, after);
        try (var off = GradMode.noGrad()) {
            model.forward(input());
        }
        assertFalse(keeper.inputs.get(0).isClosed(), "the input of a module that may keep it");
        assertFalse(after.inputs.get(0).isClosed(), "the result of a module that may keep it");
        after.inputs.get(0).toFloatArray();    // still readable
    }

    @Test
    void withGradNothingIsReleased() {
        Spy spy = new Spy(true);
        var model = new Sequential(new Linear(20, 16, true, new Generator(1)), spy, new ReLU());
        model.forward(input());
        assertFalse(spy.inputs.get(0).isClosed(), "the graph holds intermediates for backward");
    }

    @Test
    void viewsOfTheNextResultAndTheCallersInputAreKept() {
        Spy afterFlatten = new Spy(true), afterIdentity = new Spy(true);
        Tensor x = input();
        try (var off = GradMode.noGrad()) {
            new Sequential(new Linear(20, 16, true, new Generator(1)), new Flatten(), afterFlatten).forward(x);
            new Sequential(new Identity(), afterIdentity).forward(x);
        }
        // Flatten of a 2-d tensor gives a view of Linear's result: that memory is still in use, so it was not released.
        assertFalse(afterFlatten.inputs.get(0).isClosed());
        afterFlatten.inputs.get(0).toFloatArray();
        assertFalse(x.isClosed(), "Identity passed the caller's input on; it is not released");
    }

    @Test
    void containersKeepNoTensorsOnlyWhenAllTheirLayersKeepNone() {
        assertTrue(new Sequential(new Linear(4, 4), new ReLU()).keepsNoTensors());
        assertFalse(new Sequential(new Linear(4, 4), new Sequential(new Spy(false))).keepsNoTensors());
        assertTrue(new Sequential(new Linear(4, 4), new Sequential(new Spy(true))).keepsNoTensors());
        assertFalse(new Module() {
            @Override public Tensor forward(Tensor x) { return x; }

            @Override public Config config() { return Config.of("Mine"); }
        }.keepsNoTensors(), "a module defined outside Soma may keep tensors unless it says otherwise");
    }
}
