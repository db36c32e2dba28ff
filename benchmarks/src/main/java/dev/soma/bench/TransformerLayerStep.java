package dev.soma.bench;

import dev.soma.nn.TransformerEncoderLayer;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * W5: a TransformerEncoderLayer (d_model 256, 8 heads, feed-forward 1024, dropout 0, ReLU, post-norm, batch first) on a
 * 16×128×256 input that requires grad; one forward, loss = output.sum(), backward, gradients cleared, as
 * torch_workloads.py's w5.
 */
public final class TransformerLayerStep implements Workload {
    @Override public String id() { return "W5"; }

    @Override
    public void run(Report report, Timing timing) {
        Generator g = new Generator(0);
        Generator.manualSeed(0);
        TransformerEncoderLayer layer = new TransformerEncoderLayer(256, 8, 1024, 0.0, "relu", 1e-5, true, false);
        Tensor x = Tensor.randn(g, 16, 128, 256).requiresGrad(true);
        Timing.Result t = timing.median(() -> {
            layer.zeroGrad();
            x.setGrad(null);
            layer.forward(x).sum().backward();
        });
        report.emit(id(), "b16_L128_d256_h8", "ms_fwd_bwd", t.medianSeconds() * 1e3, t);
    }
}
