package dev.soma.bench;

import dev.soma.nn.BatchNorm2d;
import dev.soma.nn.Conv2d;
import dev.soma.nn.IntsOrString;
import dev.soma.nn.MSELoss;
import dev.soma.nn.Module;
import dev.soma.nn.ReLU;
import dev.soma.nn.Residual;
import dev.soma.nn.Sequential;
import dev.soma.optim.SGD;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * W4a and W4b: one SGD training step (lr 0.01, no momentum) of a convolution block on a 32×64×32×32 input, mse_loss
 * against a fixed random target, BatchNorm in training mode, as torch_workloads.py builds them: W4a a ResNet basic
 * block with an identity shortcut, W4b a depthwise-separable block (64 → 128).
 */
public final class ConvBlocks implements Workload {
    private final String id;

    private ConvBlocks(String id) { this.id = id; }

    public static ConvBlocks basic() { return new ConvBlocks("W4a"); }

    public static ConvBlocks separable() { return new ConvBlocks("W4b"); }

    @Override public String id() { return id; }

    /** relu(bn2(conv2(relu(bn1(conv1 x)))) + x), 3×3 convolutions without bias. */
    static Sequential basicBlock(int channels, Generator g) {
        return new Sequential(new Residual(new Sequential(conv3x3(channels, channels, 1, g), new BatchNorm2d(channels), new ReLU(),
                conv3x3(channels, channels, 1, g), new BatchNorm2d(channels))), new ReLU());
    }

    /** depthwise conv3×3 → BN → ReLU → pointwise conv1×1 → BN → ReLU, convolutions without bias. */
    static Sequential separableBlock(int in, int out, Generator g) {
        return new Sequential(conv3x3(in, in, in, g), new BatchNorm2d(in), new ReLU(),
                new Conv2d(in, out, new int[] {1}, new int[] {1}, IntsOrString.of(0), new int[] {1}, 1, false, "zeros", g),
                new BatchNorm2d(out), new ReLU());
    }

    private static Conv2d conv3x3(int in, int out, int groups, Generator g) {
        return new Conv2d(in, out, new int[] {3}, new int[] {1}, IntsOrString.of(1), new int[] {1}, groups, false, "zeros", g);
    }

    @Override
    public void run(Report report, Timing timing) {
        Generator g = new Generator(0);
        boolean basic = id.equals("W4a");
        Module model = basic ? basicBlock(64, g) : separableBlock(64, 128, g);
        Tensor x = Tensor.randn(g, 32, 64, 32, 32), target = Tensor.randn(g, 32, basic ? 64 : 128, 32, 32);
        SGD opt = new SGD(model.parameters(), 0.01);
        MSELoss loss = new MSELoss();
        model.train();
        Timing.Result t = timing.median(() -> {
            opt.zeroGrad();
            loss.forward(model.forward(x), target).backward();
            opt.step();
        });
        report.emit(id, basic ? "basic_block" : "separable_block", "ms_per_step", t.medianSeconds() * 1e3, t);
    }
}
