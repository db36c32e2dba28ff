package dev.soma.train;

import dev.soma.autograd.GradMode;
import dev.soma.data.Batch;
import dev.soma.nn.ErrorContext;
import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.optim.lr.LRScheduler;
import dev.soma.optim.lr.ReduceLROnPlateau;
import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The training loop: per epoch, model.train(), then for each batch zero the gradients, forward, loss, backward,
 * optimizer step (and a per-batch scheduler); then validation in eval mode without gradients (metrics prefixed
 * "val_"); then a per-epoch scheduler step and the callbacks. Returns the {@link History}. A NaN or infinite
 * loss stops training with the epoch and batch named.
 */
public final class Trainer {
    private final BiFunction<Tensor, Tensor, Tensor> loss;
    private final Optimizer optimizer;
    private final List<Metric> metrics;
    private final List<Callback> callbacks;
    private final List<TrainingListener> listeners;
    private final LRScheduler scheduler;
    private final boolean schedulerPerBatch;
    private final ReduceLROnPlateau plateau;
    private final String plateauMonitor;
    private final boolean stopOnNonFinite;
    private final int resumeEpochs;
    private final History resumeHistory;
    private final String checkpointPattern;
    private final int checkpointEvery;
    private final TrainingSaver checkpointSaver;

    private Trainer(Builder b) {
        if (b.loss == null) throw new IllegalStateException("Trainer: no loss set");
        loss = b.loss;
        optimizer = b.optimizer;
        metrics = new ArrayList<>();
        metrics.add(new MeanLoss());
        metrics.addAll(b.metrics);
        callbacks = List.copyOf(b.callbacks);
        listeners = new ArrayList<>(b.listeners);
        if (b.progress) listeners.add(b.console != null ? b.console : new ConsoleProgress());
        scheduler = b.scheduler;
        schedulerPerBatch = b.schedulerPerBatch;
        plateau = b.plateau;
        plateauMonitor = b.plateauMonitor;
        stopOnNonFinite = b.stopOnNonFinite;
        resumeEpochs = b.resumeEpochs;
        resumeHistory = b.resumeHistory;
        checkpointPattern = b.checkpointPattern;
        checkpointEvery = b.checkpointEvery;
        checkpointSaver = b.checkpointSaver;
    }

    public static Builder builder() { return new Builder(); }

    /** Trainer options; the loss is required, the optimizer too for {@link #fit} (not for {@link #evaluate}). Progress is printed by default. */
    public static final class Builder {
        private BiFunction<Tensor, Tensor, Tensor> loss;
        private Optimizer optimizer;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private LRScheduler scheduler;
        private boolean schedulerPerBatch, progress = true, stopOnNonFinite = true;
        private ReduceLROnPlateau plateau;
        private String plateauMonitor;
        private ConsoleProgress console;
        private int resumeEpochs, checkpointEvery;
        private History resumeHistory;
        private String checkpointPattern;
        private TrainingSaver checkpointSaver;

        public Builder loss(Loss l) { loss = l::forward; return this; }

        public Builder loss(BiFunction<Tensor, Tensor, Tensor> l) { loss = l; return this; }

        public Builder optimizer(Optimizer o) { optimizer = o; return this; }

        public Builder metrics(Metric... ms) { metrics.addAll(List.of(ms)); return this; }

        public Builder callbacks(Callback... cs) { callbacks.addAll(List.of(cs)); return this; }

        public Builder listeners(TrainingListener... ls) { listeners.addAll(List.of(ls)); return this; }

        /** Steps {@code s} after every epoch, or after every batch (OneCycleLR, warm-up) when {@code perBatch}. */
        public Builder scheduler(LRScheduler s, boolean perBatch) {
            scheduler = s;
            schedulerPerBatch = perBatch;
            return this;
        }

        /** Steps {@code s} after every epoch with the value of {@code monitor} (e.g. "val_loss"). */
        public Builder scheduler(ReduceLROnPlateau s, String monitor) {
            plateau = s;
            plateauMonitor = monitor;
            return this;
        }

        /** Console progress on or off (listeners still receive everything). */
        public Builder progress(boolean on) { progress = on; return this; }

        /** Console progress written to {@code out}: live bars when {@code live}, else one line per epoch. */
        public Builder progress(java.io.PrintStream out, boolean live) {
            progress = true;
            console = new ConsoleProgress(out, live);
            return this;
        }

