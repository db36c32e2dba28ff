package dev.soma.samples.charlm;

import dev.soma.autograd.GradMode;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Embedding;
import dev.soma.nn.LSTM;
import dev.soma.nn.Linear;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.optim.GradClip;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A character-level language model: Embedding → LSTM (batch first) → Linear over the characters of a text file,
 * trained with Adam on windows of the text to predict each next character, then sampling text from a prompt with a
 * temperature. Prints the loss per epoch beside the uniform-guess loss ln(vocabulary). Options: {@code --text FILE}
 * (default: the nearest README.md up from the working directory, i.e. Soma's own), {@code --prompt TEXT} (default
 * "Soma "), {@code --epochs N} (20), {@code --length N} characters to generate (400), {@code --temperature T} (0.8),
 * {@code --seed S} (0), {@code --hidden N} LSTM units (256). Values with spaces go in quotes: {@code -Dsample.args="--prompt 'The model '"}.
 */
public final class CharLmSample {
    static final int EMBEDDING = 32, HIDDEN = 256, WINDOW = 64, BATCH = 32;
    /** Windows start every STRIDE characters, so each epoch sees every character in several contexts. */
    static final int STRIDE = 16;

    /** The text's characters in sorted order: index i is token i. */
    public record Vocabulary(String chars) {
        static Vocabulary of(String text) {
            StringBuilder sb = new StringBuilder();
            new TreeSet<Character>(text.chars().mapToObj(c -> (char) c).toList()).forEach(sb::append);
            return new Vocabulary(sb.toString());
        }

        public int size() { return chars.length(); }

        int index(char c) {
            int i = chars.indexOf(c);
            if (i < 0) throw new IllegalArgumentException("the character '" + c + "' does not occur in the training text");
            return i;
        }
    }

    /** What a run produced: the vocabulary, the mean loss of each epoch, and the generated text (prompt excluded). */
    public record Result(Vocabulary vocabulary, List<Double> epochLosses, String generated) {}

