package dev.soma.samples.sort;

import dev.soma.autograd.GradMode;
import dev.soma.nn.Embedding;
import dev.soma.nn.Functional;
import dev.soma.nn.LayerNorm;
import dev.soma.nn.LearnedPositionalEncoding;
import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.nn.TransformerEncoder;
import dev.soma.nn.TransformerEncoderLayer;
import dev.soma.optim.AdamW;
import dev.soma.optim.lr.OneCycleLR;
import dev.soma.profile.Summary;
import dev.soma.serialization.ModelFile;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A small Transformer encoder learns to sort sequences of ten digits: the token embedding plus a learned position
 * embedding go through two encoder layers (d_model 64, 4 heads, feed-forward 128, pre-norm), and a linear head reads
 * the digit at each position of the sorted sequence. Trained with AdamW on a one-cycle schedule over a fixed set of
 * generated sequences, it is scored on held-out sequences none of which occurs in the training set; it prints the
 * summary, a line per epoch (loss, per-token and whole-sequence accuracy), a few sorted examples, and saves the model.
 * Options: {@code --epochs N} (default 4), {@code --train N} sequences (default 10000), {@code --out DIR}.
 */
public final class SortSample {
    static final int LENGTH = 10, DIGITS = 10, D_MODEL = 64, HEADS = 4, FEEDFORWARD = 128, LAYERS = 2, BATCH = 128;

    /** What a run produced: per-token and whole-sequence accuracy on the held-out set, and the saved model. */
    public record Result(double tokenAccuracy, double sequenceAccuracy, double reloadedTokenAccuracy, Path model) {}

