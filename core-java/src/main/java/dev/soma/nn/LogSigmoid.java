package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** log σ(x), computed stably (torch.nn.LogSigmoid); see {@link Functional#logsigmoid}. */
public final class LogSigmoid extends Module {
    @Override public Tensor forward(Tensor input) { return Functional.logsigmoid(input); }

    @Override public Config config() { return Config.of("LogSigmoid"); }
}
