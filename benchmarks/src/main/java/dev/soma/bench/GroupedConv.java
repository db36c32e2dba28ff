package dev.soma.bench;

import dev.soma.nn.Conv2d;
import dev.soma.nn.IntsOrString;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * W4c: a grouped 3×3 convolution, 128 → 128 channels in 4 groups, padding 1, with bias, on a 32×128×16×16 input that
 * requires grad; one forward, loss = output.sum(), backward (input, weight and bias gradients), gradients cleared.
 */
public final class GroupedConv implements Workload {
    @Override public String id() { return "W4c"; }

    @Override
    public void run(Report report, Timing timing) {
        Generator g = new Generator(0);
        Conv2d conv = new Conv2d(128, 128, new int[] {3}, new int[] {1}, IntsOrString.of(1), new int[] {1}, 4, true, "zeros", g);
        Tensor x = Tensor.randn(g, 32, 128, 16, 16).requiresGrad(true);
        Timing.Result t = timing.median(() -> {
            conv.zeroGrad();
            x.setGrad(null);
            conv.forward(x).sum().backward();
        });
        report.emit(id(), "grouped_conv_g4", "ms_fwd_bwd", t.medianSeconds() * 1e3, t);
    }
}
