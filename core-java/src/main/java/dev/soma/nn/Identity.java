package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Returns its input unchanged (torch.nn.Identity). */
public final class Identity extends Module {
    @Override public Tensor forward(Tensor input) { return input; }

    @Override public Config config() { return Config.of("Identity"); }
}
