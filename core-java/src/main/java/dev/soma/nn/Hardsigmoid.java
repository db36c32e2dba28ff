package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Piecewise-linear sigmoid relu6(x + 3) / 6 (torch.nn.Hardsigmoid); see {@link Functional#hardsigmoid}. */
public final class Hardsigmoid extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.hardsigmoid(input); }

    @Override public Config config() { return Config.of("Hardsigmoid"); }
}
