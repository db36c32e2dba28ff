package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    /** An IDX file of unsigned bytes with the given dims (the header says {@code declared} if given). */
    private Path idx(String name, int[] dims, byte[] values, boolean gzip) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(values);
        byte[] bytes = b.array();
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            bytes = out.toByteArray();
        }
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void readsImagesAndLabelsPlainOrGzipped() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            Path images = idx("img" + gz, new int[] {2, 2, 3}, bytes(0, 255, 51, 102, 0, 0, 1, 2, 3, 4, 5, 6), gz);
            Tensor x = Idx.images(images);
            assertArrayEquals(new int[] {2, 1, 2, 3}, x.shape());
            assertEquals(1f, x.get(0, 0, 0, 1));
            assertEquals(0.2f, x.get(0, 0, 0, 2), 1e-6f);
            Tensor y = Idx.labels(idx("lab" + gz, new int[] {3}, bytes(9, 0, 4), gz), 10);
            assertEquals(DType.INT64, y.dtype());
            assertArrayEquals(new long[] {9, 0, 4}, y.toLongArray());
        }
    }

    @Test
    void malformedFilesNameTheFileAndTheProblem() throws IOException {
        Path wrongMagic = Files.write(dir.resolve("magic"), bytes(1, 2, 8, 1, 0, 0, 0, 1, 7));
        Path wrongType = Files.write(dir.resolve("type"), bytes(0, 0, 0x0D, 1, 0, 0, 0, 1, 7, 7, 7, 7));
        Path truncated = idx("truncated", new int[] {4, 2, 2}, bytes(1, 2, 3), false);
        Path truncatedGz = idx("truncated.gz", new int[] {4, 2, 2}, bytes(1, 2, 3), true);
        Path trailing = idx("trailing", new int[] {2}, bytes(1, 2, 3), false);
        Path header = Files.write(dir.resolve("header"), bytes(0, 0, 8, 3, 0, 0));
        Path huge = idx("huge", new int[] {65535, 65535, 65535}, bytes(1), false);
        Path corruptGz = Files.write(dir.resolve("corrupt.gz"), bytes(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3));
        Map<Path, String> cases = Map.of(wrongMagic, "wrong magic number", wrongType, "value type", truncated, "truncated",
                truncatedGz, "truncated", trailing, "after the 2 declared values", header, "truncated", huge, "more than an array",
                corruptGz, "gzip");
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            var e = assertThrows(DataFormatException.class, () -> Idx.read(c.getKey()), c.getValue());
            assertTrue(e.getMessage().contains(c.getKey().getFileName().toString()) && e.getMessage().contains(c.getValue()),
                    e.getMessage());
        }
        Path badLabel = idx("labels", new int[] {3}, bytes(1, 12, 3), false);
        var e = assertThrows(DataFormatException.class, () -> Idx.labels(badLabel, 10));
        assertTrue(e.getMessage().contains("label 12 at index 1"), e.getMessage());
        Path notImages = idx("flat", new int[] {3}, bytes(1, 2, 3), false);
        assertThrows(DataFormatException.class, () -> Idx.images(notImages));
    }
}
