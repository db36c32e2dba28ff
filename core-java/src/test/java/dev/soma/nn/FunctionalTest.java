package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The functional facade's activations and softmax, by hand; the losses are checked in LossesTest. */
class FunctionalTest {
    private static final float TOL = 1e-6f;

    @Test
    void activationsByHand() {
        Tensor x = Tensor.of(-2f, 0f, 3f);
        assertArrayEquals(new float[] {0f, 0f, 3f}, Functional.relu(x).toFloatArray());
        assertArrayEquals(new float[] {-0.02f, 0f, 3f}, Functional.leakyRelu(x).toFloatArray(), TOL);
        assertArrayEquals(new float[] {-1f, 0f, 1f}, Functional.hardtanh(x).toFloatArray());
        assertArrayEquals(new float[] {1f / 6, 0.5f, 1f}, Functional.hardsigmoid(x).toFloatArray(), TOL);
        assertArrayEquals(new float[] {-2f / 3, 0f, 0.75f}, Functional.softsign(x).toFloatArray(), TOL);
        assertArrayEquals(new float[] {-2f, 0f, 3f}, Functional.hardshrink(x).toFloatArray());
        assertArrayEquals(new float[] {-1.5f, 0f, 2.5f}, Functional.softshrink(x).toFloatArray(), TOL);
        assertEquals(0.5f, Functional.sigmoid(Tensor.scalar(0f)).item(), TOL);
        assertEquals((float) Math.log(2), Functional.softplus(Tensor.scalar(0f)).item(), TOL);
        // glu([1, 2, 0, 0]) = [1, 2]·σ(0) = [0.5, 1]
        assertArrayEquals(new float[] {0.5f, 1f}, Functional.glu(Tensor.of(1f, 2f, 0f, 0f)).toFloatArray(), TOL);
    }

    @Test
    void softmaxAndLogSoftmaxByHand() {
        Tensor x = Tensor.of(new float[] {0f, (float) Math.log(3)}, 1, 2);
        assertArrayEquals(new float[] {0.25f, 0.75f}, Functional.softmax(x, 1).toFloatArray(), TOL);
        assertArrayEquals(new float[] {(float) Math.log(0.25), (float) Math.log(0.75)},
                Functional.logSoftmax(x, -1).toFloatArray(), TOL);
    }

    @Test
    void modulesForwardThroughTheFacade() {
        Tensor x = Tensor.of(-1f, 0.5f, 2f);
        assertArrayEquals(Functional.gelu(x, "tanh").toFloatArray(), new GELU("tanh").forward(x).toFloatArray());
        assertArrayEquals(Functional.elu(x, 0.5).toFloatArray(), new ELU(0.5).forward(x).toFloatArray());
        assertArrayEquals(Functional.softmax(x, 0).toFloatArray(), new Softmax(0).forward(x).toFloatArray());
        Linear lin = new Linear(3, 2);
        assertArrayEquals(Functional.linear(x, lin.weight, lin.bias).toFloatArray(), lin.forward(x).toFloatArray());
    }
}
