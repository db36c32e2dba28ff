package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Adam with decoupled weight decay (torch.optim.AdamW): p ← p·(1 − lr·wd), then the Adam step without wd in the gradient. */
public final class AdamW extends Adam {
    /** PyTorch's defaults for AdamW (weight_decay 1e-2), written only here; the constructors, the factory and the DSL read them. */
    public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false);

    /** AdamW with PyTorch's defaults. */
    public AdamW(List<? extends Tensor> params) { this(params, DEFAULTS); }

    /** AdamW with learning rate {@code lr}, the other options at their defaults. */
    public AdamW(List<? extends Tensor> params, double lr) { this(params, DEFAULTS.withLr(lr)); }

    /** AdamW over one group of parameters with the given options. */
    public AdamW(List<? extends Tensor> params, Options options) { super(params, options); }

    /** Every option, as torch.optim.AdamW(params, lr, betas, eps, weight_decay=1e-2, amsgrad, maximize=…). */
    public AdamW(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad, boolean maximize) {
        this(params, new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize));
    }

    /** AdamW over several parameter groups; options they lack come from {@code defaults}. */
    public AdamW(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected boolean decoupledWeightDecay() { return true; }
}
