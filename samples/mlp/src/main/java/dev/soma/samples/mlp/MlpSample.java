package dev.soma.samples.mlp;

import dev.soma.autograd.GradMode;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.optim.Optimizer;
import dev.soma.optim.SGD;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * Trains the classic 3072 → 100 → ReLU → 10 MLP (CIFAR-sized inputs) on generated data, ten classes around
 * random prototypes, with the Java API: nn layers, a loss module and an optimizer.
 * Usage: {@code MlpSample [adam|sgd] [epochs]}.
 */
public final class MlpSample {
    static final int FEATURES = 3072, HIDDEN = 100, CLASSES = 10, BATCH = 64;

    /** What a run produced: per-epoch mean training loss and the final held-out accuracy. */
    public record Result(float[] epochLoss, float testAccuracy) {}

    public static void main(String[] args) {
        String optimizer = args.length > 0 ? args[0] : "adam";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Result r = train(optimizer, epochs, 42, true);
        System.out.printf("test accuracy %.1f%%%n", 100 * r.testAccuracy());
    }

    /** x = prototype[y] + N(0, 1) noise, for n samples with labels drawn uniformly. */
    static Tensor[] data(int n, Generator g) {
        Tensor prototypes = Tensor.randn(new Generator(2024), CLASSES, FEATURES).mul(0.1f);
        Tensor y = Tensor.randint(g, 0, CLASSES, n);
        return new Tensor[] {prototypes.indexSelect(0, y).add(Tensor.randn(g, n, FEATURES)), y};
    }

    public static Result train(String optimizerName, int epochs, long seed, boolean print) {
        Generator g = new Generator(seed);
        Tensor[] train = data(4096, g), test = data(1024, g);
        Sequential model = new Sequential(new Linear(FEATURES, HIDDEN, true, g), new ReLU(), new Linear(HIDDEN, CLASSES, true, g));
        Optimizer opt = switch (optimizerName) {
            case "adam" -> new Adam(model.parameters(), 1e-3);
            case "sgd" -> new SGD(model.parameters(), 0.01, 0.9);
            default -> throw new IllegalArgumentException("optimizer must be adam or sgd, got " + optimizerName);
        };
        if (print) System.out.println(model + "\n" + model.parameterCount() + " parameters, optimizer " + optimizerName);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        int batches = train[0].size(0) / BATCH;
        float[] epochLoss = new float[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                Tensor x = train[0].narrow(0, b * BATCH, BATCH), y = train[1].narrow(0, b * BATCH, BATCH);
                opt.zeroGrad();
                Tensor loss = lossFn.forward(model.forward(x), y);
                loss.backward();
                opt.step();
                sum += loss.item();
            }
            epochLoss[epoch] = (float) (sum / batches);
            if (print) System.out.printf("epoch %d  loss %.4f%n", epoch + 1, epochLoss[epoch]);
        }
        model.eval();
        float accuracy;
        try (var off = GradMode.noGrad()) {
            accuracy = model.forward(test[0]).argmax(1).eq(test[1]).to(DType.FLOAT32).mean().item();
        }
        return new Result(epochLoss, accuracy);
    }
}
