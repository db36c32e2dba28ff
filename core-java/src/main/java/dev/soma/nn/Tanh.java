package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Hyperbolic tangent (torch.nn.Tanh); see {@link Functional#tanh}. */
public final class Tanh extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.tanh(input); }

    @Override public Config config() { return Config.of("Tanh"); }
}
