package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import dev.soma.optim.ParamGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An epoch-indexed learning-rate schedule (torch.optim.lr_scheduler.LRScheduler, 1.13). Each group's base lr
 * is its {@code initial_lr} (recorded on first use). Construction performs the initial step, so the lr right
 * after construction is the schedule's value at epoch 0. {@link #step()} uses the chainable (recursive) form
 * that updates from the current lr; {@link #step(int)} jumps to an epoch with the closed form.
 */
public abstract class LRScheduler implements Scheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch = -1;
    private double[] lastLr;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
            baseLrs[i] = g.getDouble("initial_lr");
        }
        lastLr = currentLrs();
    }

    /** The implicit first step; each concrete constructor calls it once its own fields are set. */
    protected final void initialStep() { step(); }

    /** Advances one epoch with the chainable form. */
    public void step() {
        lastEpoch++;
        apply(chainedLr());
    }

    /** Jumps to {@code epoch} with the closed form (PyTorch's deprecated step(epoch)). */
    public void step(int epoch) {
        lastEpoch = epoch;
        apply(closedFormLr());
    }

    /** The lrs for {@link #lastEpoch}, from the groups' current lrs (PyTorch's get_lr). */
    protected abstract double[] chainedLr();

    /** The lrs for {@link #lastEpoch} from the base lrs alone; schedules without one reuse the chained form. */
    protected double[] closedFormLr() { return chainedLr(); }

    /** The groups' lrs now. */
    protected final double[] currentLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lr = new double[groups.size()];
        for (int i = 0; i < lr.length; i++) lr[i] = groups.get(i).lr();
        return lr;
    }

    /** Sets each group's lr. */
    protected final void apply(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = lrs.clone();
    }

    /** The lrs set by the last step (get_last_lr). */
    @Override public double[] lastLr() { return lastLr.clone(); }

    /** The number of steps taken (0 right after construction). */
    public int lastEpoch() { return lastEpoch; }

    @Override public Map<String, Object> stateDict() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("last_epoch", lastEpoch);
        s.put("base_lrs", baseLrs.clone());
        s.put("_last_lr", lastLr.clone());
        saveState(s);
        return s;
    }

    @Override public void loadStateDict(Map<String, Object> s) {
        lastEpoch = ((Number) require(s, "last_epoch")).intValue();
        double[] base = (double[]) require(s, "base_lrs");
        if (base.length != baseLrs.length)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": state has " + base.length + " base lrs, optimizer has "
                    + baseLrs.length + " param groups");
        System.arraycopy(base, 0, baseLrs, 0, base.length);
        lastLr = ((double[]) require(s, "_last_lr")).clone();
        loadState(s);
    }

    /** Adds the subclass's mutable fields to a state dict. */
    protected void saveState(Map<String, Object> s) {}

    /** Restores what {@link #saveState} wrote. */
    protected void loadState(Map<String, Object> s) {}

    protected static Object require(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (v == null) throw new IllegalArgumentException("scheduler state dict has no '" + key + "' (has " + s.keySet() + ")");
        return v;
    }

    protected static void positive(String scheduler, String name, double v) {
        if (!(v > 0)) throw new IllegalArgumentException(scheduler + ": " + name + " must be positive, got " + v);
    }
}
