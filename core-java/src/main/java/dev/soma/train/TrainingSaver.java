package dev.soma.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes everything a run needs to continue exactly (weights, optimizer and scheduler state, random state) after
 * {@code epochs} epochs with the {@code history} so far; the serialization module's {@code Checkpoint.save} is one.
 */
@FunctionalInterface
public interface TrainingSaver {
    void save(Path file, int epochs, History history) throws IOException;
}
