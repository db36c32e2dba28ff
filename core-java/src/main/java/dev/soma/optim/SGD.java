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
    /** SGD with the given learning rate and no momentum. */
    public SGD(List<? extends Tensor> params, double lr) { this(params, lr, 0, 0, 0, false, false); }

    /** SGD with momentum. */
    public SGD(List<? extends Tensor> params, double lr, double momentum) { this(params, lr, momentum, 0, 0, false, false); }

    /** Every option, as torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov, maximize=…). */
    public SGD(List<? extends Tensor> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov, boolean maximize) {
        this(ParamGroup.single(params), defaults(lr, momentum, dampening, weightDecay, nesterov, maximize));
    }

    /** SGD over several parameter groups; options they lack come from {@code defaults} (see {@link #defaults(double, double, double, double, boolean, boolean)}). */
    public SGD(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    /** The default options map of SGD. */
    public static Map<String, Object> defaults(double lr, double momentum, double dampening, double weightDecay,
                                               boolean nesterov, boolean maximize) {
        return Map.of("lr", lr, "momentum", momentum, "dampening", dampening, "weight_decay", weightDecay,
                "nesterov", nesterov, "maximize", maximize);
    }

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
