package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;

/**
 * Scales the lr by a factor moving linearly from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} epochs, then holds it: the usual warm-up (torch LinearLR; defaults 1/3, 1.0, 5).
 */
public final class LinearLR extends LRScheduler {
    /** PyTorch's default start_factor, end_factor, total_iters, written only here; the constructors, {@link SchedulerFactory} and the DSL read them. */
    public static final double DEFAULT_START_FACTOR = 1.0 / 3;
    public static final double DEFAULT_END_FACTOR = 1.0;
    public static final int DEFAULT_TOTAL_ITERS = 5;

    private final double startFactor, endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer) { this(optimizer, DEFAULT_START_FACTOR, DEFAULT_END_FACTOR, DEFAULT_TOTAL_ITERS); }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (startFactor > 1.0 || startFactor <= 0)
            throw new IllegalArgumentException("LinearLR: starting multiplicative factor expected to be greater than 0 and less or equal to 1, got "
                    + startFactor);
        if (endFactor > 1.0 || endFactor < 0)
            throw new IllegalArgumentException("LinearLR: ending multiplicative factor expected to be between 0 and 1, got " + endFactor);
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0) {
            for (int i = 0; i < lr.length; i++) lr[i] *= startFactor;
            return lr;
        }
        if (lastEpoch > totalIters) return lr;
        double ratio = 1 + (endFactor - startFactor) / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
        for (int i = 0; i < lr.length; i++) lr[i] *= ratio;
        return lr;
    }

    @Override protected double[] closedFormLr() {
        double f = startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters;
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] *= f;
        return lr;
    }
}
