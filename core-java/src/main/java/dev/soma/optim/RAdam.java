package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Rectified Adam (torch.optim.RAdam): the adaptive step is used, scaled by the variance rectification r_t,
 * only once ρ_t > 5; before that the update is the bias-corrected momentum alone.
 */
public final class RAdam extends Optimizer {
    /** RAdam's options (PyTorch's keyword arguments, betas as beta1, beta2); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, beta1, beta2, eps, weightDecay); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "betas", new double[] {beta1, beta2}, "eps", eps, "weight_decay", weightDecay);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 1e-8, 0);

    /** RAdam with learning rate {@code lr}, the other options at their defaults. */
    public RAdam(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** RAdam over one group of parameters with the given options. */
    public RAdam(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.RAdam. */
    public RAdam(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(params, new Options(lr, beta1, beta2, eps, weightDecay));
    }

    /** RAdam over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public RAdam(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkAdamOptions(g);
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        double[] betas = group.getDoubles("betas");
        double b1 = betas[0], b2 = betas[1], lr = group.lr();
        float eps = (float) group.getDouble("eps"), wd = (float) group.getDouble("weight_decay");
        long t = steps(state) + 1;
        state.put("step", (double) t);
        float[] m = buffer(state, "exp_avg", n), v = buffer(state, "exp_avg_sq", n);
        double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
        double rhoInf = 2 / (1 - b2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(b2, t) / bc2;
        boolean rectify = rhoT > 5;
        double rect = rectify ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        float fb1 = (float) b1, fb2 = (float) b2, sqrtBc2 = (float) Math.sqrt(bc2);
        float stepCoef = (float) (lr / bc1), adaptiveCoef = (float) (lr * rect / bc1);
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            if (wd != 0) gi += wd * p[i];
            float mi = m[i] + (gi - m[i]) * (1 - fb1);
            float vi = fb2 * v[i] + (1 - fb2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            if (rectify) p[i] -= adaptiveCoef * mi * sqrtBc2 / ((float) Math.sqrt(vi) + eps);
            else p[i] -= stepCoef * mi;
        }
    }
}
