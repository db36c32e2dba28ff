package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (torch.optim.Adagrad): s += g²; p −= lr/(1 + (t−1)·lr_decay) · g / (√s + eps), with L2 weight decay
 * added to g and the accumulator starting at initial_accumulator_value.
 */
public final class Adagrad extends Optimizer {
    public Adagrad(List<? extends Tensor> params, double lr) { this(params, lr, 0, 0, 0, 1e-10, false); }

    public Adagrad(List<? extends Tensor> params, double lr, double lrDecay, double weightDecay, double initialAccumulatorValue,
                   double eps, boolean maximize) {
        this(ParamGroup.single(params), Map.of("lr", lr, "lr_decay", lrDecay, "weight_decay", weightDecay,
                "initial_accumulator_value", initialAccumulatorValue, "eps", eps, "maximize", maximize));
    }

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