    public static void main(String[] rawArgs) throws IOException {
        List<String> args = new ArrayList<>();
        for (String a : rawArgs) for (String part : a.trim().split("\\s+")) if (!part.isEmpty()) args.add(part);
        int epochs = 4, train = 10_000;
        Path out = Path.of("target");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i));
                case "--train" -> train = Integer.parseInt(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (expected --epochs N, --train N, --out DIR)");
            }
        }
        Result r = run(epochs, train, out, true);
        System.out.printf(Locale.ROOT, "held-out per-token accuracy: %.2f%% (whole sequences %.2f%%)%nsaved %s%n",
                100 * r.tokenAccuracy(), 100 * r.sequenceAccuracy(), r.model().toAbsolutePath());
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        return args.get(i);
    }

    /** Embedding → learned positions → two pre-norm encoder layers and a final norm → a linear head over the digits. */
    public static Sequential model(Generator g) {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(D_MODEL, HEADS, FEEDFORWARD, 0.0, "relu", 1e-5, true, true);
        return new Sequential(new Embedding(DIGITS, D_MODEL), new LearnedPositionalEncoding(LENGTH, D_MODEL, 0.0, true),
                new TransformerEncoder(layer, LAYERS, new LayerNorm(new int[] {D_MODEL})), new Linear(D_MODEL, DIGITS));
    }

    /** Trains for {@code epochs} over {@code trainSize} generated sequences, then scores and saves the model in {@code out}. */
    public static Result run(int epochs, int trainSize, Path out, boolean verbose) throws IOException {
        Generator g = new Generator(0);
        Tensor testX = sequences(2_000, new Generator(1), Set.of());
        Tensor trainX = sequences(trainSize, new Generator(2), encoded(testX));
        Tensor trainY = sorted(trainX), testY = sorted(testX);
        Sequential model = model(g);
        if (verbose) System.out.println(Summary.of(model, BATCH, LENGTH));
        int steps = (trainSize + BATCH - 1) / BATCH;
        AdamW opt = new AdamW(model.parameters(), 1e-3);
        OneCycleLR schedule = new OneCycleLR(opt, 3e-3, epochs * steps);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.train();
            long[] order = permutation(trainSize, g);
            double lossSum = 0;
            for (int b = 0; b < steps; b++) {
                int from = b * BATCH, to = Math.min(trainSize, from + BATCH);
                Tensor idx = Tensor.ofLongs(Arrays.copyOfRange(order, from, to), to - from);
                Tensor x = trainX.indexSelect(0, idx), y = trainY.indexSelect(0, idx);
                opt.zeroGrad();
                Tensor loss = Functional.crossEntropy(model.forward(x).reshape(-1, DIGITS), y.reshape(-1));
                loss.backward();
                opt.step();
                schedule.step();
                lossSum += loss.item() * (to - from);
            }
            if (verbose) {
                double[] acc = accuracy(model, testX, testY);
                System.out.printf(Locale.ROOT, "epoch %2d  loss %.4f  held-out per-token %.2f%%  sequences %.2f%%%n", epoch,
                        lossSum / trainSize, 100 * acc[0], 100 * acc[1]);
            }
        }
        double[] acc = accuracy(model, testX, testY);
        if (verbose) showExamples(model, testX);
        Files.createDirectories(out);
        Path file = out.resolve("sort-transformer.safetensors");
        ModelFile.save(model, file);
        double reloaded = accuracy(ModelFile.loadModel(file), testX, testY)[0];
        return new Result(acc[0], acc[1], reloaded, file);
    }

    /** {@code n} random sequences of {@link #LENGTH} digits, (n, LENGTH) int64, none of them in {@code exclude}. */
    static Tensor sequences(int n, Generator g, Set<Long> exclude) {
        long[] digits = new long[n * LENGTH];
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; ) {
            long code = 0;
            for (int j = 0; j < LENGTH; j++) {
                long d = g.nextLong(DIGITS);
                digits[i * LENGTH + j] = d;
                code = code * DIGITS + d;
            }
            if (!exclude.contains(code) && seen.add(code)) i++;
        }
        return Tensor.ofLongs(digits, n, LENGTH);
    }

    /** Each row as one base-10 number, to tell sequences apart. */
    static Set<Long> encoded(Tensor seqs) {
        long[] d = seqs.toLongArray();
        Set<Long> codes = new HashSet<>();
        for (int i = 0; i < d.length; i += LENGTH) {
            long code = 0;
            for (int j = 0; j < LENGTH; j++) code = code * DIGITS + d[i + j];
            codes.add(code);
        }
        return codes;
    }

    /** The targets: each row sorted ascending. */
    static Tensor sorted(Tensor seqs) {
        long[] d = seqs.toLongArray();
        for (int i = 0; i < d.length; i += LENGTH) Arrays.sort(d, i, i + LENGTH);
        return Tensor.ofLongs(d, seqs.shape());
    }

    private static long[] permutation(int n, Generator g) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) g.nextLong(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {per-token accuracy, whole-sequence accuracy} of the model's argmax predictions, in eval mode. */
    static double[] accuracy(Module model, Tensor x, Tensor y) {
        model.eval();
        long[] predicted, expected = y.toLongArray();
        try (var noGrad = GradMode.noGrad()) {
            predicted = model.forward(x).argmax(-1).toLongArray();
        }
        int tokens = 0, sequences = 0;
        for (int i = 0; i < expected.length; i += LENGTH) {
            int right = 0;
            for (int j = i; j < i + LENGTH; j++) if (predicted[j] == expected[j]) right++;
            tokens += right;
            if (right == LENGTH) sequences++;
        }
        return new double[] {(double) tokens / expected.length, (double) sequences / (expected.length / LENGTH)};
    }

    private static void showExamples(Module model, Tensor x) {
        Tensor some = x.narrow(0, 0, 3);
        long[] in = some.toLongArray(), out;
        try (var noGrad = GradMode.noGrad()) {
            out = model.forward(some).argmax(-1).toLongArray();
        }
        for (int i = 0; i < in.length; i += LENGTH)
            System.out.println(digits(in, i) + "  →  " + digits(out, i));
    }

    private static String digits(long[] d, int from) {
        StringBuilder s = new StringBuilder();
        for (int j = from; j < from + LENGTH; j++) s.append(d[j]).append(j + 1 < from + LENGTH ? " " : "");
        return s.toString();
    }
}