    public static void main(String[] rawArgs) throws IOException {
        List<String> args = tokens(rawArgs);
        Path text = null;
        String prompt = "Soma ";
        int epochs = 20, length = 400;
        double temperature = 0.8;
        long seed = 0;
        int hidden = HIDDEN;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--text" -> text = Path.of(value(args, ++i));
                case "--prompt" -> prompt = value(args, ++i);
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i));
                case "--length" -> length = Integer.parseInt(value(args, ++i));
                case "--temperature" -> temperature = Double.parseDouble(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--hidden" -> hidden = Integer.parseInt(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + " (expected --text FILE, --prompt TEXT, --epochs N, --length N, --temperature T, --seed S, --hidden N)");
            }
        }
        Path file = text != null ? text : defaultText();
        System.out.println("training on " + file.toAbsolutePath());
        Result r = run(Files.readString(file, StandardCharsets.UTF_8), prompt, epochs, length, temperature, seed, hidden, true);
        System.out.println("--- generated from \"" + prompt + "\" (temperature " + temperature + "):");
        System.out.println(prompt + r.generated());
    }

    // Splits the arguments on spaces outside quotes: exec passes -Dsample.args as one string.
    static List<String> tokens(String[] raw) {
        List<String> out = new ArrayList<>();
        for (String a : raw) {
            StringBuilder cur = new StringBuilder();
            char quote = 0;
            boolean any = false;
            for (char c : a.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) quote = 0;
                    else cur.append(c);
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    any = true;
                } else if (Character.isWhitespace(c)) {
                    if (any || cur.length() > 0) out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                } else {
                    cur.append(c);
                }
            }
            if (quote != 0) throw new IllegalArgumentException("unclosed quote in arguments: " + a);
            if (any || cur.length() > 0) out.add(cur.toString());
        }
        return out;
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        return args.get(i);
    }

    // The nearest README.md from the working directory upwards: the project's own when run inside the repository.
    private static Path defaultText() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("README.md");
            if (Files.isRegularFile(readme)) return readme;
        }
        throw new IllegalArgumentException("no README.md in " + Path.of("").toAbsolutePath() + " or above: name a text with --text FILE");
    }

    /** Embedding(vocab, 32) → LSTM(32, hidden, batch_first=True) → Linear(hidden, vocab): (N, L) int64 → (N, L, vocab) logits. */
    static Sequential model(int vocab, int hidden, Generator g) {
        return new Sequential(new Embedding(vocab, EMBEDDING), LSTM.builder(EMBEDDING, hidden).batchFirst(true).generator(g).build(),
                new Linear(hidden, vocab, true, g));
    }

    /**
     * Trains an LSTM of {@code hidden} units on {@code text} for {@code epochs}, printing each epoch's loss when verbose,
     * then generates {@code length} characters after {@code prompt}.
     */
    public static Result run(String text, String prompt, int epochs, int length, double temperature, long seed, int hidden,
                             boolean verbose) {
        Vocabulary vocab = Vocabulary.of(text);
        if (text.length() < WINDOW + 2)
            throw new IllegalArgumentException("the text has " + text.length() + " characters; at least " + (WINDOW + 2) + " are needed");
        if (prompt.isEmpty()) throw new IllegalArgumentException("the prompt must not be empty: generation continues it");
        for (char c : prompt.toCharArray()) vocab.index(c);
        Generator g = new Generator(seed);
        Sequential model = model(vocab.size(), hidden, g);
        long[] ids = new long[text.length()];
        for (int i = 0; i < ids.length; i++) ids[i] = vocab.index(text.charAt(i));
        Adam opt = new Adam(model.parameters(), 3e-3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        if (verbose)
            System.out.printf(Locale.ROOT, "%d characters, vocabulary %d (uniform-guess loss ln %d = %.3f)%n", ids.length, vocab.size(),
                    vocab.size(), Math.log(vocab.size()));
        List<Double> losses = new ArrayList<>();
        int windows = (ids.length - 1 - WINDOW) / STRIDE + 1;
        long started = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.train();
            // windows of the text from a random offset, in a random order, BATCH at a time
            int offset = (int) g.nextLong(ids.length - 1 - WINDOW - (windows - 1) * STRIDE + 1);
            int[] order = permutation(windows, g);
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < windows; start += BATCH) {
                int n = Math.min(BATCH, windows - start);
                long[] x = new long[n * WINDOW], y = new long[n * WINDOW];
                for (int b = 0; b < n; b++) {
                    int at = offset + order[start + b] * STRIDE;
                    for (int t = 0; t < WINDOW; t++) {
                        x[b * WINDOW + t] = ids[at + t];
                        y[b * WINDOW + t] = ids[at + t + 1];
                    }
                }
                opt.zeroGrad();
                Tensor logits = model.forward(Tensor.ofLongs(x, n, WINDOW));
                Tensor l = loss.forward(logits.reshape(n * WINDOW, vocab.size()), Tensor.ofLongs(y, n * WINDOW));
                l.backward();
                GradClip.clipGradNorm(model.parameters(), 1.0);
                opt.step();
                sum += l.item();
                batches++;
            }
            losses.add(sum / batches);
            if (verbose) System.out.printf(Locale.ROOT, "epoch %d/%d: loss %.3f (%.1f s)%n", epoch, epochs, sum / batches,
                    (System.nanoTime() - started) / 1e9);
        }
        return new Result(vocab, losses, generate(model, vocab, prompt, length, temperature, g));
    }

    /** Feeds the prompt, then samples {@code length} characters one at a time from softmax(logits / temperature). */
    static String generate(Sequential model, Vocabulary vocab, String prompt, int length, double temperature, Generator g) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        model.eval();
        Embedding embedding = (Embedding) model.get(0);
        LSTM lstm = (LSTM) model.get(1);
        Linear head = (Linear) model.get(2);
        StringBuilder out = new StringBuilder();
        try (var off = GradMode.noGrad()) {
            long[] start = new long[prompt.length()];
            for (int i = 0; i < prompt.length(); i++) start[i] = vocab.index(prompt.charAt(i));
            Tensor[] state = lstm.forwardOutputs(embedding.forward(Tensor.ofLongs(start, 1, start.length)));
            for (int k = 0; k < length; k++) {
                Tensor last = state[0].select(1, state[0].size(1) - 1);          // (1, hidden)
                float[] p = head.forward(last).div((float) temperature).softmax(-1).toFloatArray();
                int next = sample(p, g);
                out.append(vocab.chars().charAt(next));
                state = lstm.forwardOutputs(embedding.forward(Tensor.ofLongs(new long[] {next}, 1, 1)), state[1], state[2]);
            }
        }
        return out.toString();
    }

    private static int sample(float[] p, Generator g) {
        double u = g.nextDouble(), acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) return i;
        }
        return p.length - 1;
    }

    private static int[] permutation(int n, Generator g) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) g.nextLong(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