        /** Whether a NaN or infinite loss stops training (default true). */
        public Builder stopOnNonFiniteLoss(boolean on) { stopOnNonFinite = on; return this; }

        /**
         * Continues a run that stopped after {@code epochs} epochs (restore the model, optimizer and scheduler first, as a
         * checkpoint does): fit starts at that epoch (Keras's initial_epoch), a DataLoader train set serves that epoch's
         * order, and the returned History continues {@code history} (null: starts empty).
         */
        public Builder resume(int epochs, History history) {
            if (epochs < 0) throw new IllegalArgumentException("Trainer: resume needs a non-negative epoch count, got " + epochs);
            resumeEpochs = epochs;
            resumeHistory = history;
            return this;
        }

        /**
         * Saves the whole training state through {@code saver} every {@code every} epochs, into {@code pattern} with
         * "{epoch}" replaced by the number of epochs done (e.g. "checkpoints/epoch-{epoch}.safetensors").
         */
        public Builder checkpoint(String pattern, int every, TrainingSaver saver) {
            if (every < 1) throw new IllegalArgumentException("Trainer: checkpoint every must be >= 1, got " + every);
            checkpointPattern = pattern;
            checkpointEvery = every;
            checkpointSaver = saver;
            return this;
        }

        public Trainer build() { return new Trainer(this); }
    }

    /** Trains for {@code epochs} epochs without validation. */
    public History fit(Module model, Iterable<Batch> train, int epochs) { return fit(model, train, null, epochs); }

    /** Trains for {@code epochs} epochs, validating after each when {@code validation} is not null. */
    public History fit(Module model, Iterable<Batch> train, Iterable<Batch> validation, int epochs) {
        if (optimizer == null) throw new IllegalStateException("Trainer: no optimizer set (fit needs one; evaluate does not)");
        History history = resumeHistory == null ? new History() : resumeHistory.copy();
        boolean[] stop = {false};
        Callback.Control control = reason -> stop[0] = true;
        if (resumeEpochs > 0 && train instanceof dev.soma.data.DataLoader<?> dl) dl.setEpoch(resumeEpochs);
        for (Callback c : callbacks) c.onTrainBegin(model);
        for (int epoch = resumeEpochs; epoch < epochs && !stop[0]; epoch++) {
            for (Callback c : callbacks) c.onEpochBegin(epoch);
            int batches = train instanceof dev.soma.data.DataLoader<?> dl ? dl.size() : -1;
            for (TrainingListener l : listeners) l.onEpochStart(epoch, epochs, batches);
            long start = System.nanoTime();
            long samples = trainEpoch(model, train, epoch, batches, start);
            Map<String, Double> logs = values(metrics, "");
            if (validation != null) {
                try {
                    logs.putAll(evaluate(model, validation, "val_"));
                } catch (RuntimeException e) {
                    throw ErrorContext.prefixed("Trainer.fit: epoch " + (epoch + 1) + ", validation: ", e);
                }
            }
            if (scheduler != null && !schedulerPerBatch) scheduler.step();
            if (plateau != null) {
                Double v = logs.get(plateauMonitor);
                if (v == null) throw new IllegalStateException("Trainer: ReduceLROnPlateau monitors '" + plateauMonitor
                        + "', which is not logged (logs have " + logs.keySet() + ")");
                plateau.step(v);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (TrainingListener l : listeners) l.onEpochEnd(epoch, epochs, logs, seconds, samples / seconds);
            history.addEpoch(logs);
            if (checkpointSaver != null && (epoch + 1) % checkpointEvery == 0) saveCheckpoint(epoch + 1, history);
            for (Callback c : callbacks) c.onEpochEnd(epoch, logs, control);
        }
        for (Callback c : callbacks) c.onTrainEnd(model, history);
        return history;
    }

    private void saveCheckpoint(int epochsDone, History history) {
        Path file = Path.of(checkpointPattern.replace("{epoch}", Integer.toString(epochsDone)));
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            checkpointSaver.save(file, epochsDone, history);
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: could not save the checkpoint after epoch " + epochsDone + " to " + file, e);
        }
    }

