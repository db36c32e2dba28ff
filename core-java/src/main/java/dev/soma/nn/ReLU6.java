package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** min(max(0, x), 6) (torch.nn.ReLU6); see {@link Functional#relu6}. */
public final class ReLU6 extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.relu6(input); }

    @Override public Config config() { return Config.of("ReLU6"); }
}
