package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;

/** Multiplies the lr by gamma every epoch (torch ExponentialLR). */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override protected double[] chainedLr() {
        double[] lr = currentLrs();
        if (lastEpoch == 0) return lr;
        for (int i = 0; i < lr.length; i++) lr[i] *= gamma;
        return lr;
    }

    @Override protected double[] closedFormLr() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) lr[i] *= Math.pow(gamma, lastEpoch);
        return lr;
    }
}
