package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Adamax (torch.optim.Adamax): m = β1·m + (1−β1)·g; u = max(β2·u, |g| + eps); p −= lr/(1−β1^t) · m/u. */
public final class Adamax extends Optimizer {
    public Adamax(List<? extends Tensor> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 0, false); }

    public Adamax(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                  boolean maximize) {
        this(ParamGroup.single(params), Map.of("lr", lr, "betas", new double[] {beta1, beta2}, "eps", eps,
                "weight_decay", weightDecay, "maximize", maximize));
    }

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
