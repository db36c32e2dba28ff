package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (torch.optim.Adadelta): v = ρ·v + (1−ρ)·g²; Δ = √(u + eps)/√(v + eps) · g; u = ρ·u + (1−ρ)·Δ²; p −= lr·Δ.
 */
public final class Adadelta extends Optimizer {
    public Adadelta(List<? extends Tensor> params) { this(params, 1.0, 0.9, 1e-6, 0, false); }

    public Adadelta(List<? extends Tensor> params, double lr, double rho, double eps, double weightDecay, boolean maximize) {
        this(ParamGroup.single(params), Map.of("lr", lr, "rho", rho, "eps", eps, "weight_decay", weightDecay, "maximize", maximize));
    }

    public Adadelta(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkNonNegative("learning rate", g.lr());
        double rho = g.getDouble("rho");
        if (!(rho >= 0 && rho <= 1)) throw new IllegalArgumentException("Invalid rho value: " + rho);
        checkNonNegative("epsilon value", g.getDouble("eps"));
        checkNonNegative("weight_decay value", g.getDouble("weight_decay"));
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        float lr = (float) group.lr(), rho = (float) group.getDouble("rho"), eps = (float) group.getDouble("eps");
        float wd = (float) group.getDouble("weight_decay");
        boolean maximize = group.has("maximize") && group.getBoolean("maximize");
        state.put("step", (double) (steps(state) + 1));
        float[] v = buffer(state, "square_avg", n), u = buffer(state, "acc_delta", n);
        for (int i = 0; i < n; i++) {
            float gi = maximize ? -g[i] : g[i];
            if (wd != 0) gi += wd * p[i];
            float vi = rho * v[i] + (1 - rho) * gi * gi;
            v[i] = vi;
            float delta = (float) Math.sqrt(u[i] + eps) / (float) Math.sqrt(vi + eps) * gi;
            u[i] = rho * u[i] + (1 - rho) * delta * delta;
            p[i] -= lr * delta;
        }
    }
}
