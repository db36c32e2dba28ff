package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.soma.autograd.GradMode;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Without grad, Linear reuses its weight's packed panels until the weight changes (LinearAlgebra, PackedBCache). */
class LinearPackedWeightTest {
    // 784 → 256 over 256 rows: large enough for a packed copy (W6b's first layer).
    private final Linear layer = new Linear(784, 256, true, new Generator(5));
    private final Tensor x = Tensor.randn(new Generator(6), 256, 784);

    private float[] withGrad() { return layer.forward(x).detach().toFloatArray(); }

    private float[] withoutGrad() {
        try (var off = GradMode.noGrad()) {
            return layer.forward(x).toFloatArray();
        }
    }

    @Test
    void inferenceFromThePackedWeightEqualsTheTrainingForward() {
        float[] reference = withGrad();
        assertArrayEquals(reference, withoutGrad(), "first call: packs as with grad");
        assertArrayEquals(reference, withoutGrad(), "second call: packs into a kept copy");
        assertArrayEquals(reference, withoutGrad(), "third call: reads the copy");
    }

    @Test
    void anInPlaceChangeOfTheWeightIsSeen() {
        withoutGrad();
        float[] before = withoutGrad();    // the packed copy is kept from here on
        try (var off = GradMode.noGrad()) {
            layer.weight.mul_(2f);
        }
        float[] after = withoutGrad();
        assertFalse(Arrays.equals(before, after), "the doubled weight must give another result");
        assertArrayEquals(withGrad(), after);
    }

    @Test
    void aWriteThroughTheStorageArrayIsSeenOnceMarked() {
        withoutGrad();
        withoutGrad();
        float[] w = layer.weight.storageArray();
        for (int i = 0; i < w.length; i++) w[i] = -w[i];
        layer.weight.markModified();
        assertArrayEquals(withGrad(), withoutGrad());
    }

    @Test
    void anOptimizerStepIsSeen() {
        withoutGrad();
        withoutGrad();
        var opt = new dev.soma.optim.SGD(layer.parameters(), 0.1, 0.0);
        layer.forward(x).sum().backward();
        opt.step();
        assertArrayEquals(withGrad(), withoutGrad());
    }
}
