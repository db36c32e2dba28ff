package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (torch.optim.RMSprop): v = α·v + (1−α)·g²; centered subtracts the squared running mean of g;
 * p −= lr·g/(√v + eps), or through a momentum buffer b = μ·b + g/(√v + eps).
 */
public final class RMSprop extends Optimizer {
    /** RMSprop's options (PyTorch's keyword arguments); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
            boolean maximize) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "alpha", alpha, "eps", eps, "weight_decay", weightDecay, "momentum", momentum,
                    "centered", centered, "maximize", maximize);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);

    /** RMSprop with learning rate {@code lr}, the other options at their defaults. */
    public RMSprop(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** RMSprop over one group of parameters with the given options. */
    public RMSprop(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.RMSprop. */
    public RMSprop(List<? extends Tensor> params, double lr, double alpha, double eps, double weightDecay,
            double momentum, boolean centered, boolean maximize) {
        this(params, new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize));
    }

    /** RMSprop over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public RMSprop(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkNonNegative("learning rate", g.lr());
        checkNonNegative("epsilon value", g.getDouble("eps"));
        checkNonNegative("momentum value", g.getDouble("momentum"));
        checkNonNegative("weight_decay value", g.getDouble("weight_decay"));
        checkNonNegative("alpha value", g.getDouble("alpha"));
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        float lr = (float) group.lr(), alpha = (float) group.getDouble("alpha"), eps = (float) group.getDouble("eps");
        float wd = (float) group.getDouble("weight_decay"), mu = (float) group.getDouble("momentum");
        boolean centered = group.getBoolean("centered"), maximize = group.getBoolean("maximize");
        state.put("step", (double) (steps(state) + 1));
        float[] sq = buffer(state, "square_avg", n);
        float[] buf = mu > 0 ? buffer(state, "momentum_buffer", n) : null;
        float[] mean = centered ? buffer(state, "grad_avg", n) : null;
        for (int i = 0; i < n; i++) {
            float gi = maximize ? -g[i] : g[i];
            if (wd != 0) gi += wd * p[i];
            float v = alpha * sq[i] + (1 - alpha) * gi * gi;
            sq[i] = v;
            float avgSq = v;
            if (mean != null) {
                float m = mean[i] + (gi - mean[i]) * (1 - alpha);
                mean[i] = m;
                avgSq = v - m * m;
            }
            float avg = (float) Math.sqrt(avgSq) + eps;
            if (buf != null) {
                float b = mu * buf[i] + gi / avg;
                buf[i] = b;
                p[i] -= lr * b;
            } else {
                p[i] -= lr * gi / avg;
            }
        }
    }
}
