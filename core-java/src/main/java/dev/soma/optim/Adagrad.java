package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (torch.optim.Adagrad): s += g²; p −= lr/(1 + (t−1)·lr_decay) · g / (√s + eps), with L2 weight decay
 * added to g and the accumulator starting at initial_accumulator_value.
 */
public final class Adagrad extends Optimizer {
    /** Adagrad's options (PyTorch's keyword arguments); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
            boolean maximize) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "lr_decay", lrDecay, "weight_decay", weightDecay, "initial_accumulator_value",
                    initialAccumulatorValue, "eps", eps, "maximize", maximize);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-2, 0, 0, 0, 1e-10, false);

    /** Adagrad with learning rate {@code lr}, the other options at their defaults. */
    public Adagrad(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** Adagrad over one group of parameters with the given options. */
    public Adagrad(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.Adagrad. */
    public Adagrad(List<? extends Tensor> params, double lr, double lrDecay, double weightDecay,
            double initialAccumulatorValue, double eps, boolean maximize) {
        this(params, new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize));
    }

    /** Adagrad over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public Adagrad(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkNonNegative("learning rate", g.lr());
        checkNonNegative("lr_decay value", g.getDouble("lr_decay"));
        checkNonNegative("weight_decay value", g.getDouble("weight_decay"));
        checkNonNegative("initial_accumulator_value value", g.getDouble("initial_accumulator_value"));
        checkNonNegative("epsilon value", g.getDouble("eps"));
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        boolean fresh = !state.containsKey("sum");
        float[] sum = buffer(state, "sum", n);
        if (fresh) java.util.Arrays.fill(sum, (float) group.getDouble("initial_accumulator_value"));
        long t = steps(state) + 1;
        state.put("step", (double) t);
        float wd = (float) group.getDouble("weight_decay"), eps = (float) group.getDouble("eps");
        float clr = (float) (group.lr() / (1 + (t - 1) * group.getDouble("lr_decay")));
        boolean maximize = group.getBoolean("maximize");
        for (int i = 0; i < n; i++) {
            float gi = maximize ? -g[i] : g[i];
            if (wd != 0) gi += wd * p[i];
            float s = sum[i] + gi * gi;
            sum[i] = s;
            p[i] -= clr * gi / ((float) Math.sqrt(s) + eps);
        }
    }
}
