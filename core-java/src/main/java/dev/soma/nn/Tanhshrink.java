package dev.soma.nn;

import dev.soma.tensor.Activations;
import dev.soma.tensor.Tensor;

/** x − tanh(x) (torch.nn.Tanhshrink); see {@link Activations#tanhshrink}. */
public final class Tanhshrink extends Module {
    @Override public Tensor forward(Tensor input) { return Activations.tanhshrink(input); }

    @Override public Config config() { return Config.of("Tanhshrink"); }
}
