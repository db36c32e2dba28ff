package dev.soma.bench;

import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.SGD;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/** W2: one training step of the 3072 → 100 → ReLU → 10 MLP, cross-entropy, SGD lr 0.01 momentum 0.9, batch 128. */
public final class MlpTrainingStep implements Workload {
    @Override public String id() { return "W2"; }

    @Override
    public void run(Report report, Timing timing) {
        Generator g = new Generator(0);
        Sequential model = new Sequential(new Linear(3072, 100, true, g), new ReLU(), new Linear(100, 10, true, g));
        SGD opt = new SGD(model.parameters(), 0.01, 0.9);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor x = Tensor.randn(g, 128, 3072), y = Tensor.randint(g, 0, 10, 128);
        Timing.Result t = timing.median(() -> {
            opt.zeroGrad();
            loss.forward(model.forward(x), y).backward();
            opt.step();
        });
        report.emit(id(), "batch=128", "ms_per_step", t.medianSeconds() * 1e3, t);
    }
}
