package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {
    @TempDir Path dir;

    /** Records with the given labels; pixel p of record r is (r + p) mod 256. */
    private Path batch(String name, int labelBytes, int[][] labels) throws IOException {
        int record = labelBytes + 3072;
        byte[] b = new byte[labels.length * record];
        for (int r = 0; r < labels.length; r++) {
            for (int l = 0; l < labelBytes; l++) b[r * record + l] = (byte) labels[r][l];
            for (int p = 0; p < 3072; p++) b[r * record + labelBytes + p] = (byte) (r + p);
        }
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void readsCifar10AndBothCifar100Labels() throws IOException {
        Path ten = batch("ten.bin", 1, new int[][] {{3}, {9}});
        TensorDataset d = Cifar.read(ten, Cifar.Labels.CIFAR10);
        assertArrayEquals(new int[] {2, 3, 32, 32}, d.tensor(0).shape());
        assertArrayEquals(new long[] {3, 9}, d.tensor(1).toLongArray());
        assertEquals(1f / 255, d.tensor(0).get(1, 0, 0, 0), 1e-7f);
        assertEquals((1 + 1024) % 256 / 255f, d.tensor(0).get(1, 1, 0, 0), 1e-7f, "green plane follows the red one");
        Path hundred = batch("hundred.bin", 2, new int[][] {{19, 99}, {0, 42}});
        assertArrayEquals(new long[] {19, 0}, Cifar.read(hundred, Cifar.Labels.CIFAR100_COARSE).tensor(1).toLongArray());
        assertArrayEquals(new long[] {99, 42}, Cifar.read(hundred, Cifar.Labels.CIFAR100_FINE).tensor(1).toLongArray());
        assertEquals(4, Cifar.read(List.of(ten, ten), Cifar.Labels.CIFAR10).size());
    }

    @Test
    void malformedBatchesNameTheFileAndTheProblem() throws IOException {
        Path truncated = Files.write(dir.resolve("truncated.bin"), new byte[3073 + 100]);
        var e = assertThrows(DataFormatException.class, () -> Cifar.read(truncated, Cifar.Labels.CIFAR10));
        assertTrue(e.getMessage().contains("truncated.bin") && e.getMessage().contains("not a whole number"), e.getMessage());
        Path badLabel = batch("label.bin", 1, new int[][] {{2}, {12}});
        var l = assertThrows(DataFormatException.class, () -> Cifar.read(badLabel, Cifar.Labels.CIFAR10));
        assertTrue(l.getMessage().contains("record 1 has label 12"), l.getMessage());
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertThrows(DataFormatException.class, () -> Cifar.read(empty, Cifar.Labels.CIFAR10));
        var missing = assertThrows(java.io.FileNotFoundException.class, () -> Cifar.loadCifar10(dir));
        assertTrue(missing.getMessage().contains("data_batch_1.bin"), missing.getMessage());
    }
}
