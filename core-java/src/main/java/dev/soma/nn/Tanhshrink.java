package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x − tanh(x) (torch.nn.Tanhshrink); see {@link Functional#tanhshrink}. */
public final class Tanhshrink extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.tanhshrink(input); }

    @Override public Config config() { return Config.of("Tanhshrink"); }
}
