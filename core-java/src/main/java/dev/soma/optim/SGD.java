package dev.soma.optim;

import dev.soma.kernel.KernelThreads;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum, L2 weight decay and maximize
 * (torch.optim.SGD, 1.13 rules): d = g + wd·p; buf = μ·buf + (1−dampening)·d (buf = d at first); p −= lr·(d + μ·buf | buf).
 */
public final class SGD extends Optimizer {
    /** SGD's options (PyTorch's keyword arguments); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
            boolean maximize) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "momentum", momentum, "dampening", dampening, "weight_decay", weightDecay,
                    "nesterov", nesterov, "maximize", maximize);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-3, 0, 0, 0, false, false);

    /** SGD with learning rate {@code lr}, the other options at their defaults. */
    public SGD(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** SGD with momentum, the other options at their defaults. */
    public SGD(List<? extends Tensor> params, double lr, double momentum) {
        this(params, new Options(lr, momentum, DEFAULTS.dampening(), DEFAULTS.weightDecay(), DEFAULTS.nesterov(),
                DEFAULTS.maximize()));
    }

    /** SGD over one group of parameters with the given options. */
    public SGD(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov, maximize=…). */
    public SGD(List<? extends Tensor> params, double lr, double momentum, double dampening, double weightDecay,
            boolean nesterov, boolean maximize) {
        this(params, new Options(lr, momentum, dampening, weightDecay, nesterov, maximize));
    }

    /** SGD over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public SGD(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkNonNegative("learning rate", g.lr());
        checkNonNegative("momentum value", g.getDouble("momentum"));
        checkNonNegative("weight_decay value", g.getDouble("weight_decay"));
        if (g.getBoolean("nesterov") && (g.getDouble("momentum") <= 0 || g.getDouble("dampening") != 0))
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        float lr = (float) group.lr(), mu = (float) group.getDouble("momentum"), damp = (float) group.getDouble("dampening");
        float wd = (float) group.getDouble("weight_decay");
        boolean nesterov = group.getBoolean("nesterov"), maximize = group.getBoolean("maximize");
        boolean first = !state.containsKey("momentum_buffer");
        float[] buf = mu != 0 ? buffer(state, "momentum_buffer", n) : null;
        // Element-wise and memory-bound on large layers: split over the kernel threads (values do not depend on it).
        KernelThreads.forRange(n, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float d = maximize ? -g[i] : g[i];
                if (wd != 0) d += wd * p[i];
                if (buf != null) {
                    float b = first ? d : mu * buf[i] + (1 - damp) * d;
                    buf[i] = b;
                    d = nesterov ? d + mu * b : b;
                }
                p[i] -= lr * d;
            }
        });
    }
}
