package dev.soma.data;

import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/**
 * Finds, loads and (when asked) downloads Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 in ten
 * clothing classes. Looked for in a folder given by the user, then {@code $SOMA_DATA} (or its
 * {@code fashion-mnist} subfolder), then {@code /usr/share/datasets/fashion-mnist} (Debian's
 * {@code dataset-fashion-mnist} package), then the download cache.
 */
public final class FashionMnist {
    private FashionMnist() {}

    public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
            "Bag", "Ankle boot"};
    public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    /** Where {@link #download} puts the files. */
    public static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "soma", "fashion-mnist");
    public static final String BASE_URL = "https://raw.githubusercontent.com/zalando-research/fashionmnist/master/data/fashion/";

    /** The four files with the SHA-256 of their decompressed contents (so any gzip encoding of the same data passes). */
    static final Map<String, String> FILES = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** The training and test sets: inputs (N, 1, 28, 28) in [0, 1], int64 labels. */
    public record Splits(TensorDataset train, TensorDataset test) {}

    /** How to get the data, for messages. */
    public static final String HOW_TO_GET = "Fashion-MNIST was not found. Get it with one of: "
            + "`sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu, installs into " + DEBIAN + "); "
            + "or download the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
            + "t10k-labels-idx1-ubyte.gz from " + BASE_URL + " into a folder and set SOMA_DATA to it; "
            + "or call FashionMnist.download(FashionMnist.CACHE).";

    /** The first folder holding all four files, looking in {@code given} (may be null), $SOMA_DATA, Debian's folder and the cache. */
    public static Optional<Path> locate(Path given) { return locate(given, System::getenv); }

    static Optional<Path> locate(Path given, UnaryOperator<String> env) {
        java.util.ArrayList<Path> candidates = new java.util.ArrayList<>();
        if (given != null) candidates.add(given);
        String somaData = env.apply("SOMA_DATA");
        if (somaData != null && !somaData.isBlank()) {
            candidates.add(Path.of(somaData));
            candidates.add(Path.of(somaData, "fashion-mnist"));
        }
        candidates.add(DEBIAN);
        candidates.add(CACHE);
        for (Path dir : candidates) if (complete(dir)) return Optional.of(dir);
        return Optional.empty();
    }

    private static boolean complete(Path dir) {
        for (String stem : FILES.keySet()) if (find(dir, stem) == null) return false;
        return true;
    }

    private static Path find(Path dir, String stem) {
        for (String name : List.of(stem + ".gz", stem)) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** The folder {@link #locate} finds, or an exception saying exactly how to get the data. */
    public static Path require(Path given) throws IOException {
        return locate(given).orElseThrow(() -> new java.io.FileNotFoundException(HOW_TO_GET));
    }

    /** Loads both splits from {@code dir} (files gzipped or not); malformed files raise {@link DataFormatException}. */
    public static Splits load(Path dir) throws IOException {
        Path trainX = need(dir, "train-images-idx3-ubyte"), trainY = need(dir, "train-labels-idx1-ubyte");
        Path testX = need(dir, "t10k-images-idx3-ubyte"), testY = need(dir, "t10k-labels-idx1-ubyte");
        return new Splits(pair(trainX, trainY), pair(testX, testY));
    }

    private static TensorDataset pair(Path images, Path labels) throws IOException {
        Tensor x = Idx.images(images), y = Idx.labels(labels, 10);
        if (x.size(0) != y.size(0))
            throw new DataFormatException(labels, y.size(0) + " labels for the " + x.size(0) + " images of " + images.getFileName());
        return new TensorDataset(x, y);
    }

    private static Path need(Path dir, String stem) throws IOException {
        Path p = find(dir, stem);
        if (p == null) throw new java.io.FileNotFoundException(dir + " has no " + stem + "(.gz). " + HOW_TO_GET);
        return p;
    }

    /**
     * Downloads the four files from {@code baseUrl} into {@code dir}, verifying each against its checksum and
     * moving it into place only then (a failed or corrupt download leaves nothing behind). Files already present and
     * valid are kept. Returns {@code dir}.
     */
    public static Path download(Path dir, String baseUrl) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            Path target = dir.resolve(f.getKey() + ".gz");
            if (Files.isRegularFile(target) && f.getValue().equals(sha256OfContents(target))) continue;
            Path tmp = Files.createTempFile(dir, "." + f.getKey(), ".part");
            try {
                try (InputStream in = URI.create(baseUrl + f.getKey() + ".gz").toURL().openStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String actual = sha256OfContents(tmp);
                if (!f.getValue().equals(actual))
                    throw new DataFormatException(target, "downloaded data has SHA-256 " + actual + ", expected " + f.getValue());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return dir;
    }

    /** {@link #download(Path, String)} from the official location. */
    public static Path download(Path dir) throws IOException { return download(dir, BASE_URL); }

    /** SHA-256 (hex) of a file's contents, decompressed first when it is gzipped. */
    static String sha256OfContents(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gz ? new GZIPInputStream(raw) : raw) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                return "corrupt gzip";
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
