package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (torch.optim.Adadelta): v = ρ·v + (1−ρ)·g²; Δ = √(u + eps)/√(v + eps) · g; u = ρ·u + (1−ρ)·Δ²; p −= lr·Δ.
 */
public final class Adadelta extends Optimizer {
    /** Adadelta's options (PyTorch's keyword arguments); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double rho, double eps, double weightDecay, boolean maximize) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, rho, eps, weightDecay, maximize); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "rho", rho, "eps", eps, "weight_decay", weightDecay, "maximize", maximize);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1.0, 0.9, 1e-6, 0, false);

    /** Adadelta with PyTorch's defaults. */
    public Adadelta(List<? extends Tensor> params) { this(params, DEFAULTS); }

    /** Adadelta over one group of parameters with the given options. */
    public Adadelta(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.Adadelta. */
    public Adadelta(List<? extends Tensor> params, double lr, double rho, double eps, double weightDecay, boolean maximize) {
        this(params, new Options(lr, rho, eps, weightDecay, maximize));
    }

    /** Adadelta over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
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
