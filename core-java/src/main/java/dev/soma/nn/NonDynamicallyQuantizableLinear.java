package dev.soma.nn;

import dev.soma.tensor.Generator;

/**
 * torch.nn.modules.linear.NonDynamicallyQuantizableLinear: a {@link Linear} under the name PyTorch gives
 * MultiheadAttention's out_proj (so that its quantization passes leave it alone); kept so the repr and the model file
 * say what PyTorch's say.
 */
public final class NonDynamicallyQuantizableLinear extends Linear {
    public NonDynamicallyQuantizableLinear(int inFeatures, int outFeatures, boolean bias, Generator g) {
        super(inFeatures, outFeatures, bias, g);
    }

    static NonDynamicallyQuantizableLinear fromConfig(Config c) {
        return new NonDynamicallyQuantizableLinear(c.getInt("in_features"), c.getInt("out_features"), c.getBoolean("bias", true),
                Generator.defaultGenerator());
    }
}
