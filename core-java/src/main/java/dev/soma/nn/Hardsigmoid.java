package dev.soma.nn;

import dev.soma.tensor.Activations;
import dev.soma.tensor.Tensor;

/** Piecewise-linear sigmoid relu6(x + 3) / 6 (torch.nn.Hardsigmoid); see {@link Activations#hardsigmoid}. */
public final class Hardsigmoid extends Module {
    @Override public Tensor forward(Tensor input) { return Activations.hardsigmoid(input); }

    @Override public Config config() { return Config.of("Hardsigmoid"); }
}
