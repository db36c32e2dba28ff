package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir Path dir;

    /** The bytes of an IDX file of unsigned bytes with the given dims and values. */
    private static byte[] idxBytes(int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(values).array();
    }

    private static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            bytes = out.toByteArray();
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** A small stand-in for the four files in {@code folder}: 3 training and 2 test images of 28×28, gzipped or not. */
    private Path fakeSet(Path folder) throws IOException {
        byte[] pixels = new byte[3 * 28 * 28];
        pixels[5] = (byte) 255;
        write(folder.resolve("train-images-idx3-ubyte.gz"), idxBytes(new int[] {3, 28, 28}, pixels), true);
        write(folder.resolve("train-labels-idx1-ubyte"), idxBytes(new int[] {3}, new byte[] {1, 2, 3}), false);
        write(folder.resolve("t10k-images-idx3-ubyte"), idxBytes(new int[] {2, 28, 28}, new byte[2 * 28 * 28]), false);
        write(folder.resolve("t10k-labels-idx1-ubyte.gz"), idxBytes(new int[] {2}, new byte[] {4, 9}), true);
        return folder;
    }

    /** Expectations matching {@link #fakeSet}, checksums left out. */
    private static List<FashionMnist.Expected> fakeExpected() {
        return List.of(new FashionMnist.Expected("train-images-idx3-ubyte", "the training images", 3, true, null),
                new FashionMnist.Expected("train-labels-idx1-ubyte", "the training labels", 3, false, null),
                new FashionMnist.Expected("t10k-images-idx3-ubyte", "the test images", 2, true, null),
                new FashionMnist.Expected("t10k-labels-idx1-ubyte", "the test labels", 2, false, null));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
    }

    @Test
    void foundInTheNamedFolderSomaDataOrItsSubfolder() throws IOException {
        Path data = fakeSet(dir.resolve("fashion-mnist"));
        assertEquals(Optional.of(data), FashionMnist.locate(data, k -> null));
        assertEquals(Optional.of(data), FashionMnist.locate(null, k -> k.equals("SOMA_DATA") ? data.toString() : null));
        assertEquals(Optional.of(data), FashionMnist.locate(null, k -> k.equals("SOMA_DATA") ? dir.toString() : null),
                "SOMA_DATA may also name the folder above a fashion-mnist subfolder");
        assertEquals(data, FashionMnist.require(data, k -> null));
    }

    @Test
    void aNamedFolderWithoutTheDataIsAnErrorNeverAFallback() throws IOException {
        Path data = fakeSet(dir.resolve("fashion-mnist"));
        Path missing = dir.resolve("nowhere"), incomplete = Files.createDirectories(dir.resolve("half"));
        Files.copy(data.resolve("train-images-idx3-ubyte.gz"), incomplete.resolve("train-images-idx3-ubyte.gz"));
        Files.copy(data.resolve("t10k-images-idx3-ubyte"), incomplete.resolve("t10k-images-idx3-ubyte"));
        // SOMA_DATA holds the data, and Debian's folder may too: neither stands in for a folder the user named.
        for (Path named : List.of(missing, incomplete))
            assertEquals(Optional.empty(), FashionMnist.locate(named, k -> k.equals("SOMA_DATA") ? data.toString() : null));
        var e = assertThrows(FileNotFoundException.class, () -> FashionMnist.require(missing, k -> data.toString()));
        assertMentions(e, missing.toString(), "is not a folder", "expected the four Fashion-MNIST files", "train-labels-idx1-ubyte[.gz]");
        e = assertThrows(FileNotFoundException.class, () -> FashionMnist.require(incomplete, k -> data.toString()));
        assertMentions(e, incomplete + " holds no train-labels-idx1-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]: expected");
        e = assertThrows(FileNotFoundException.class, () -> FashionMnist.load(missing));
        assertMentions(e, missing.toString(), "has no train-images-idx3-ubyte(.gz)");
    }

    @Test
    void loadsFilesThatMatchWhatIsExpected() throws IOException {
        Path data = fakeSet(dir.resolve("fashion-mnist"));
        FashionMnist.Splits s = FashionMnist.load(data, fakeExpected());
        assertEquals(3, s.train().size());
        assertEquals(2, s.test().size());
        assertEquals(1f, s.train().tensor(0).get(0, 0, 0, 5));
        assertArrayEquals(new long[] {4, 9}, s.test().tensor(1).toLongArray());
    }

    @Test
    void filesFoundByNameAreCheckedAgainstTheOfficialCounts() throws IOException {
        Path data = fakeSet(dir.resolve("fashion-mnist"));
        var e = assertThrows(DataFormatException.class, () -> FashionMnist.load(data));
        assertEquals(data.resolve("train-images-idx3-ubyte.gz"), e.file());
        assertMentions(e, "expected the training images: 60000 images of 28×28, IDX dims [60000, 28, 28] (Fashion-MNIST), "
                + "but the IDX header declares dims [3, 28, 28]");
    }

    @Test
    void aWrongCountShapeMagicOrLengthNamesTheFileAndWhatWasExpected() throws IOException {
        Path data = fakeSet(dir.resolve("fashion-mnist"));
        Path labels = data.resolve("t10k-labels-idx1-ubyte.gz");
        write(labels, idxBytes(new int[] {3}, new byte[] {4, 9, 1}), true);
        var e = assertThrows(DataFormatException.class, () -> FashionMnist.load(data, fakeExpected()));
        assertEquals(labels, e.file());
        assertMentions(e, "expected the test labels: 2 labels, IDX dims [2] (Fashion-MNIST), but the IDX header declares dims [3]");

        write(labels, idxBytes(new int[] {2}, new byte[] {4, 9}), true);
        Path images = data.resolve("t10k-images-idx3-ubyte");
        write(images, idxBytes(new int[] {2, 28, 27}, new byte[2 * 28 * 27]), false);
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(data, fakeExpected()));
        assertMentions(e, images.toString(), "2 images of 28×28, IDX dims [2, 28, 28]", "declares dims [2, 28, 27]");

        write(images, new byte[] {1, 2, 8, 3, 0, 0, 0, 2}, false);
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(data, fakeExpected()));
        assertMentions(e, images.toString(), "wrong magic number 0x01020803");

        byte[] whole = idxBytes(new int[] {2, 28, 28}, new byte[2 * 28 * 28]);
        write(images, java.util.Arrays.copyOf(whole, whole.length - 100), false);
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(data, fakeExpected()));
        assertMentions(e, images.toString(), "truncated: the header declares 1568 values but the file holds 1468");
    }

    @Test
    void contentsMustHaveTheExpectedChecksumGzippedOrNot() throws IOException {
        Path data = fakeSet(dir.resolve("fashion-mnist"));
        Path trainLabels = data.resolve("train-labels-idx1-ubyte");
        Idx.Contents c = Idx.read(trainLabels);
        String sum = FashionMnist.sha256(c);
        assertEquals(FashionMnist.sha256OfContents(trainLabels), sum, "the checksum of what was read is the file's");
        Path gz = write(dir.resolve("again.gz"), Files.readAllBytes(trainLabels), true);
        assertEquals(sum, FashionMnist.sha256OfContents(gz));

        List<FashionMnist.Expected> expected = new java.util.ArrayList<>(fakeExpected());
        expected.set(1, new FashionMnist.Expected("train-labels-idx1-ubyte", "the training labels", 3, false, sum));
        assertEquals(3, FashionMnist.load(data, expected).train().size());
        write(trainLabels, idxBytes(new int[] {3}, new byte[] {1, 2, 4}), false);
        var e = assertThrows(DataFormatException.class, () -> FashionMnist.load(data, expected));
        assertEquals(trainLabels, e.file());
        assertMentions(e, "contents have SHA-256 ", ", expected " + sum + " (the training labels of the official Fashion-MNIST)");
    }

    @Test
    void theOfficialFilesPassTheChecksWhereInstalled() throws IOException {
        assumeTrue(FashionMnist.locate(FashionMnist.DEBIAN).isPresent(), "no Fashion-MNIST in " + FashionMnist.DEBIAN);
        FashionMnist.Splits s = FashionMnist.load(FashionMnist.DEBIAN);
        assertEquals(60000, s.train().size());
        assertEquals(10000, s.test().size());
        assertArrayEquals(new int[] {10000, 1, 28, 28}, s.test().tensor(0).shape());
    }

    @Test
    void downloadsAreVerifiedBeforeTheyAreKept() throws IOException {
        Path source = Files.createDirectories(dir.resolve("mirror"));
        for (String stem : FashionMnist.FILES.keySet()) Files.write(source.resolve(stem + ".gz"), new byte[] {1, 2, 3});
        Path cache = dir.resolve("cache");
        var e = assertThrows(DataFormatException.class, () -> FashionMnist.download(cache, source.toUri().toString()));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
        try (var files = Files.list(cache)) {
            assertEquals(0, files.count(), "nothing unverified is left in the cache");
        }
    }
}
