package dev.soma.optim;

import dev.soma.autograd.GradMode;
import dev.soma.tensor.Tensor;
import java.util.List;

/** Gradient clipping (torch.nn.utils.clip_grad_norm_ / clip_grad_value_), in place on the parameters' grads. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients by max_norm/(total + 1e-6) when their joint p-norm (inf = max |g|) exceeds maxNorm;
     * returns the total norm before clipping. A non-finite total fails when {@code errorIfNonfinite}.
     */
    public static double clipGradNorm(List<? extends Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        double total = 0;
        boolean inf = Double.isInfinite(normType);
        for (Tensor p : params) {
            if (p.grad() == null) continue;
            for (float v : p.grad().toFloatArray()) {
                double a = Math.abs(v);
                total = inf ? Math.max(total, a) : total + Math.pow(a, normType);
            }
        }
        if (!inf) total = Math.pow(total, 1 / normType);
        if (errorIfNonfinite && !Double.isFinite(total))
            throw new IllegalStateException("The total norm of order " + normType + " for gradients from `parameters` is non-finite, "
                    + "so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, "
                    + "set errorIfNonfinite=false");
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) try (var off = GradMode.noGrad()) {
            for (Tensor p : params) if (p.grad() != null) p.grad().mul_((float) coef);
        }
        return total;
    }

    /** clipGradNorm with the 2-norm. */
    public static double clipGradNorm(List<? extends Tensor> params, double maxNorm) { return clipGradNorm(params, maxNorm, 2, false); }

    /** Clamps every gradient element into [−clipValue, clipValue]. */
    public static void clipGradValue(List<? extends Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clip_value must be non-negative, got " + clipValue);
        try (var off = GradMode.noGrad()) {
            for (Tensor p : params) if (p.grad() != null) p.grad().clamp_((float) -clipValue, (float) clipValue);
        }
    }
}
