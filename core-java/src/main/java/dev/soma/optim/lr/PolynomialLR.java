package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;

/** Decays the lr as (1 − t/totalIters)^power down to 0 at totalIters (torch PolynomialLR; 5, 1.0). */
public final class PolynomialLR extends LRScheduler {
    /** PyTorch's default total_iters, power, written only here; the constructors, {@link SchedulerFactory} and the DSL read them. */
    public static final int DEFAULT_TOTAL_ITERS = 5;
    public static final double DEFAULT_POWER = 1.0;

    private final int totalIters;
    private final double power;

    public PolynomialLR(Optimizer optimizer) { this(optimizer, DEFAULT_TOTAL_ITERS, DEFAULT_POWER); }

    public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
        super(optimizer);
        positive("PolynomialLR", "total_iters", totalIters);
        this.totalIters = totalIters;
        this.power = power;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0 || lastEpoch > totalIters) return lr;
        double decay = Math.pow((1.0 - (double) lastEpoch / totalIters) / (1.0 - (double) (lastEpoch - 1) / totalIters), power);
        for (int i = 0; i < lr.length; i++) lr[i] *= decay;
        return lr;
    }

    @Override protected double[] closedFormLr() {
        double f = Math.pow(1.0 - (double) Math.min(totalIters, lastEpoch) / totalIters, power);
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] *= f;
        return lr;
    }
}
