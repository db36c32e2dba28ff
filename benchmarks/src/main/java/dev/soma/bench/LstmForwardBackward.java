package dev.soma.bench;

import dev.soma.nn.LSTM;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * W7: forward and backward of LSTM(128, 256, batch_first=True) over a 32×64×128 input that requires grad, loss =
 * output.sum(), gradients cleared before each step, as torch_workloads.py's w7 times it.
 */
public final class LstmForwardBackward implements Workload {
    @Override public String id() { return "W7"; }

    @Override
    public void run(Report report, Timing timing) {
        Generator g = new Generator(0);
        LSTM lstm = LSTM.builder(128, 256).batchFirst(true).generator(g).build();
        Tensor x = Tensor.randn(g, 32, 64, 128).requiresGrad(true);
        Timing.Result t = timing.median(() -> {
            lstm.zeroGrad();
            x.setGrad(null);
            lstm.forward(x).sum().backward();
        });
        report.emit(id(), "b32_L64_in128_h256", "ms_fwd_bwd", t.medianSeconds() * 1e3, t);
    }
}
