package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;

/** Scales the lr by {@code factor} for the first {@code totalIters} epochs, then restores it (torch ConstantLR; 1/3, 5). */
public final class ConstantLR extends LRScheduler {
    /** PyTorch's default factor, total_iters, written only here; the constructors, {@link SchedulerFactory} and the DSL read them. */
    public static final double DEFAULT_FACTOR = 1.0 / 3;
    public static final int DEFAULT_TOTAL_ITERS = 5;

    private final double factor;
    private final int totalIters;

    public ConstantLR(Optimizer optimizer) { this(optimizer, DEFAULT_FACTOR, DEFAULT_TOTAL_ITERS); }

    public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
        super(optimizer);
        if (factor > 1.0 || factor < 0)
            throw new IllegalArgumentException("ConstantLR: constant multiplicative factor expected to be between 0 and 1, got " + factor);
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double[] lr = currentLrs();
        double f = lastEpoch == 0 ? factor : lastEpoch == totalIters ? 1.0 / factor : 1.0;
        for (int i = 0; i < lr.length; i++) lr[i] *= f;
        return lr;
    }

    @Override protected double[] closedFormLr() {
        double f = lastEpoch >= totalIters ? 1.0 : factor;
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] *= f;
        return lr;
    }
}
