package dev.soma.train;

import dev.soma.nn.Module;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a model to a file; the serialization module's {@code ModelFile::save} is one (safetensors with the architecture). */
@FunctionalInterface
public interface ModelSaver {
    void save(Module model, Path file) throws IOException;
}
