package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x / (1 + |x|) (torch.nn.Softsign); see {@link Functional#softsign}. */
public final class Softsign extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.softsign(input); }

    @Override public Config config() { return Config.of("Softsign"); }
}
