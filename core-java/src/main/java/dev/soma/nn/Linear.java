package dev.soma.nn;

import dev.soma.nn.init.Init;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * y = x Wᵀ + b over the last dimension, as torch.nn.Linear; W is (out_features, in_features). Open only for
 * {@link NonDynamicallyQuantizableLinear}, the same layer under the name PyTorch gives attention's output projection.
 */
public class Linear extends Module {
    public final int inFeatures, outFeatures;
    public final Parameter weight, bias;                // bias may be null

    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.defaultGenerator());
    }

    /** A layer initialised as PyTorch's: W ~ kaiming-uniform(a = √5) = U(±1/√in), b ~ U(±1/√in), drawn from g. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator g) {
        if (inFeatures < 0 || outFeatures < 0)
            throw new IllegalArgumentException("Linear: in_features and out_features must be non-negative, got "
                    + inFeatures + " and " + outFeatures);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor w = Tensor.zeros(outFeatures, inFeatures);
        if (inFeatures > 0) Init.kaimingUniform_(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
        weight = registerParameter("weight", w);
        this.bias = registerParameter("bias", bias ? Init.fanInUniform_(Tensor.zeros(outFeatures), inFeatures, g) : null);
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());    // the shape rule is the check, with the layer named in its message
        return Functional.linear(x, weight, bias);
    }

    /** (*, in_features) → (*, out_features). */
    @Override public int[] outputShape(int[] inputShape) { return lastDimRule(inputShape, inFeatures, outFeatures); }

    /** rows · in_features · out_features, rows being the product of the leading dims (the bias adds are not counted). */
    @Override public long macs(int[] inputShape) {
        outputShape(inputShape);
        return leadingCount(inputShape) * inFeatures * outFeatures;
    }

    @Override protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }

    @Override public Config config() {
        return Config.of(typeName()).put("in_features", inFeatures).put("out_features", outFeatures).put("bias", bias != null);
    }

    static Linear fromConfig(Config c) {
        return new Linear(c.getInt("in_features"), c.getInt("out_features"), c.getBoolean("bias", true));
    }
}
