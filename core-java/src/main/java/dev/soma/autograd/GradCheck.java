package dev.soma.autograd;

import dev.soma.tensor.Tensor;
import java.util.function.Function;

/**
 * Compares autograd's gradients with central finite differences (torch.autograd.gradcheck), for a random
 * upstream gradient so the whole vector-Jacobian product is checked. Differences accumulate in float64.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Thrown when an analytical gradient disagrees with the numerical one. */
    public static final class GradCheckFailure extends AssertionError {
        GradCheckFailure(String message) { super(message); }
    }

    /** Checks f at {@code inputs} with float32-friendly defaults (eps 1e-3, atol 1e-2, rtol 1e-2). */
    public static boolean check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, inputs, 1e-3, 1e-2, 1e-2);
    }

    /**
     * Checks every input that requires grad: analytical dL/dx from backward against (L(x+eps) − L(x−eps)) / 2eps,
     * with L = Σ f(x)·u for a fixed random u. Returns true or throws {@link GradCheckFailure} naming the element.
     */
    public static boolean check(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++)
            leaves[i] = inputs[i] == null ? null : inputs[i].contiguousCopy().requiresGrad(inputs[i].requiresGrad());
        Tensor out = f.apply(leaves);
        float[] u = new float[out.numel()];
        dev.soma.tensor.Generator gen = new dev.soma.tensor.Generator(1234);
        for (int i = 0; i < u.length; i++) u[i] = (float) gen.nextGaussian();
        Tensor upstream = Tensor.of(u, out.shape());
        if (!out.requiresGrad()) throw new GradCheckFailure("gradcheck: the output does not require grad; no input reached it");
        out.backward(upstream);

        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i] == null || !leaves[i].requiresGrad()) continue;
            float[] base = leaves[i].toFloatArray();
            Tensor g = leaves[i].grad();
            float[] analytical = g == null ? new float[base.length] : g.toFloatArray();
            for (int j = 0; j < base.length; j++) {
                double plus = evaluate(f, leaves, i, base, j, base[j] + eps, u);
                double minus = evaluate(f, leaves, i, base, j, base[j] - eps, u);
                // Divide by the step actually taken after rounding to float, not the nominal 2·eps.
                double numerical = (plus - minus) / ((double) (float) (base[j] + eps) - (double) (float) (base[j] - eps));
                double a = analytical[j];
                if (!(Math.abs(a - numerical) <= atol + rtol * Math.abs(numerical)))
                    throw new GradCheckFailure("gradcheck: input " + i + " (shape " + java.util.Arrays.toString(leaves[i].shape())
                            + "), element " + j + ": analytical " + a + " vs numerical " + numerical);
            }
        }
        return true;
    }

    private static double evaluate(Function<Tensor[], Tensor> f, Tensor[] leaves, int which, float[] base, int j, double value,
                                   float[] u) {
        float[] moved = base.clone();
        moved[j] = (float) value;
        Tensor[] args = leaves.clone();
        args[which] = Tensor.of(moved, leaves[which].shape());
        float[] o;
        try (var g = GradMode.noGrad()) {
            o = f.apply(args).toFloatArray();
        }
        double s = 0;
        for (int k = 0; k < o.length; k++) s += (double) o[k] * u[k];
        return s;
    }
}
