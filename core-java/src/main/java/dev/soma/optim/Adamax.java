package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Adamax (torch.optim.Adamax): m = β1·m + (1−β1)·g; u = max(β2·u, |g| + eps); p −= lr/(1−β1^t) · m/u. */
public final class Adamax extends Optimizer {
    /** Adamax's options (PyTorch's keyword arguments, betas as beta1, beta2); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, beta1, beta2, eps, weightDecay, maximize); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "betas", new double[] {beta1, beta2}, "eps", eps, "weight_decay", weightDecay,
                    "maximize", maximize);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(2e-3, 0.9, 0.999, 1e-8, 0, false);

    /** Adamax with learning rate {@code lr}, the other options at their defaults. */
    public Adamax(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** Adamax over one group of parameters with the given options. */
    public Adamax(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.Adamax. */
    public Adamax(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps,
            double weightDecay, boolean maximize) {
        this(params, new Options(lr, beta1, beta2, eps, weightDecay, maximize));
    }

    /** Adamax over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public Adamax(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkAdamOptions(g);
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        double[] betas = group.getDoubles("betas");
        float b1 = (float) betas[0], b2 = (float) betas[1], eps = (float) group.getDouble("eps");
        float wd = (float) group.getDouble("weight_decay");
        boolean maximize = group.has("maximize") && group.getBoolean("maximize");
        long t = steps(state) + 1;
        state.put("step", (double) t);
        float[] m = buffer(state, "exp_avg", n), u = buffer(state, "exp_inf", n);
        float clr = (float) (group.lr() / (1 - Math.pow(b1, t)));
        for (int i = 0; i < n; i++) {
            float gi = maximize ? -g[i] : g[i];
            if (wd != 0) gi += wd * p[i];
            float mi = m[i] + (gi - m[i]) * (1 - b1);
            m[i] = mi;
            float ui = Math.max(u[i] * b2, Math.abs(gi) + eps);
            u[i] = ui;
            p[i] -= clr * mi / ui;
        }
    }
}
