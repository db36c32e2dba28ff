package dev.soma.data;

import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Finds, loads and (when asked) downloads Fashion-MNIST: 60,000 training and 10,000 test images of 28×28 in ten
 * clothing classes. A folder the user names is the only place looked; otherwise {@code $SOMA_DATA} (or its
 * {@code fashion-mnist} subfolder), then {@code /usr/share/datasets/fashion-mnist} (Debian's
 * {@code dataset-fashion-mnist} package), then the download cache. Files found by name are checked like downloaded
 * ones: the IDX header against the official counts and the SHA-256 of the contents, gzipped or not.
 */
public final class FashionMnist {
    private FashionMnist() {}

    public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
            "Bag", "Ankle boot"};
    public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    /** Where {@link #download} puts the files. */
    public static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "soma", "fashion-mnist");
    public static final String BASE_URL = "https://raw.githubusercontent.com/zalando-research/fashionmnist/master/data/fashion/";

    /**
     * What one of the four files holds: {@code count} images of 28×28 or {@code count} labels, and the SHA-256 of the
     * decompressed contents (so any gzip encoding of the same data passes); {@code what} names it in messages.
     */
    record Expected(String stem, String what, int count, boolean images, String sha256) {
        int[] dims() { return images ? new int[] {count, 28, 28} : new int[] {count}; }

        String describe() { return what + ": " + count + (images ? " images of 28×28" : " labels") + ", IDX dims " + Arrays.toString(dims()); }
    }

    /** The official files, training set first. */
    static final List<Expected> OFFICIAL = List.of(
            new Expected("train-images-idx3-ubyte", "the training images", 60000, true,
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new Expected("train-labels-idx1-ubyte", "the training labels", 60000, false,
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new Expected("t10k-images-idx3-ubyte", "the test images", 10000, true,
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new Expected("t10k-labels-idx1-ubyte", "the test labels", 10000, false,
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /** The four file stems with the SHA-256 of their decompressed contents. */
    static final Map<String, String> FILES = OFFICIAL.stream().collect(Collectors.toUnmodifiableMap(Expected::stem, Expected::sha256));

    /** The training and test sets: inputs (N, 1, 28, 28) in [0, 1], int64 labels. */
    public record Splits(TensorDataset train, TensorDataset test) {}

    /** How to get the data, for messages. */
    public static final String HOW_TO_GET = "Fashion-MNIST was not found. Get it with one of: "
            + "`sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu, installs into " + DEBIAN + "); "
            + "or download the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
            + "t10k-labels-idx1-ubyte.gz from " + BASE_URL + " into a folder and set SOMA_DATA to it; "
            + "or call FashionMnist.download(FashionMnist.CACHE).";

    /**
     * The folder holding all four files: {@code given} itself when not null (and empty when it lacks them: a folder
     * the user names is never swapped for another), else the first of $SOMA_DATA, its fashion-mnist subfolder,
     * Debian's folder and the cache. Whether the files are sound is checked by {@link #load}.
     */
    public static Optional<Path> locate(Path given) { return locate(given, System::getenv); }

    static Optional<Path> locate(Path given, UnaryOperator<String> env) {
        if (given != null) return complete(given) ? Optional.of(given) : Optional.empty();
        java.util.ArrayList<Path> candidates = new java.util.ArrayList<>();
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

    /**
     * The folder {@link #locate} finds, or a FileNotFoundException: for a {@code given} folder, naming it and what it
     * lacks; otherwise saying exactly how to get the data.
     */
    public static Path require(Path given) throws IOException { return require(given, System::getenv); }

    static Path require(Path given, UnaryOperator<String> env) throws IOException {
        Optional<Path> found = locate(given, env);
        if (found.isPresent()) return found.get();
        if (given == null) throw new java.io.FileNotFoundException(HOW_TO_GET);
        if (!Files.isDirectory(given))
            throw new java.io.FileNotFoundException(given + " is not a folder: expected the four Fashion-MNIST files there (" + names() + ")");
        List<String> missing = new java.util.ArrayList<>();
        for (Expected e : OFFICIAL) if (find(given, e.stem()) == null) missing.add(e.stem() + "[.gz]");
        throw new java.io.FileNotFoundException(given + " holds no " + String.join(", ", missing) + ": expected the four Fashion-MNIST files "
                + "there (" + names() + "). " + HOW_TO_GET);
    }

    private static String names() {
        return OFFICIAL.stream().map(e -> e.stem() + "[.gz]").collect(Collectors.joining(", "));
    }

    /**
     * Loads both splits from {@code dir} (files gzipped or not), each file checked against the official one: its IDX
     * header must declare 60,000 (training) or 10,000 (test) images of 28×28 or labels, and its contents must have the
     * official SHA-256. A file that does not raises {@link DataFormatException} naming it and what was expected; a
     * missing one, FileNotFoundException.
     */
    public static Splits load(Path dir) throws IOException { return load(dir, OFFICIAL); }

    /** {@link #load(Path)} against the given expectations (four of them, in {@link #OFFICIAL}'s order); a null checksum is not checked. */
    static Splits load(Path dir, List<Expected> files) throws IOException {
        Tensor[] t = new Tensor[4];
        Path[] paths = new Path[4];
        for (int i = 0; i < 4; i++) {
            Expected e = files.get(i);
            Path p = paths[i] = need(dir, e.stem());
            Idx.Contents c = Idx.read(p);
            if (!Arrays.equals(c.dims(), e.dims()))
                throw new DataFormatException(p, "expected " + e.describe() + " (Fashion-MNIST), but the IDX header declares dims "
                        + Arrays.toString(c.dims()));
            if (e.sha256() != null) {
                String actual = sha256(c);
                if (!actual.equals(e.sha256()))
                    throw new DataFormatException(p, "contents have SHA-256 " + actual + ", expected " + e.sha256() + " (" + e.what()
                            + " of the official Fashion-MNIST): the file is damaged or is other data under Fashion-MNIST's name");
            }
            t[i] = e.images() ? Idx.images(p, c) : Idx.labels(p, c, 10);
        }
        return new Splits(new TensorDataset(t[0], t[1]), new TensorDataset(t[2], t[3]));
    }

    private static Path need(Path dir, String stem) throws IOException {
        Path p = find(dir, stem);
        if (p == null) throw new java.io.FileNotFoundException(dir + " has no " + stem + "(.gz). " + HOW_TO_GET);
        return p;
    }

    /** SHA-256 (hex) of an IDX file's decompressed bytes, rebuilt from what {@link Idx#read} returned (it refuses trailing bytes). */
    static String sha256(Idx.Contents c) {
        MessageDigest md = sha256();
        ByteBuffer head = ByteBuffer.allocate(4 + 4 * c.dims().length).put((byte) 0).put((byte) 0).put((byte) 8).put((byte) c.dims().length);
        for (int d : c.dims()) head.putInt(d);
        md.update(head.array());
        md.update(c.data());
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        MessageDigest md = sha256();
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
