package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x·tanh(softplus(x)) (torch.nn.Mish); see {@link Functional#mish}. */
public final class Mish extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.mish(input); }

    @Override public Config config() { return Config.of("Mish"); }
}
