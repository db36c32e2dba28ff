package dev.soma.nn;

import dev.soma.tensor.Activations;
import dev.soma.tensor.Tensor;

/** Hyperbolic tangent (torch.nn.Tanh); see {@link Activations#tanh}. */
public final class Tanh extends Module {
    @Override public Tensor forward(Tensor input) { return Activations.tanh(input); }

    @Override public Config config() { return Config.of("Tanh"); }
}
