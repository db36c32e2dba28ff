package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;

/** Multiplies the lr by gamma every {@code stepSize} epochs (torch StepLR; gamma default 0.1). */
public final class StepLR extends LRScheduler {
    /** PyTorch's default gamma, written only here; the constructors, {@link SchedulerFactory} and the DSL read it. */
    public static final double DEFAULT_GAMMA = 0.1;

    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, DEFAULT_GAMMA); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        positive("StepLR", "step_size", stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }

    @Override protected double[] closedFormLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize));
        return lr;
    }
}
