package dev.soma.nn;

import dev.soma.tensor.Activations;
import dev.soma.tensor.Tensor;

/** x / (1 + |x|) (torch.nn.Softsign); see {@link Activations#softsign}. */
public final class Softsign extends Module {
    @Override public Tensor forward(Tensor input) { return Activations.softsign(input); }

    @Override public Config config() { return Config.of("Softsign"); }
}
