package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** x·relu6(x + 3) / 6 (torch.nn.Hardswish); see {@link Functional#hardswish}. */
public final class Hardswish extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.hardswish(input); }

    @Override public Config config() { return Config.of("Hardswish"); }
}
