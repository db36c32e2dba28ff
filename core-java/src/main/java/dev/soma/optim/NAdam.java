package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * NAdam with momentum decay, following PyTorch 2.x: μ_t = β1·(1 − ½·0.96^(t·ψ));
 * p −= lr·(1−μ_t)/(1−Πμ_{≤t}) · g/d + lr·μ_{t+1}/(1−Πμ_{≤t+1}) · m/d, d = √(v/(1−β2^t)) + eps.
 */
public final class NAdam extends Optimizer {
    /** NAdam's options (PyTorch's keyword arguments, betas as beta1, beta2); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "betas", new double[] {beta1, beta2}, "eps", eps, "weight_decay", weightDecay,
                    "momentum_decay", momentumDecay);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);

    /** NAdam with learning rate {@code lr}, the other options at their defaults. */
    public NAdam(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** NAdam over one group of parameters with the given options. */
    public NAdam(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.NAdam. */
    public NAdam(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps,
            double weightDecay, double momentumDecay) {
        this(params, new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay));
    }

    /** NAdam over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public NAdam(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkAdamOptions(g);
        checkNonNegative("momentum_decay value", g.getDouble("momentum_decay"));
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        double[] betas = group.getDoubles("betas");
        double b1 = betas[0], b2 = betas[1], psi = group.getDouble("momentum_decay"), lr = group.lr();
        float eps = (float) group.getDouble("eps"), wd = (float) group.getDouble("weight_decay");
        long t = steps(state) + 1;
        state.put("step", (double) t);
        double muProduct = state.containsKey("mu_product") ? ((Number) state.get("mu_product")).doubleValue() : 1.0;
        double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
        double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
        muProduct *= mu;
        state.put("mu_product", muProduct);
        float[] m = buffer(state, "exp_avg", n), v = buffer(state, "exp_avg_sq", n);
        float bc2 = (float) (1 - Math.pow(b2, t));
        float gradCoef = (float) (lr * (1 - mu) / (1 - muProduct));
        float avgCoef = (float) (lr * muNext / (1 - muProduct * muNext));
        float fb1 = (float) b1, fb2 = (float) b2;
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            if (wd != 0) gi += wd * p[i];
            float mi = m[i] + (gi - m[i]) * (1 - fb1);
            float vi = fb2 * v[i] + (1 - fb2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float d = (float) Math.sqrt(vi / bc2) + eps;
            p[i] -= gradCoef * gi / d + avgCoef * mi / d;
        }
    }
}
