package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** 1 / (1 + e^−x) (torch.nn.Sigmoid); see {@link Functional#sigmoid}. */
public final class Sigmoid extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.sigmoid(input); }

    @Override public Config config() { return Config.of("Sigmoid"); }
}
