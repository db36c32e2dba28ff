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
import java.util.Optional;
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

    @Test
    void fashionMnistIsFoundWhereverItIsAndCountsMustAgree() throws IOException {
        Path data = Files.createDirectories(dir.resolve("fashion-mnist"));
        byte[] pixels = new byte[3 * 28 * 28];
        pixels[5] = (byte) 255;
        idx("fashion-mnist/train-images-idx3-ubyte.gz", new int[] {3, 28, 28}, pixels, true);
        idx("fashion-mnist/train-labels-idx1-ubyte", new int[] {3}, bytes(1, 2, 3), false);
        idx("fashion-mnist/t10k-images-idx3-ubyte", new int[] {3, 28, 28}, pixels, false);
        idx("fashion-mnist/t10k-labels-idx1-ubyte.gz", new int[] {2}, bytes(4, 5), true);
        assertEquals(Optional.of(data), FashionMnist.locate(data, k -> null));
        assertEquals(Optional.of(data), FashionMnist.locate(null, k -> k.equals("SOMA_DATA") ? dir.resolve("fashion-mnist").toString() : null));
        assertEquals(Optional.of(data), FashionMnist.locate(null, k -> k.equals("SOMA_DATA") ? dir.toString() : null),
                "SOMA_DATA may also name the folder above a fashion-mnist subfolder");
        assertTrue(FashionMnist.locate(dir.resolve("nowhere"), k -> null).map(p -> !p.startsWith(dir)).orElse(true),
                "an incomplete folder is passed over");
        var e = assertThrows(DataFormatException.class, () -> FashionMnist.load(data));
        assertTrue(e.getMessage().contains("2 labels for the 3 images"), e.getMessage());
        idx("fashion-mnist/t10k-labels-idx1-ubyte.gz", new int[] {3}, bytes(4, 5, 6), true);
        FashionMnist.Splits s = FashionMnist.load(data);
        assertEquals(3, s.train().size());
        assertEquals(1f, s.test().tensor(0).get(0, 0, 0, 5));
        var missing = assertThrows(java.io.FileNotFoundException.class, () -> FashionMnist.load(dir));
        assertTrue(missing.getMessage().contains("apt-get install dataset-fashion-mnist"), missing.getMessage());
    }

    @Test
    void downloadsAreVerifiedBeforeTheyAreKept() throws IOException {
        Path source = Files.createDirectories(dir.resolve("mirror"));
        for (String stem : FashionMnist.FILES.keySet()) Files.write(source.resolve(stem + ".gz"), bytes(1, 2, 3));
        Path cache = dir.resolve("cache");
        var e = assertThrows(DataFormatException.class, () -> FashionMnist.download(cache, source.toUri().toString()));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        try (var files = Files.list(cache)) {
            assertEquals(0, files.count(), "nothing unverified is left in the cache");
        }
    }
}
