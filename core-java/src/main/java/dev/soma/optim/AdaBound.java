package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * AdaBound / AMSBound (Luo et al. 2019): Adam's per-element step lr·√(1−β2^t)/(1−β1^t)/denom clipped into
 * [final_lr·(1 − 1/(γt+1)), final_lr·(1 + 1/(γt))], converging to SGD with rate final_lr.
 */
public final class AdaBound extends Optimizer {
    /** AdaBound's options (the reference implementation's keyword arguments, betas as beta1, beta2) and {@link #DEFAULTS}. */
    public record Options(double lr, double beta1, double beta2, double finalLr, double gamma, double eps,
            double weightDecay, boolean amsbound) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) {
            return new Options(lr, beta1, beta2, finalLr, gamma, eps, weightDecay, amsbound);
        }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "betas", new double[] {beta1, beta2}, "final_lr", finalLr, "gamma", gamma,
                    "eps", eps, "weight_decay", weightDecay, "amsbound", amsbound);
        }
    }

    /** The reference implementation's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 0.1, 1e-3, 1e-8, 0, false);

    /** AdaBound with its defaults. */
    public AdaBound(List<? extends Tensor> params) { this(params, DEFAULTS); }

    /** AdaBound over one group of parameters with the given options. */
    public AdaBound(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option of AdaBound. */
    public AdaBound(List<? extends Tensor> params, double lr, double beta1, double beta2, double finalLr,
            double gamma, double eps, double weightDecay, boolean amsbound) {
        this(params, new Options(lr, beta1, beta2, finalLr, gamma, eps, weightDecay, amsbound));
    }

    /** AdaBound over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public AdaBound(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkNonNegative("learning rate", g.lr());
        checkNonNegative("epsilon value", g.getDouble("eps"));
        checkBetas(g);
        checkNonNegative("final learning rate", g.getDouble("final_lr"));
        double gamma = g.getDouble("gamma");
        if (!(gamma >= 0 && gamma < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("Invalid gamma parameter: " + gamma);
        checkNonNegative("weight_decay value", g.getDouble("weight_decay"));
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        double[] betas = group.getDoubles("betas");
        double b1 = betas[0], b2 = betas[1], lr = group.lr(), finalLr = group.getDouble("final_lr"), gamma = group.getDouble("gamma");
        float eps = (float) group.getDouble("eps"), wd = (float) group.getDouble("weight_decay");
        boolean ams = group.getBoolean("amsbound");
        long t = steps(state) + 1;
        state.put("step", (double) t);
        float[] m = buffer(state, "exp_avg", n), v = buffer(state, "exp_avg_sq", n);
        float[] vmax = ams ? buffer(state, "max_exp_avg_sq", n) : null;
        float stepSize = (float) (lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)));
        float lower = (float) (finalLr * (1 - 1 / (gamma * t + 1))), upper = (float) (finalLr * (1 + 1 / (gamma * t)));
        float fb1 = (float) b1, fb2 = (float) b2;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            if (wd != 0) gi += wd * p[i];
            float mi = fb1 * m[i] + (1 - fb1) * gi;
            float vi = fb2 * v[i] + (1 - fb2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float base = vi;
            if (vmax != null) base = vmax[i] = Math.max(vmax[i], vi);
            float denom = (float) Math.sqrt(base) + eps;
            float rate = Math.min(Math.max(stepSize / denom, lower), upper);
            p[i] -= rate * mi;
        }
    }
}
