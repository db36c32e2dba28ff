package dev.soma.data;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * IDX files (MNIST, Fashion-MNIST), plain or gzipped: magic 0x0000 08 n (unsigned bytes, n dims), n big-endian
 * dimension sizes, then the values. Every count is checked against the bytes actually present.
 */
public final class Idx {
    private Idx() {}

    /** The dimensions and raw unsigned bytes of an IDX file. */
    public record Contents(int[] dims, byte[] data) {}

    /** Reads an IDX file of unsigned bytes; gzip is recognised by its magic bytes. */
    public static Contents read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gz = b0 == 0x1f && b1 == 0x8b;
            long limit = gz ? Long.MAX_VALUE : Files.size(file);
            try (InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return parse(file, in, limit);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
            }
        }
    }

    private static Contents parse(Path file, InputStream in, long fileSize) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) throw new DataFormatException(file, "truncated: no IDX header");
        if (head[0] != 0 || head[1] != 0)
            throw new DataFormatException(file, String.format("wrong magic number 0x%02x%02x%02x%02x (an IDX file starts with 0x0000)",
                    head[0], head[1], head[2], head[3]));
        if (head[2] != 0x08)
            throw new DataFormatException(file, String.format("unsupported IDX value type 0x%02x (only unsigned bytes, 0x08)", head[2]));
        int n = head[3] & 0xFF;
        if (n == 0 || n > 4) throw new DataFormatException(file, "unsupported number of dimensions " + n);
        byte[] dimBytes = in.readNBytes(4 * n);
        if (dimBytes.length < 4 * n) throw new DataFormatException(file, "truncated: the header ends inside the dimension sizes");
        int[] dims = new int[n];
        long count = 1;
        for (int i = 0; i < n; i++) {
            long d = ((dimBytes[4 * i] & 0xFFL) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16) | ((dimBytes[4 * i + 2] & 0xFF) << 8)
                    | (dimBytes[4 * i + 3] & 0xFF);
            if (d > Integer.MAX_VALUE) throw new DataFormatException(file, "dimension " + i + " is " + d + ", too large");
            dims[i] = (int) d;
            count *= d;
            if (count > Integer.MAX_VALUE - 16)
                throw new DataFormatException(file, "the header declares " + count + "+ values, more than an array holds");
        }
        long headerBytes = 4 + 4L * n;
        if (count > fileSize - headerBytes)
            throw new DataFormatException(file, "truncated: the header declares " + count + " values but the file holds "
                    + (fileSize - headerBytes));
        // Read in chunks so a gzipped file with a lying header cannot make us allocate what is not there.
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(count, 1 << 20));
        byte[] chunk = new byte[1 << 16];
        long remaining = count;
        while (remaining > 0) {
            int r = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
            if (r < 0) throw new DataFormatException(file, "truncated: the header declares " + count + " values but the data ends after "
                    + (count - remaining));
            buf.write(chunk, 0, r);
            remaining -= r;
        }
        if (in.read() >= 0) throw new DataFormatException(file, "unexpected bytes after the " + count + " declared values");
        return new Contents(dims, buf.toByteArray());
    }

    /** Images as floats scaled to [0, 1], shaped (N, 1, rows, cols) for a 3-dim file. */
    public static Tensor images(Path file) throws IOException { return images(file, read(file)); }

    /** {@link #images(Path)} from contents already read ({@code file} names them in messages). */
    public static Tensor images(Path file, Contents c) throws DataFormatException {
        if (c.dims.length != 3) throw new DataFormatException(file, "expected images (3 dimensions), found " + c.dims.length);
        float[] x = new float[c.data.length];
        for (int i = 0; i < x.length; i++) x[i] = (c.data[i] & 0xFF) / 255f;
        return Tensor.adopt(x, DType.FLOAT32, c.dims[0], 1, c.dims[1], c.dims[2]);
    }

    /** Class labels (int64) of a 1-dim file, each checked to lie in [0, classes). */
    public static Tensor labels(Path file, int classes) throws IOException { return labels(file, read(file), classes); }

    /** {@link #labels(Path, int)} from contents already read ({@code file} names them in messages). */
    public static Tensor labels(Path file, Contents c, int classes) throws DataFormatException {
        if (c.dims.length != 1) throw new DataFormatException(file, "expected labels (1 dimension), found " + c.dims.length);
        float[] y = new float[c.data.length];
        for (int i = 0; i < y.length; i++) {
            int v = c.data[i] & 0xFF;
            if (v >= classes) throw new DataFormatException(file, "label " + v + " at index " + i + " is out of range [0, " + classes + ")");
            y[i] = v;
        }
        return Tensor.adopt(y, DType.INT64, y.length);
    }
}
