package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;

/**
 * Cosine annealing from the base lr to {@code etaMin} over {@code tMax} epochs, continuing as a cosine wave
 * beyond (torch CosineAnnealingLR, in its recursive form, which is what PyTorch's step() computes).
 */
public final class CosineAnnealingLR extends LRScheduler {
    /** PyTorch's default eta_min, written only here; the constructors, {@link SchedulerFactory} and the DSL read it. */
    public static final double DEFAULT_ETA_MIN = 0.0;

    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, DEFAULT_ETA_MIN); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        positive("CosineAnnealingLR", "T_max", tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0) return lr;
        for (int i = 0; i < lr.length; i++) {
            if ((lastEpoch - 1 - tMax) % (2 * tMax) == 0)      // the bottom of a wave: climb back by the closed step
                lr[i] = lr[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            else
                lr[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lr[i] - etaMin) + etaMin;
        }
        return lr;
    }

    @Override protected double[] closedFormLr() {
        double[] lr = new double[baseLrs.length];
        for (int i = 0; i < lr.length; i++)
            lr[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
        return lr;
    }
}
