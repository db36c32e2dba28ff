package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import dev.soma.optim.ParamGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the lr by {@code factor} once a monitored metric has not improved for more than {@code patience}
 * epochs, then waits {@code cooldown} epochs (torch ReduceLROnPlateau). Reductions smaller than eps are skipped.
 */
public final class ReduceLROnPlateau implements Scheduler {
    /** Options whose field initializers are PyTorch's defaults (written only here; the factory and the DSL read a fresh one). */
    public static final class Options {
        public String mode = "min", thresholdMode = "rel";
        public double factor = 0.1, threshold = 1e-4, minLr = 0, eps = 1e-8;
        public int patience = 10, cooldown = 0;
    }

    private final Optimizer optimizer;
    private final Options o;
    private final boolean minimize, relative;
    private double best;
    private int numBadEpochs, cooldownCounter, lastEpoch;
    private double[] lastLr;

    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, new Options()); }

    public ReduceLROnPlateau(Optimizer optimizer, Options o) {
        if (o.factor >= 1.0) throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, got " + o.factor);
        if (!o.mode.equals("min") && !o.mode.equals("max"))
            throw new IllegalArgumentException("ReduceLROnPlateau: mode " + o.mode + " is unknown!");
        if (!o.thresholdMode.equals("rel") && !o.thresholdMode.equals("abs"))
            throw new IllegalArgumentException("ReduceLROnPlateau: threshold mode " + o.thresholdMode + " is unknown!");
        this.optimizer = optimizer;
        this.o = o;
        minimize = o.mode.equals("min");
        relative = o.thresholdMode.equals("rel");
        best = minimize ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        lastLr = lrs();
    }

    private double[] lrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lr = new double[groups.size()];
        for (int i = 0; i < lr.length; i++) lr[i] = groups.get(i).lr();
        return lr;
    }

    /** Records one epoch's metric and reduces the lr if it has stalled. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > o.patience) {
            for (ParamGroup g : optimizer.paramGroups()) {
                double old = g.lr(), next = Math.max(old * o.factor, o.minLr);
                if (old - next > o.eps) g.setLr(next);
            }
            cooldownCounter = o.cooldown;
            numBadEpochs = 0;
        }
        lastLr = lrs();
    }

    private boolean isBetter(double a) {
        if (minimize) return relative ? a < best * (1 - o.threshold) : a < best - o.threshold;
        return relative ? a > best * (1 + o.threshold) : a > best + o.threshold;
    }

    /** Whether the metric is being minimized ("min") or maximized ("max"). */
    public boolean minimizes() { return minimize; }

    @Override public double[] lastLr() { return lastLr.clone(); }

    @Override public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("num_bad_epochs", numBadEpochs);
        s.put("cooldown_counter", cooldownCounter);
        s.put("last_epoch", lastEpoch);
        s.put("_last_lr", lastLr.clone());
        return s;
    }

    @Override public void loadStateDict(Map<String, Object> s) {
        best = ((Number) LRScheduler.require(s, "best")).doubleValue();
        numBadEpochs = ((Number) LRScheduler.require(s, "num_bad_epochs")).intValue();
        cooldownCounter = ((Number) LRScheduler.require(s, "cooldown_counter")).intValue();
        lastEpoch = ((Number) LRScheduler.require(s, "last_epoch")).intValue();
        lastLr = ((double[]) LRScheduler.require(s, "_last_lr")).clone();
    }
}
