package dev.soma.samples.cnn;

import dev.soma.data.DataLoader;
import dev.soma.data.FashionMnist;
import dev.soma.data.TensorDataset;
import dev.soma.nn.BatchNorm2d;
import dev.soma.nn.Conv2d;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Dropout;
import dev.soma.nn.Flatten;
import dev.soma.nn.IntsOrString;
import dev.soma.nn.Linear;
import dev.soma.nn.MaxPool2d;
import dev.soma.nn.Module;
import dev.soma.nn.ReLU;
import dev.soma.nn.SeparableConv2d;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.optim.lr.CosineAnnealingLR;
import dev.soma.profile.Summary;
import dev.soma.serialization.ModelFile;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import dev.soma.train.History;
import dev.soma.train.TopKAccuracy;
import dev.soma.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a small convolutional network on Fashion-MNIST with the Trainer (Adam from lr 1e-3 along a cosine to zero,
 * batch 64): a 3×3 convolution,
 * BatchNorm and ReLU, two depthwise-separable blocks (each depthwise 3×3, BatchNorm, ReLU, pointwise 1×1, then BatchNorm
 * and ReLU), max pooling after each of the first two stages, and dropout before a linear classifier. Prints the summary (parameters and
 * MACs per layer), a line per epoch and the test accuracy, saves the model (safetensors with the architecture inside),
 * then loads the file back and evaluates the reloaded model. Options: {@code --epochs N} (default 3), {@code --data DIR}
 * (must hold the data), {@code --out DIR}, {@code --evaluate MODEL_FILE} (only evaluate a saved model), {@code --limit N}
 * (only the first N training and test images, for a quick run).
 */
public final class FashionCnnSample {
    /** What a run produced: the history, the test accuracy before saving and after reloading, and the model file. */
    public record Result(History history, double testAccuracy, double reloadedAccuracy, Path model) {}

    public static void main(String[] rawArgs) throws IOException {
        List<String> args = new ArrayList<>();
        for (String a : rawArgs) for (String part : a.trim().split("\\s+")) if (!part.isEmpty()) args.add(part);
        int epochs = 3;
        int limit = 0;
        Path data = null, out = Path.of("target"), evaluate = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i));
                case "--data" -> data = Path.of(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--evaluate" -> evaluate = Path.of(value(args, ++i));
                case "--limit" -> limit = Integer.parseInt(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (expected --epochs N, --data DIR, --out DIR, --evaluate MODEL_FILE, --limit N)");
            }
        }
        FashionMnist.Splits s = data(data);
        if (limit > 0) s = new FashionMnist.Splits(first(s.train(), limit), first(s.test(), limit));
        if (evaluate != null) {
            System.out.printf(Locale.ROOT, "loaded %s%ntest accuracy: %.1f%%%n", evaluate.toAbsolutePath(),
                    100 * accuracy(ModelFile.loadModel(evaluate), s.test()));
            return;
        }
        run(s, epochs, out, true);
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        return args.get(i);
    }

    /** Fashion-MNIST as (N, 1, 28, 28) images standardised with its mean and std: from DIR, found, or downloaded. */
    static FashionMnist.Splits data(Path given) throws IOException {
        Path dir = given != null ? FashionMnist.require(given) : FashionMnist.locate(null).orElse(null);
        if (dir == null) {
            System.out.println("Fashion-MNIST not found; downloading it into " + FashionMnist.CACHE);
            dir = FashionMnist.download(FashionMnist.CACHE);
        }
        System.out.println("Fashion-MNIST from " + dir);
        FashionMnist.Splits s = FashionMnist.load(dir);
        return new FashionMnist.Splits(images(s.train()), images(s.test()));
    }

    /** The first n samples of d (all of them when it has fewer). */
    static TensorDataset first(TensorDataset d, int n) {
        int k = Math.min(n, d.size());
        return new TensorDataset(d.tensor(0).narrow(0, 0, k), d.tensor(1).narrow(0, 0, k));
    }

    private static TensorDataset images(TensorDataset d) {
        Tensor x = d.tensor(0).sub(0.2860f).div(0.3530f);
        return new TensorDataset(x.reshape(x.size(0), 1, 28, 28), d.tensor(1));
    }

    /** The network: 28×28 → 32 channels at 14×14 → 64 at 7×7 → 128 at 7×7 → 10 classes. */
    static Sequential model(Generator g) {
        return new Sequential(
                new Conv2d(1, 32, new int[] {3}, new int[] {1}, IntsOrString.of(1), new int[] {1}, 1, false, "zeros", g),
                new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                separable(32, 64, g), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                separable(64, 128, g), new BatchNorm2d(128), new ReLU(),
                new Flatten(), new Dropout(0.25, g), new Linear(128 * 7 * 7, 10, true, g));
    }

    // Depthwise 3×3 (same padding), BatchNorm and ReLU between, pointwise 1×1; no biases before a BatchNorm.
    private static SeparableConv2d separable(int in, int out, Generator g) {
        return new SeparableConv2d(in, out, new int[] {3}, new int[] {1}, IntsOrString.of(1), new int[] {1}, 1, false,
                new BatchNorm2d(in), new ReLU(), g);
    }

    static Result run(FashionMnist.Splits s, int epochs, Path out, boolean print) throws IOException {
        Sequential model = model(new Generator(0));
        if (print) System.out.print(Summary.of(model, 1, 1, 28, 28));
        Adam adam = new Adam(model.parameters(), 1e-3);
        DataLoader<Tensor[]> train = DataLoader.builder(s.train()).batchSize(64).shuffle(0).build();
        // The learning rate falls along a cosine to zero over the whole run, batch by batch.
        Trainer trainer = Trainer.builder().loss(new CrossEntropyLoss()).optimizer(adam)
                .scheduler(new CosineAnnealingLR(adam, epochs * train.size()), true)
                .metrics(TopKAccuracy.accuracy()).progress(print).build();
        History history = trainer.fit(model, train, DataLoader.builder(s.test()).batchSize(500).build(), epochs);
        double accuracy = history.last("val_accuracy");
        Path file = out.resolve("fashion-cnn.safetensors");
        ModelFile.save(model, file);
        double reloaded = accuracy(ModelFile.loadModel(file), s.test());
        if (print) {
            System.out.println("model:   " + file.toAbsolutePath());
            System.out.printf(Locale.ROOT, "test accuracy: %.1f%% (reloaded from the file: %.1f%%)%n", 100 * accuracy, 100 * reloaded);
        }
        return new Result(history, accuracy, reloaded, file);
    }

    /** The fraction of test images classified right, in eval mode (BatchNorm on its running statistics). */
    static double accuracy(Module model, TensorDataset test) {
        Tensor out = Trainer.predict(model, test.tensor(0), 500);
        return out.argmax(1).eq(test.tensor(1)).to(DType.FLOAT32).mean().item();
    }

    private FashionCnnSample() {}
}
