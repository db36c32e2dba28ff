package dev.soma.optim.lr;

import dev.soma.optim.Optimizer;
import dev.soma.optim.ParamGroup;

/**
 * The 1cycle policy (Smith & Topin): the lr rises from max_lr/div_factor to max_lr, then anneals to
 * initial/final_div_factor, while momentum (or Adam's beta1) cycles the opposite way; optionally in three
 * phases. Stepped once per batch (torch OneCycleLR).
 */
public final class OneCycleLR extends LRScheduler {
    /** Options whose field initializers are PyTorch's defaults (written only here; the factory and the DSL read a fresh one); set the fields to change them. */
    public static final class Options {
        public int totalSteps = -1, epochs = -1, stepsPerEpoch = -1;
        public double pctStart = 0.3;
        public String annealStrategy = "cos";
        public boolean cycleMomentum = true, threePhase = false;
        public double baseMomentum = 0.85, maxMomentum = 0.95, divFactor = 25.0, finalDivFactor = 1e4;
    }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    private final int totalSteps;
    private final boolean cos, cycleMomentum, useBeta1;
    private final Phase[] phases;

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) { this(optimizer, maxLr, withTotal(totalSteps)); }

    public OneCycleLR(Optimizer optimizer, double maxLr, Options o) {
        super(prepare(optimizer, maxLr, o));
        totalSteps = totalSteps(o);
        cos = o.annealStrategy.equals("cos");
        cycleMomentum = o.cycleMomentum;
        useBeta1 = optimizer.defaults().containsKey("betas");
        phases = o.threePhase
                ? new Phase[] {
                    new Phase(o.pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(2 * o.pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                    new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")}
                : new Phase[] {
                    new Phase(o.pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")};
        initialStep();
    }

    private static Options withTotal(int totalSteps) {
        Options o = new Options();
        o.totalSteps = totalSteps;
        return o;
    }

    private static int totalSteps(Options o) {
        if (o.totalSteps > 0) return o.totalSteps;
        if (o.totalSteps != -1)
            throw new IllegalArgumentException("OneCycleLR: expected positive integer total_steps, but got " + o.totalSteps);
        if (o.epochs <= 0 || o.stepsPerEpoch <= 0)
            throw new IllegalArgumentException("OneCycleLR: you must define either total_steps OR (epochs AND steps_per_epoch), got epochs="
                    + o.epochs + ", steps_per_epoch=" + o.stepsPerEpoch);
        return o.epochs * o.stepsPerEpoch;
    }

    /** Writes initial/max/min lr (and momentum bounds) into every group before the base class reads initial_lr. */
    private static Optimizer prepare(Optimizer optimizer, double maxLr, Options o) {
        totalSteps(o);
        if (!(o.pctStart >= 0 && o.pctStart <= 1))
            throw new IllegalArgumentException("OneCycleLR: expected float between 0 and 1 pct_start, but got " + o.pctStart);
        if (!o.annealStrategy.equals("cos") && !o.annealStrategy.equals("linear"))
            throw new IllegalArgumentException("OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got "
                    + o.annealStrategy);
        boolean beta1 = optimizer.defaults().containsKey("betas");
        if (o.cycleMomentum && !beta1 && !optimizer.defaults().containsKey("momentum"))
            throw new IllegalArgumentException("OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled");
        for (ParamGroup g : optimizer.paramGroups()) {
            double initial = maxLr / o.divFactor;
            g.set("initial_lr", initial);
            g.set("max_lr", maxLr);
            g.set("min_lr", initial / o.finalDivFactor);
            if (o.cycleMomentum) {
                setMomentum(g, beta1, o.maxMomentum);
                g.set("max_momentum", o.maxMomentum);
                g.set("base_momentum", o.baseMomentum);
            }
        }
        return optimizer;
    }

    private static void setMomentum(ParamGroup g, boolean beta1, double m) {
        if (beta1) {
            double[] betas = g.getDoubles("betas");
            g.set("betas", new double[] {m, betas[1]});
        } else {
            g.set("momentum", m);
        }
    }

    private double anneal(double start, double end, double pct) {
        return cos ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    @Override protected double[] chainedLr() {
        int step = lastEpoch;
        if (step > totalSteps)
            throw new IllegalStateException("OneCycleLR: tried to step " + step + " times. The specified number of total steps is "
                    + totalSteps);
        double[] lr = new double[baseLrs.length];
        for (int i = 0; i < lr.length; i++) {
            ParamGroup g = optimizer.paramGroups().get(i);
            double start = 0;
            for (int k = 0; k < phases.length; k++) {
                Phase p = phases[k];
                if (step <= p.endStep || k == phases.length - 1) {
                    double pct = (step - start) / (p.endStep - start);
                    lr[i] = anneal(g.getDouble(p.startLr), g.getDouble(p.endLr), pct);
                    if (cycleMomentum)
                        setMomentum(g, useBeta1, anneal(g.getDouble(p.startMomentum), g.getDouble(p.endMomentum), pct));
                    break;
                }
                start = p.endStep;
            }
        }
        return lr;
    }
}
