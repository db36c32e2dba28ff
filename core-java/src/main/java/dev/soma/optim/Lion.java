package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Lion (Chen et al. 2023): c = β1·m + (1−β1)·g; p ← p·(1 − lr·wd) − lr·sign(c); m ← β2·m + (1−β2)·g
 * (decoupled weight decay; m starts at zero).
 */
public final class Lion extends Optimizer {
    /** Lion's options (the reference implementation's keyword arguments, betas as beta1, beta2) and {@link #DEFAULTS}. */
    public record Options(double lr, double beta1, double beta2, double weightDecay) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, beta1, beta2, weightDecay); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "betas", new double[] {beta1, beta2}, "weight_decay", weightDecay);
        }
    }

    /** The reference implementation's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-4, 0.9, 0.99, 0);

    /** Lion with its defaults. */
    public Lion(List<? extends Tensor> params) { this(params, DEFAULTS); }

    /** Lion over one group of parameters with the given options. */
    public Lion(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option of Lion. */
    public Lion(List<? extends Tensor> params, double lr, double beta1, double beta2, double weightDecay) {
        this(params, new Options(lr, beta1, beta2, weightDecay));
    }

    /** Lion over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public Lion(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkNonNegative("learning rate", g.lr());
        checkBetas(g);
        checkNonNegative("weight_decay value", g.getDouble("weight_decay"));
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        double[] betas = group.getDoubles("betas");
        float b1 = (float) betas[0], b2 = (float) betas[1], lr = (float) group.lr();
        float decay = (float) (1 - group.lr() * group.getDouble("weight_decay"));
        state.put("step", (double) (steps(state) + 1));
        float[] m = buffer(state, "exp_avg", n);
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float c = b1 * m[i] + (1 - b1) * gi;
            p[i] = p[i] * decay - lr * Math.signum(c);
            m[i] = b2 * m[i] + (1 - b2) * gi;
        }
    }
}
