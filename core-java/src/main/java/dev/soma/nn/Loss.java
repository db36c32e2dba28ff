package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.List;

/** A loss module: {@code forward(input, target)} gives the loss under its {@link Reduction} (torch.nn._Loss). */
public abstract class Loss extends Module {
    public final Reduction reduction;

    protected Loss(Reduction reduction) { this.reduction = reduction; }

    /** The loss of {@code input} against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    private static final List<String> INPUTS = List.of("input", "target");

    /** A loss takes (input, target). */
    @Override public List<String> inputNames() { return INPUTS; }

    /** {@link #forward(Tensor, Tensor)} through the general entry point: exactly (input, target). */
    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        return forward(inputs[0], inputs[1]);
    }

    @Override protected String extraRepr() { return reduction == Reduction.MEAN ? "" : "reduction=" + reduction.torchName(); }

    /** The config with the reduction; subclasses add their own fields. */
    protected Config baseConfig() { return Config.of(typeName()).put("reduction", reduction.torchName()); }

    static Reduction reductionOf(Config c) { return Reduction.of(c.getString("reduction", "mean")); }

    /** A 1-D weight tensor as config values (small: one per class). */
    static double[] values(Tensor t) {
        if (t == null) return null;
        float[] f = t.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static Tensor tensorOf(double[] d) {
        if (d == null) return null;
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return Tensor.of(f, f.length);
    }
}
