package dev.soma.data;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The 8×8 handwritten digits (1,797 images, UCI optical digits, CC BY 4.0; see DIGITS-LICENSE.md beside the data),
 * shipped inside Soma as a small fallback dataset: inputs (N, 64) scaled to [0, 1], labels 0–9.
 */
public final class Digits {
    private Digits() {}

    /** The whole set. */
    public static TensorDataset all() throws IOException {
        try (InputStream in = Digits.class.getResourceAsStream("digits.csv.gz")) {
            if (in == null) throw new IOException("the digits dataset is missing from Soma's resources (dev/soma/data/digits.csv.gz)");
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            TensorDataset raw = Csv.parse(Path.of("digits.csv.gz"), r, "-1", Csv.Header.ABSENT, ',', 10);
            return new TensorDataset(raw.tensor(0).div(16f), raw.tensor(1));
        }
    }

    /** A fixed split (seeded shuffle): the first {@code trainFraction} for training, the rest for testing. */
    public static FashionMnist.Splits split(double trainFraction, long seed) throws IOException {
        TensorDataset all = all();
        int n = all.size(), nTrain = (int) Math.round(n * trainFraction);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Generator g = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) g.nextLong(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Tensor xTrain = all.gather(0, order, 0, nTrain), yTrain = all.gather(1, order, 0, nTrain);
        Tensor xTest = all.gather(0, order, nTrain, n), yTest = all.gather(1, order, nTrain, n);
        return new FashionMnist.Splits(new TensorDataset(xTrain, yTrain), new TensorDataset(xTest, yTest));
    }
}
