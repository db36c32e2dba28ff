package dev.soma.data;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 binary batches: records of label byte(s) then 3072 pixel bytes (the red, green and
 * blue 32×32 planes). CIFAR-10 records have one label (0–9); CIFAR-100 records a coarse (0–19) then a fine
 * (0–99) label.
 */
public final class Cifar {
    private Cifar() {}

    /** Which label a CIFAR file holds. */
    public enum Labels {
        CIFAR10(1, 0, 10), CIFAR100_COARSE(2, 0, 20), CIFAR100_FINE(2, 1, 100);

        final int labelBytes, which, classes;

        Labels(int labelBytes, int which, int classes) {
            this.labelBytes = labelBytes;
            this.which = which;
            this.classes = classes;
        }
    }

    private static final int PIXELS = 3 * 32 * 32;

    /** One binary batch file as inputs (N, 3, 32, 32) in [0, 1] and int64 labels. */
    public static TensorDataset read(Path file, Labels labels) throws IOException {
        return read(List.of(file), labels);
    }

    /** Several batch files (e.g. data_batch_1..5.bin) concatenated in order. */
    public static TensorDataset read(List<Path> files, Labels labels) throws IOException {
        int record = labels.labelBytes + PIXELS;
        long total = 0;
        for (Path f : files) {
            long size = Files.size(f);
            if (size == 0 || size % record != 0)
                throw new DataFormatException(f, "size " + size + " is not a whole number of " + record + "-byte " + labels
                        + " records (truncated or not a CIFAR binary batch)");
            total += size / record;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) throw new DataFormatException(files.get(0), "too many records: " + total);
        int n = (int) total;
        float[] x = new float[n * PIXELS], y = new float[n];
        int i = 0;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (int r = 0; r < bytes.length / record; r++, i++) {
                int base = r * record;
                int label = bytes[base + labels.which] & 0xFF;
                if (label >= labels.classes)
                    throw new DataFormatException(f, "record " + r + " has label " + label + ", out of range [0, " + labels.classes + ")");
                y[i] = label;
                for (int p = 0; p < PIXELS; p++) x[i * PIXELS + p] = (bytes[base + labels.labelBytes + p] & 0xFF) / 255f;
            }
        }
        return new TensorDataset(Tensor.adopt(x, DType.FLOAT32, n, 3, 32, 32), Tensor.adopt(y, DType.INT64, n));
    }

    /** CIFAR-10 from its extracted folder (cifar-10-batches-bin): the five training batches and the test batch. */
    public static FashionMnist.Splits loadCifar10(Path dir) throws IOException {
        List<Path> train = new ArrayList<>();
        for (int b = 1; b <= 5; b++) train.add(need(dir.resolve("data_batch_" + b + ".bin")));
        return new FashionMnist.Splits(read(train, Labels.CIFAR10), read(need(dir.resolve("test_batch.bin")), Labels.CIFAR10));
    }

    private static Path need(Path p) throws IOException {
        if (!Files.isRegularFile(p))
            throw new java.io.FileNotFoundException(p + " not found: expected the extracted cifar-10-batches-bin folder "
                    + "(https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz)");
        return p;
    }
}
