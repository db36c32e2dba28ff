package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Scaled ELU with the self-normalising constants (torch.nn.SELU); see {@link Functional#selu}. */
public final class SELU extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.selu(input); }

    @Override public Config config() { return Config.of("SELU"); }
}
