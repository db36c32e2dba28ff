package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x·σ(x), also called swish (torch.nn.SiLU); see {@link Functional#silu}. */
public final class SiLU extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.silu(input); }

    @Override public Config config() { return Config.of("SiLU"); }
}
