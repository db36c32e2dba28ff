package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.optim.Adam;
import dev.soma.optim.Optimizer;
import dev.soma.optim.SGD;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The 3072 → 100 → ReLU → 10 MLP learns generated, linearly separable classes with SGD and with Adam. */
class MlpTrainingTest {
    private static final int FEATURES = 3072, CLASSES = 10, BATCH = 64, STEPS = 60;

    /** Samples around one random prototype per class: x = prototype[y] + noise. */
    private static Tensor[] data(int n, long seed) {
        Generator g = new Generator(seed);
        Tensor prototypes = Tensor.randn(new Generator(1), CLASSES, FEATURES).mul(0.15f);
        Tensor y = Tensor.randint(g, 0, CLASSES, n);
        Tensor x = prototypes.indexSelect(0, y).add(Tensor.randn(g, n, FEATURES));
        return new Tensor[] {x, y};
    }

    private static Sequential mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(FEATURES, 100, true, g), new ReLU(), new Linear(100, CLASSES, true, g));
    }

    /** Mean loss of the last 10 steps after STEPS minibatch steps. */
    private static float train(Sequential model, Function<List<Parameter>, Optimizer> makeOptimizer) {
        Tensor[] train = data(BATCH * 20, 2);
        Optimizer opt = makeOptimizer.apply(model.parameters());
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        double tail = 0;
        for (int step = 0; step < STEPS; step++) {
            int from = (step % 20) * BATCH;
            Tensor x = train[0].narrow(0, from, BATCH), y = train[1].narrow(0, from, BATCH);
            opt.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            opt.step();
            if (step >= STEPS - 10) tail += loss.item() / 10;
        }
        return (float) tail;
    }

    private static float accuracy(Sequential model) {
        Tensor[] test = data(500, 3);
        model.eval();
        try (var off = dev.soma.autograd.GradMode.noGrad()) {
            return model.forward(test[0]).argmax(1).eq(test[1]).to(DType.FLOAT32).mean().item();
        }
    }

    @Test
    @Tag("slow")
    void sgdWithMomentumDrivesTheLossBelowPointOne() {
        Sequential model = mlp(10);
        assertEquals(308_310, model.parameterCount());
        float loss = train(model, p -> new SGD(p, 0.01, 0.9));
        assertTrue(loss < 0.1f, "SGD: mean loss of the last 10 of " + STEPS + " steps was " + loss);
        assertTrue(accuracy(model) > 0.95f, "held-out accuracy");
    }

    @Test
    @Tag("slow")
    void adamDrivesTheLossBelowPointOne() {
        Sequential model = mlp(11);
        float loss = train(model, p -> new Adam(p, 1e-3));
        assertTrue(loss < 0.1f, "Adam: mean loss of the last 10 of " + STEPS + " steps was " + loss);
        assertTrue(accuracy(model) > 0.95f, "held-out accuracy");
    }

    @Test
    void frozenLayersAreLeftUntouchedByTheOptimizer() {
        Sequential model = mlp(12);
        Module first = model.children().get(0);
        first.requiresGrad(false);
        float[] before = first.stateDict().get("weight").toFloatArray();
        float[] headBefore = model.stateDict().get("2.weight").toFloatArray();
        Tensor[] d = data(BATCH, 4);
        Optimizer opt = new SGD(model.parameters(), 0.1);
        new CrossEntropyLoss().forward(model.forward(d[0]), d[1]).backward();
        opt.step();
        assertArrayEquals(before, first.stateDict().get("weight").toFloatArray(), "the frozen layer kept its weights");
        assertTrue(!java.util.Arrays.equals(headBefore, model.stateDict().get("2.weight").toFloatArray()), "the head was trained");
    }

    @Test
    void dropoutIsActiveOnlyInTrainingMode() {
        Sequential model = new Sequential(new Dropout(0.5, new Generator(1)));
        Tensor x = Tensor.ones(1000);
        float trainMean = model.forward(x).mean().item();
        long zeros = 0;
        for (float v : model.forward(x).toFloatArray()) if (v == 0f) zeros++;
        assertTrue(zeros > 400 && zeros < 600, "about half dropped, got " + zeros);
        assertEquals(1f, trainMean, 0.1f, "inverted dropout keeps the mean");
        model.eval();
        assertArrayEquals(x.toFloatArray(), model.forward(x).toFloatArray(), "identity in eval");
    }
}
