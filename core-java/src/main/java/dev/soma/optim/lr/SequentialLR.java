package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import dev.soma.optim.ParamGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs schedulers one after another, switching at the milestone epochs; at a switch the next scheduler restarts
 * from its closed form at epoch 0 (torch SequentialLR, 1.13).
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        super(optimizer);
        if (schedulers.isEmpty()) throw new IllegalArgumentException("SequentialLR: expects at least one scheduler");
        for (int i = 0; i < schedulers.size(); i++)
            if (schedulers.get(i).optimizer != optimizer)
                throw new IllegalArgumentException("SequentialLR: expects all schedulers to belong to the same optimizer, but got scheduler "
                        + i + " with a different one");
        if (milestones.length != schedulers.size() - 1)
            throw new IllegalArgumentException("SequentialLR: expects number of schedulers provided to be one more than the number of"
                    + " milestone points, but got number of schedulers " + schedulers.size() + " and the number of milestones "
                    + milestones.length);
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        lastEpoch = 0;
        // Back to the initial lrs, undo every scheduler's construction step, then start the first one afresh.
        for (ParamGroup g : optimizer.paramGroups()) g.setLr(g.getDouble("initial_lr"));
        for (LRScheduler s : schedulers) s.lastEpoch--;
        schedulers.get(0).initialStep();
        apply(schedulers.get(0).lastLr());
    }

    @Override public void step() {
        lastEpoch++;
        int idx = active(lastEpoch);
        LRScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) s.step(0);
        else s.step();
        apply(s.lastLr());
    }

    /** Jumps to {@code epoch}: the scheduler active then, at its closed form for the epochs since its milestone. */
    @Override public void step(int epoch) {
        lastEpoch = epoch;
        int idx = active(epoch);
        LRScheduler s = schedulers.get(idx);
        s.step(idx == 0 ? epoch : epoch - milestones[idx - 1]);
        apply(s.lastLr());
    }

    /** The index of the scheduler that runs at {@code epoch}: one past the last milestone reached. */
    private int active(int epoch) {
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= epoch) idx++;
        return idx;
    }

    @Override protected double[] chainedLr() { return currentLrs(); }

    @Override protected void saveState(Map<String, Object> s) {
        for (int i = 0; i < schedulers.size(); i++) s.put("_schedulers." + i, schedulers.get(i).stateDict());
    }

    @SuppressWarnings("unchecked")
    @Override protected void loadState(Map<String, Object> s) {
        for (int i = 0; i < schedulers.size(); i++)
            schedulers.get(i).loadStateDict(new LinkedHashMap<>((Map<String, Object>) require(s, "_schedulers." + i)));
    }
}
