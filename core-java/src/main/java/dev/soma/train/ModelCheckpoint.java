package dev.soma.train;

import dev.soma.nn.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model during training: every {@code everyEpochs} epochs, or only when the monitored metric reaches a
 * new best. The path pattern may contain {@code {epoch}} (1-based), e.g. "checkpoints/model-{epoch}.safetensors".
 */
public final class ModelCheckpoint implements Callback {
    private final String pattern, monitor;
    private final boolean bestOnly, minimize;
    private final int everyEpochs;
    private final ModelSaver saver;
    private Module model;
    private double best;

    private ModelCheckpoint(String pattern, String monitor, boolean bestOnly, int everyEpochs, ModelSaver saver) {
        if (everyEpochs < 1) throw new IllegalArgumentException("ModelCheckpoint: everyEpochs must be >= 1, got " + everyEpochs);
        this.pattern = pattern;
        this.monitor = monitor;
        this.bestOnly = bestOnly;
        this.everyEpochs = everyEpochs;
        this.saver = saver;
        this.minimize = monitor == null || !monitor.contains("acc");
    }

    /** Saves whenever {@code monitor} improves (min for losses, max for accuracies). */
    public static ModelCheckpoint best(String pattern, String monitor, ModelSaver saver) {
        return new ModelCheckpoint(pattern, monitor, true, 1, saver);
    }

    /** Saves every {@code n} epochs. */
    public static ModelCheckpoint every(String pattern, int n, ModelSaver saver) {
        return new ModelCheckpoint(pattern, null, false, n, saver);
    }

    @Override public void onTrainBegin(Module model) {
        this.model = model;
        best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs, Control control) {
        boolean save;
        if (bestOnly) {
            Double v = logs.get(monitor);
            if (v == null) throw new IllegalStateException("ModelCheckpoint: metric '" + monitor + "' is not logged (logs have " + logs.keySet() + ")");
            save = minimize ? v < best : v > best;
            if (save) best = v;
        } else {
            save = (epoch + 1) % everyEpochs == 0;
        }
        if (!save) return;
        Path file = Path.of(pattern.replace("{epoch}", Integer.toString(epoch + 1)));
        try {
            saver.save(model, file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not save epoch " + (epoch + 1) + " to " + file, e);
        }
    }
}