    private long trainEpoch(Module model, Iterable<Batch> train, int epoch, int batches, long start) {
        model.train();
        for (Metric m : metrics) m.reset();
        long samples = 0;
        int b = 0;
        for (Batch batch : train) {
            optimizer.zeroGrad();
            Tensor out, l;
            try {
                out = model.forward(batch.inputs());
                l = loss.apply(out, batch.targets());
            } catch (RuntimeException e) {
                throw ErrorContext.prefixed("Trainer.fit: epoch " + (epoch + 1) + ", batch " + (b + 1) + ": ", e);
            }
            double value = l.item();
            if (stopOnNonFinite && !Double.isFinite(value))
                throw new IllegalStateException("Trainer: the loss is " + value + " at epoch " + (epoch + 1) + ", batch " + (b + 1)
                        + "; lower the learning rate or check the inputs");
            l.backward();
            optimizer.step();
            if (scheduler != null && schedulerPerBatch) scheduler.step();
            try (var off = GradMode.noGrad()) {
                for (Metric m : metrics) m.update(out.detach(), batch.targets(), value);
            }
            samples += batch.size();
            for (Callback c : callbacks) c.onBatchEnd(epoch, b, value);
            if (!listeners.isEmpty()) {
                double rate = samples / Math.max((System.nanoTime() - start) / 1e9, 1e-9);
                Map<String, Double> running = values(metrics, "");
                for (TrainingListener li : listeners) li.onBatch(epoch, b, batches, running, rate);
            }
            b++;
        }
        return samples;
    }

    /** The trainer's metrics (loss first) over {@code data}, in eval mode without gradients, names prefixed by {@code prefix}. */
    public Map<String, Double> evaluate(Module model, Iterable<Batch> data, String prefix) {
        return evaluate(model, data, loss, metrics, prefix);
    }

    /**
     * The mean loss and {@code metrics} of {@code model} over {@code data}, in eval mode without gradients, with no
     * trainer and no optimizer (Keras's model.evaluate).
     */
    public static Map<String, Double> evaluate(Module model, Iterable<Batch> data, Loss loss, Metric... metrics) {
        List<Metric> all = new ArrayList<>();
        all.add(new MeanLoss());
        all.addAll(List.of(metrics));
        return evaluate(model, data, loss::forward, all, "");
    }

    private static Map<String, Double> evaluate(Module model, Iterable<Batch> data, BiFunction<Tensor, Tensor, Tensor> loss,
                                                List<Metric> metrics, String prefix) {
        List<Metric> fresh = new ArrayList<>();
        for (Metric m : metrics) fresh.add(m.copy());
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var off = GradMode.noGrad()) {
            for (Batch batch : data) {
                Tensor out = model.forward(batch.inputs());
                double value = loss.apply(out, batch.targets()).item();
                for (Metric m : fresh) m.update(out, batch.targets(), value);
            }
        } finally {
            model.train(wasTraining);
        }
        return values(fresh, prefix);
    }

    /** {@link #evaluate(Module, Iterable, String)} without a prefix. */
    public Map<String, Double> evaluate(Module model, Iterable<Batch> data) { return evaluate(model, data, ""); }

    /** The model's outputs for {@code inputs}, in eval mode without gradients. */
    public static Tensor predict(Module model, Tensor inputs) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var off = GradMode.noGrad()) {
            return model.forward(inputs);
        } finally {
            model.train(wasTraining);
        }
    }

    /**
     * The model's outputs for {@code inputs} run {@code batchSize} samples (dim 0) at a time and joined, in eval mode
     * without gradients: a whole test set at once would hold every layer's activations for all of it (a CNN's first
     * layer on 10,000 Fashion-MNIST images alone is 1 GB).
     */
    public static Tensor predict(Module model, Tensor inputs, int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("predict: batchSize must be positive, got " + batchSize);
        if (inputs.dim() == 0) throw new IllegalArgumentException("predict: inputs need a batch dim, got a 0-d tensor");
        int n = inputs.size(0);
        if (n <= batchSize) return predict(model, inputs);
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < n; i += batchSize) parts.add(predict(model, inputs.narrow(0, i, Math.min(batchSize, n - i))));
        return Tensor.cat(parts.toArray(new Tensor[0]), 0);
    }

    private static Map<String, Double> values(List<Metric> ms, String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : ms) out.put(prefix + m.name(), m.value());
        return out;
    }
}
