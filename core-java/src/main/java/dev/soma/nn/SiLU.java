package dev.soma.nn;

import dev.soma.tensor.Activations;
import dev.soma.tensor.Tensor;

/** x·σ(x), also called swish (torch.nn.SiLU); see {@link Activations#silu}. */
public final class SiLU extends Module {
    @Override public Tensor forward(Tensor input) { return Activations.silu(input); }

    @Override public Config config() { return Config.of("SiLU"); }
}
