package dev.soma.bench;

import dev.soma.autograd.GradMode;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/** W6a / W6b: inference of the Fashion-MNIST MLP (784 → 256 → 128 → 10) in eval mode without grad: batch-1 latency, batch-256 throughput. */
public final class MlpInference implements Workload {
    private final String id;

    private MlpInference(String id) { this.id = id; }

    /** W6a: batch-1 latency (median and p90, µs). */
    public static MlpInference latency() { return new MlpInference("W6a"); }

    /** W6b: batch-256 throughput (samples/s). */
    public static MlpInference throughput() { return new MlpInference("W6b"); }

    /** The W3/W6 model: 784 → 256 → ReLU → 128 → ReLU → 10. */
    static Sequential fashionMlp(Generator g) {
        return new Sequential(new Linear(784, 256, true, g), new ReLU(), new Linear(256, 128, true, g), new ReLU(),
                new Linear(128, 10, true, g));
    }

    @Override public String id() { return id; }

    @Override
    public void run(Report report, Timing timing) {
        Generator g = new Generator(0);
        Sequential model = fashionMlp(g);
        model.eval();
        try (var off = GradMode.noGrad()) {
            if (id.equals("W6a")) {
                Tensor x = Tensor.randn(g, 1, 784);
                Timing.Result t = timing.median(() -> model.forward(x));
                report.emit(id, "batch=1", "us_median", t.medianSeconds() * 1e6, t);
                report.emit(id, "batch=1", "us_p90", t.percentile(0.9) * 1e6, t);
            } else {
                Tensor x = Tensor.randn(g, 256, 784);
                Timing.Result t = timing.median(() -> model.forward(x));
                report.emit(id, "batch=256", "samples_per_s", 256 / t.medianSeconds(), t);
            }
        }
    }
}
