package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import java.util.Arrays;

/** Multiplies the lr by gamma at each milestone epoch; a milestone listed twice applies twice (torch MultiStepLR). */
public final class MultiStepLR extends LRScheduler {
    /** PyTorch's default gamma, written only here; the constructors, {@link SchedulerFactory} and the DSL read it. */
    public static final double DEFAULT_GAMMA = 0.1;

    private final int[] milestones;    // sorted, repeats kept
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, DEFAULT_GAMMA); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double[] lr = currentLrs();
        int hits = 0;
        for (int m : milestones) if (m == lastEpoch) hits++;
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, hits);
        return lr;
    }

    @Override protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) if (m <= lastEpoch) passed++;
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, passed);
        return lr;
    }
}
