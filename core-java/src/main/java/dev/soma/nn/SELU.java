package dev.soma.nn;

import dev.soma.tensor.Activations;
import dev.soma.tensor.Tensor;

/** Scaled ELU with the self-normalising constants (torch.nn.SELU); see {@link Activations#selu}. */
public final class SELU extends Module {
    @Override public Tensor forward(Tensor input) { return Activations.selu(input); }

    @Override public Config config() { return Config.of("SELU"); }
}
