package dev.soma.samples.spark;

import dev.soma.data.DataLoader;
import dev.soma.data.FashionMnist;
import dev.soma.data.TensorDataset;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Flatten;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.serialization.ModelFile;
import dev.soma.spark.SparkSample;
import dev.soma.spark.SparkTrainer;
import dev.soma.tensor.Generator;
import dev.soma.train.History;
import dev.soma.train.TopKAccuracy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains the Fashion-MNIST MLP (784 → 256 → ReLU → 128 → ReLU → 10, Adam lr 1e-3, global batch 64) data-parallel on
 * Spark, one worker per Spark core, then evaluates it on the test set on the driver and saves it. Each partition
 * reads its slice of the training images itself (a per-partition loader: the driver never ships the data). Options:
 * {@code --master URL} (default local[2]; under spark-submit the submitted master), {@code --epochs N} (default 2),
 * {@code --data DIR} (a folder every executor can read), {@code --samples N} (train on the first N images),
 * {@code --checkpoint DIR} (a Hadoop folder: a checkpoint per epoch, resumed from), {@code --out DIR}.
 */
public final class FashionSparkSample {
    /** What a run produced: the history (with val_loss and val_accuracy) and the saved model. */
    public record Result(History history, Path model) {}

    public static void main(String[] rawArgs) throws IOException {
        List<String> args = new ArrayList<>();
        for (String a : rawArgs) for (String part : a.trim().split("\\s+")) if (!part.isEmpty()) args.add(part);
        String master = null, checkpoint = null;
        int epochs = 2, samples = 60_000;
        Path data = null, out = Path.of("target");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--master" -> master = value(args, ++i);
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i));
                case "--data" -> data = Path.of(value(args, ++i));
                case "--samples" -> samples = Integer.parseInt(value(args, ++i));
                case "--checkpoint" -> checkpoint = value(args, ++i);
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (expected --master URL, --epochs N, --data DIR, --samples N, --checkpoint DIR, --out DIR)");
            }
        }
        Path dir = data != null ? FashionMnist.require(data) : FashionMnist.locate(null).orElse(null);
        if (dir == null) {
            System.out.println("Fashion-MNIST not found; downloading it into " + FashionMnist.CACHE);
            dir = FashionMnist.download(FashionMnist.CACHE);
        }
        SparkConf conf = new SparkConf().setAppName("soma-fashion-spark");
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster("local[2]");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            System.out.println("Fashion-MNIST from " + dir + ", Spark master " + sc.master() + ", " + sc.defaultParallelism() + " workers");
            Result r = run(sc, dir, samples, epochs, checkpoint, out, true);
            System.out.println("model:   " + r.model().toAbsolutePath());
            System.out.printf(Locale.ROOT, "test accuracy: %.1f%%%n", 100 * r.history().last("val_accuracy"));
        }
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        return args.get(i);
    }

    /** The W3 MLP, flattening (1, 28, 28) images. */
    static Sequential model(Generator g) {
        return new Sequential(new Flatten(), new Linear(784, 256, true, g), new ReLU(), new Linear(256, 128, true, g), new ReLU(),
                new Linear(128, 10, true, g));
    }

    /**
     * The first {@code samples} training images as an RDD with one partition per worker, each partition loading its own
     * slice of the files in {@code dir} on whichever executor runs it.
     */
    static JavaRDD<SparkSample> trainingSet(JavaSparkContext sc, Path dir, int samples) {
        int parts = sc.defaultParallelism();
        List<Integer> slices = new ArrayList<>();
        for (int p = 0; p < parts; p++) slices.add(p);
        String folder = dir.toString();
        return sc.parallelize(slices, parts).flatMap(p -> {
            TensorDataset train = FashionMnist.load(Path.of(folder)).train();
            int n = Math.min(samples, train.size()), from = (int) ((long) n * p / parts), to = (int) ((long) n * (p + 1) / parts);
            List<SparkSample> all = SparkSample.of(train);
            return new ArrayList<>(all.subList(from, to)).iterator();
        });
    }

    static Result run(JavaSparkContext sc, Path dir, int samples, int epochs, String checkpoint, Path out, boolean print) {
        Sequential model = model(new Generator(0));
        TensorDataset test;
        try {
            test = FashionMnist.load(dir).test();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SparkTrainer.Builder b = SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(new Adam(model.parameters(), 1e-3))
                .inputShape(1, 28, 28).batchSize(64).shuffle(0).progress(print)
                .validation(DataLoader.builder(test).batchSize(500).build(), TopKAccuracy.accuracy());
        if (checkpoint != null) b.checkpointDir(checkpoint);
        History history = b.build().fit(sc, trainingSet(sc, dir, samples), model, epochs).history();
        Path file = out.resolve("fashion-spark-mlp.safetensors");
        ModelFile.save(model, file);
        return new Result(history, file);
    }

    private FashionSparkSample() {}
}
