package dev.soma.samples.fashion;

import dev.soma.data.DataLoader;
import dev.soma.data.Digits;
import dev.soma.data.FashionMnist;
import dev.soma.data.TensorDataset;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Flatten;
import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.plot.TrainingCurves;
import dev.soma.profile.Summary;
import dev.soma.serialization.ModelFile;
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
 * Trains the 784 → 256 → ReLU → 128 → ReLU → 10 MLP on Fashion-MNIST with Adam (lr 1e-3, batch 64), prints the
 * model summary and the test accuracy, and saves the training curves (PNG), the history (CSV) and the model
 * (safetensors). With {@code --data DIR} the data must be in DIR (anything else is an error); without it, finds the
 * data as {@link FashionMnist#locate} does, else downloads it, else falls back to the 8×8 digits shipped with Soma.
 * Options: {@code --epochs N}, {@code --data DIR}, {@code --out DIR}, {@code --evaluate MODEL_FILE} (load a saved
 * model and report its test accuracy), {@code --limit N} (only the first N training and test images, for a quick run).
 */
public final class FashionSample {
    /** What a run produced. */
    public record Result(History history, double testAccuracy, Path model, Path curves, Path csv) {}

    public static void main(String[] rawArgs) throws IOException {
        List<String> args = new ArrayList<>();
        for (String a : rawArgs) for (String part : a.trim().split("\\s+")) if (!part.isEmpty()) args.add(part);
        int epochs = 5;
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
        Dataset d = dataset(data);
        if (limit > 0) d = new Dataset(d.name, first(d.train, limit), first(d.test, limit), d.sampleShape);
        if (evaluate != null) {
            Module model = ModelFile.loadModel(evaluate);
            System.out.printf(Locale.ROOT, "loaded %s%ntest accuracy: %.1f%%%n", evaluate.toAbsolutePath(), 100 * accuracy(model, d.test));
            return;
        }
        run(d, epochs, out, true);
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        return args.get(i);
    }

    /** The data to train on: Fashion-MNIST normalised as in PyTorch's recipe, or the digits fallback. */
    record Dataset(String name, TensorDataset train, TensorDataset test, int[] sampleShape) {}

    static Dataset dataset(Path given) throws IOException {
        // A folder the user names must hold the data: no download, no other folder, no digits in its place.
        Path dir = given != null ? FashionMnist.require(given) : FashionMnist.locate(null).orElse(null);
        if (dir == null) {
            try {
                System.out.println("Fashion-MNIST not found; downloading it into " + FashionMnist.CACHE);
                dir = FashionMnist.download(FashionMnist.CACHE);
            } catch (IOException e) {
                System.out.println("download failed (" + e.getMessage() + ").\n" + FashionMnist.HOW_TO_GET
                        + "\nFalling back to the small 8x8 digits dataset shipped with Soma.");
                FashionMnist.Splits s = Digits.split(0.8, 0);
                return new Dataset("digits (8x8)", s.train(), s.test(), new int[] {64});
            }
        }
        System.out.println("Fashion-MNIST from " + dir);
        FashionMnist.Splits s = FashionMnist.load(dir);
        return new Dataset("Fashion-MNIST", normalized(s.train()), normalized(s.test()), new int[] {1, 28, 28});
    }

    /** The first n samples of d (all of them when it has fewer). */
    static TensorDataset first(TensorDataset d, int n) {
        int k = Math.min(n, d.size());
        return new TensorDataset(d.tensor(0).narrow(0, 0, k), d.tensor(1).narrow(0, 0, k));
    }

    private static TensorDataset normalized(TensorDataset d) {
        return new TensorDataset(d.tensor(0).sub(0.2860f).div(0.3530f), d.tensor(1));
    }

    static Sequential model(int inputs, Generator g) {
        return new Sequential(new Flatten(), new Linear(inputs, 256, true, g), new ReLU(), new Linear(256, 128, true, g), new ReLU(),
                new Linear(128, 10, true, g));
    }

    static Result run(Dataset d, int epochs, Path out, boolean print) throws IOException {
        int inputs = 1;
        for (int s : d.sampleShape) inputs *= s;
        Sequential model = model(inputs, new Generator(0));
        int[] summaryShape = new int[d.sampleShape.length + 1];
        summaryShape[0] = 1;
        System.arraycopy(d.sampleShape, 0, summaryShape, 1, d.sampleShape.length);
        if (print) System.out.print(Summary.of(model, summaryShape));
        Trainer trainer = Trainer.builder().loss(new CrossEntropyLoss()).optimizer(new Adam(model.parameters(), 1e-3))
                .metrics(TopKAccuracy.accuracy()).progress(print).build();
        History history = trainer.fit(model, DataLoader.builder(d.train).batchSize(64).shuffle(0).build(),
                DataLoader.builder(d.test).batchSize(1000).build(), epochs);
        double accuracy = history.last("val_accuracy");
        Path curves = out.resolve("fashion-curves.png"), csv = out.resolve("fashion-history.csv");
        Path modelFile = out.resolve("fashion-mlp.safetensors");
        TrainingCurves.save(history, curves);
        history.writeCsv(csv);
        ModelFile.save(model, modelFile);
        if (print) {
            System.out.println("curves:  " + curves.toAbsolutePath());
            System.out.println("history: " + csv.toAbsolutePath());
            System.out.println("model:   " + modelFile.toAbsolutePath());
            System.out.printf(Locale.ROOT, "test accuracy: %.1f%%%n", 100 * accuracy);
        }
        return new Result(history, accuracy, modelFile, curves, csv);
    }

    static double accuracy(Module model, TensorDataset test) {
        Tensor out = Trainer.predict(model, test.tensor(0));
        return out.argmax(1).eq(test.tensor(1)).to(dev.soma.tensor.DType.FLOAT32).mean().item();
    }

    private FashionSample() {}

}
