package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** KL divergence of log-probability inputs (torch.nn.KLDivLoss); reduction also "batchmean"; see {@link Functional#klDiv}. */
public final class KLDivLoss extends Module {
    public final String reduction;
    public final boolean logTarget;

    public KLDivLoss() { this("mean", false); }

    public KLDivLoss(String reduction, boolean logTarget) {
        if (!reduction.equals("batchmean")) Reduction.of(reduction);
        this.reduction = reduction;
        this.logTarget = logTarget;
    }

    /** The divergence of {@code target} from the distribution whose log is {@code input}. */
    public Tensor forward(Tensor input, Tensor target) { return Functional.klDiv(input, target, reduction, logTarget); }

    @Override public Tensor forward(Tensor input) {
        throw new IllegalStateException("KLDivLoss: a loss takes (input, target); call forward(input, target)");
    }

    @Override public Config config() { return Config.of("KLDivLoss").put("reduction", reduction).put("log_target", logTarget); }

    static KLDivLoss fromConfig(Config c) { return new KLDivLoss(c.getString("reduction", "mean"), c.getBoolean("log_target", false)); }
}
