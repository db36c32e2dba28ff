package dev.soma.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that cannot be read as what it claims to be; the message names the file and the problem. */
public class DataFormatException extends IOException {
    private final Path file;

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The offending file. */
    public Path file() { return file; }
}
