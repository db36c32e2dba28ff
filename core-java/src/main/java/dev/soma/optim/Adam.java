package dev.soma.optim;

import dev.soma.kernel.KernelThreads;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam (torch.optim.Adam, 1.13 rules, L2 weight decay added to the gradient): m = β1·m + (1−β1)·g,
 * v = β2·v + (1−β2)·g², p −= lr/(1−β1^t) · m / (√v / √(1−β2^t) + eps); amsgrad uses the running max of v.
 */
public class Adam extends Optimizer {
    /** Adam's options (PyTorch's keyword arguments, betas as beta1, beta2); {@link #DEFAULTS} holds PyTorch's defaults. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) {
        /** These options with learning rate {@code lr}. */
        public Options withLr(double lr) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        /** The options map under PyTorch's keys, as param groups and state dicts hold it. */
        public Map<String, Object> toMap() {
            return optionMap("lr", lr, "betas", new double[] {beta1, beta2}, "eps", eps, "weight_decay", weightDecay,
                    "amsgrad", amsgrad, "maximize", maximize);
        }
    }

    /** PyTorch's defaults, written only here; the constructors, {@link OptimizerFactory} and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);

    /** Adam with PyTorch's defaults. */
    public Adam(List<? extends Tensor> params) { this(params, DEFAULTS); }

    /** Adam with learning rate {@code lr}, the other options at their defaults. */
    public Adam(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** Adam over one group of parameters with the given options. */
    public Adam(List<? extends Tensor> params, Options options) { this(ParamGroup.single(params), options.toMap()); }

    /** Every option, as torch.optim.Adam(params, lr, betas, eps, weight_decay, amsgrad, maximize=…). */
    public Adam(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, boolean maximize) {
        this(params, new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize));
    }

    /** Adam over several parameter groups; options they lack come from {@code defaults} (see {@link Options#toMap}). */
    public Adam(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected void validate(ParamGroup g) {
        checkAdamOptions(g);
    }

    /** Whether weight decay is decoupled from the gradient (AdamW) rather than added to it. */
    protected boolean decoupledWeightDecay() { return false; }

    @Override protected void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state) {
        double[] betas = group.getDoubles("betas");
        float b1 = (float) betas[0], b2 = (float) betas[1];
        double lr = group.lr();
        float eps = (float) group.getDouble("eps"), wd = (float) group.getDouble("weight_decay");
        boolean amsgrad = group.getBoolean("amsgrad"), maximize = group.getBoolean("maximize");
        long t = steps(state) + 1;
        state.put("step", (double) t);
        float[] m = buffer(state, "exp_avg", n), v = buffer(state, "exp_avg_sq", n);
        float[] vmax = amsgrad ? buffer(state, "max_exp_avg_sq", n) : null;
        float stepSize = (float) (lr / (1 - Math.pow(b1, t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(b2, t));
        boolean decoupled = decoupledWeightDecay();
        float decay = decoupled ? (float) (1 - lr * wd) : 1f;
        // Element-wise: split over the kernel threads (values do not depend on the split).
        KernelThreads.forRange(n, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[i] : g[i];
                if (decoupled) p[i] *= decay;
                else if (wd != 0) gi += wd * p[i];
                float mi = m[i] + (gi - m[i]) * (1 - b1);           // lerp, as torch
                float vi = b2 * v[i] + (1 - b2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                float denomBase = vi;
                if (vmax != null) denomBase = vmax[i] = Math.max(vmax[i], vi);
                float denom = (float) Math.sqrt(denomBase) / bc2Sqrt + eps;
                p[i] -= stepSize * mi / denom;
            }
        });
    }
}
