package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Adam with decoupled weight decay (torch.optim.AdamW): p ← p·(1 − lr·wd), then the Adam step without wd in the gradient. */
public final class AdamW extends Adam {
    public AdamW(List<? extends Tensor> params, double lr) { this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false, false); }

    public AdamW(List<? extends Tensor> params) { this(params, 1e-3); }

    /** Every option, as torch.optim.AdamW(params, lr, betas, eps, weight_decay=1e-2, amsgrad, maximize=…). */
    public AdamW(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean amsgrad, boolean maximize) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamW(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    @Override protected boolean decoupledWeightDecay() { return true; }
}
