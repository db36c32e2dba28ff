package dev.soma.train;

import dev.soma.nn.Module;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops when the monitored metric has not improved by more than {@code minDelta} for {@code patience} epochs
 * (Keras EarlyStopping); optionally puts the best epoch's weights back at the end.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean minimize, restoreBestWeights;
    private double best;
    private int wait, bestEpoch = -1, stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;
    private Module model;

    /** mode: "min", "max" or "auto" (max for names containing "acc", else min). */
    public EarlyStopping(String monitor, int patience, double minDelta, String mode, boolean restoreBestWeights) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = Math.abs(minDelta);
        this.minimize = switch (mode) {
            case "min" -> true;
            case "max" -> false;
            case "auto" -> !monitor.contains("acc");
            default -> throw new IllegalArgumentException("EarlyStopping: mode must be min, max or auto, got " + mode);
        };
        this.restoreBestWeights = restoreBestWeights;
    }

    /** Monitors "val_loss" (min), patience as given, no minimum delta, restoring the best weights. */
    public EarlyStopping(int patience) { this("val_loss", patience, 0, "auto", true); }

    @Override public void onTrainBegin(Module model) {
        this.model = model;
        best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        bestEpoch = stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override public void onEpochEnd(int epoch, Map<String, Double> logs, Control control) {
        Double v = logs.get(monitor);
        if (v == null) throw new IllegalStateException("EarlyStopping: metric '" + monitor + "' is not logged (logs have " + logs.keySet() + ")");
        boolean improved = minimize ? v < best - minDelta : v > best + minDelta;
        if (improved) {
            best = v;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = snapshot(model);
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            control.stopTraining("early stopping: " + monitor + " did not improve for " + patience + " epochs (best "
                    + best + " at epoch " + (bestEpoch + 1) + ")");
        }
    }

    @Override public void onTrainEnd(Module model, History history) {
        if (restoreBestWeights && bestWeights != null) model.loadStateDict(bestWeights, true);
    }

    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.contiguousCopy()));
        return out;
    }

    /** The epoch (0-based) with the best value, or −1. */
    public int bestEpoch() { return bestEpoch; }

    /** The epoch (0-based) at which training was stopped, or −1. */
    public int stoppedEpoch() { return stoppedEpoch; }
}
