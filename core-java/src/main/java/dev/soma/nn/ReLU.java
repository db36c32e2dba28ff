package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** max(0, x) (torch.nn.ReLU); see {@link Functional#relu}. */
public final class ReLU extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.relu(input); }

    @Override public Config config() { return Config.of("ReLU"); }
}
