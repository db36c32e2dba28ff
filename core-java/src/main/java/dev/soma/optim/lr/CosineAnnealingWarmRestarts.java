package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import java.util.Map;

/**
 * SGDR: cosine annealing that restarts at the base lr after T_0 epochs, each period T_mult times longer than
 * the last (torch CosineAnnealingWarmRestarts).
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    /** PyTorch's default T_mult, eta_min, written only here; the constructors, {@link SchedulerFactory} and the DSL read them. */
    public static final int DEFAULT_T_MULT = 1;
    public static final double DEFAULT_ETA_MIN = 0.0;

    private final int t0, tMult;
    private final double etaMin;
    private int tI, tCur;

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) { this(optimizer, t0, DEFAULT_T_MULT, DEFAULT_ETA_MIN); }

    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        super(optimizer);
        if (t0 <= 0) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected positive integer T_0, but got " + t0);
        if (tMult < 1) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected integer T_mult >= 1, but got " + tMult);
        this.t0 = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tI = t0;
        this.tCur = -1;
        initialStep();
    }

    @Override public void step() {
        if (lastEpoch < 0) {
            step(0);
            return;
        }
        lastEpoch++;
        tCur++;
        if (tCur >= tI) {
            tCur -= tI;
            tI *= tMult;
        }
        apply(chainedLr());
    }

    /** Jumps to {@code epoch}, locating it within its restart period. */
    @Override public void step(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("CosineAnnealingWarmRestarts: expected non-negative epoch, but got " + epoch);
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
                tI = t0;
            } else {
                int n = (int) Math.floor(Math.log((double) epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
                tCur = epoch - (int) Math.round(t0 * (Math.pow(tMult, n) - 1) / (tMult - 1));
                tI = t0 * (int) Math.round(Math.pow(tMult, n));
            }
        } else {
            tI = t0;
            tCur = epoch;
        }
        lastEpoch = epoch;
        apply(chainedLr());
    }

    @Override protected double[] chainedLr() {
        double[] lr = new double[baseLrs.length];
        for (int i = 0; i < lr.length; i++) lr[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
        return lr;
    }

    @Override protected void saveState(Map<String, Object> s) {
        s.put("T_i", tI);
        s.put("T_cur", tCur);
    }

    @Override protected void loadState(Map<String, Object> s) {
        tI = ((Number) require(s, "T_i")).intValue();
        tCur = ((Number) require(s, "T_cur")).intValue();
    }
}
