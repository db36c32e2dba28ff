package dev.soma.nn;

import dev.soma.nn.init.Init;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * Maxout (Goodfellow et al. 2013): k linear pieces per output unit, y_j = max_k (x W_{j·k+i}ᵀ + b_{j·k+i}).
 * Parameters {@code weight} (out·pieces, in) and {@code bias} (out·pieces), unit j owning rows j·pieces …
 * j·pieces + pieces − 1; initialised like a Linear of out·pieces features. The gradient flows to the arg-max piece.
 */
public final class Maxout extends Module {
    public final int inFeatures, outFeatures, pieces;
    public final Parameter weight, bias;

    public Maxout(int inFeatures, int outFeatures, int pieces) { this(inFeatures, outFeatures, pieces, Generator.defaultGenerator()); }

    public Maxout(int inFeatures, int outFeatures, int pieces, Generator g) {
        if (inFeatures <= 0 || outFeatures <= 0 || pieces <= 0)
            throw new IllegalArgumentException("Maxout: in_features, out_features and pieces must be positive, got " + inFeatures
                    + ", " + outFeatures + " and " + pieces);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.pieces = pieces;
        weight = registerParameter("weight",
                Init.kaimingUniform_(Tensor.zeros(outFeatures * pieces, inFeatures), Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g));
        bias = registerParameter("bias", Init.fanInUniform_(Tensor.zeros(outFeatures * pieces), inFeatures, g));
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());    // the shape rule is the check, with the layer named in its message
        Tensor z = Functional.linear(x, weight, bias);
        int[] shape = Arrays.copyOf(x.shape(), x.dim() + 1);
        shape[x.dim() - 1] = outFeatures;
        shape[x.dim()] = pieces;
        return z.reshape(shape).max(-1).values();
    }

    /** (*, in_features) → (*, out_features). */
    @Override public int[] outputShape(int[] inputShape) { return lastDimRule(inputShape, inFeatures, outFeatures); }

    /** rows · in_features · out_features · pieces: the linear map to every piece (the max over pieces is not counted). */
    @Override public long macs(int[] inputShape) {
        outputShape(inputShape);
        return leadingCount(inputShape) * inFeatures * outFeatures * pieces;
    }

    @Override protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", pieces=" + pieces;
    }

    @Override public Config config() {
        return Config.of("Maxout").put("in_features", inFeatures).put("out_features", outFeatures).put("pieces", pieces);
    }

    static Maxout fromConfig(Config c) { return new Maxout(c.getInt("in_features"), c.getInt("out_features"), c.getInt("pieces")); }
}
