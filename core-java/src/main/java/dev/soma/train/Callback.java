package dev.soma.train;

import dev.soma.nn.Module;
import java.util.Map;

/** Hooks into {@link Trainer#fit}; every method does nothing unless overridden. */
public interface Callback {
    default void onTrainBegin(Module model) {}

    default void onEpochBegin(int epoch) {}

    default void onBatchEnd(int epoch, int batch, double loss) {}

    /** After an epoch's training and validation, with its logs ("loss", "accuracy", "val_loss", …); may stop training. */
    default void onEpochEnd(int epoch, Map<String, Double> logs, Control control) {}

    default void onTrainEnd(Module model, History history) {}

    /** Lets a callback end training after the current epoch. */
    interface Control {
        void stopTraining(String reason);
    }
}
