package dev.soma.nn;

import dev.soma.tensor.Activations;
import dev.soma.tensor.Tensor;

/** x·relu6(x + 3) / 6 (torch.nn.Hardswish); see {@link Activations#hardswish}. */
public final class Hardswish extends Module {
    @Override public Tensor forward(Tensor input) { return Activations.hardswish(input); }

    @Override public Config config() { return Config.of("Hardswish"); }
}
