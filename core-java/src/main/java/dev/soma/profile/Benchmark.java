package dev.soma.profile;

import dev.soma.autograd.GradMode;
import dev.soma.nn.Module;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Inference latency and throughput of a model per batch size, in eval mode without gradients: after warm-up,
 * p50/p90/p99 of the call time and samples per second at the median.
 */
public final class Benchmark {
    /** One batch size's figures (latencies in microseconds). */
    public record Row(int batchSize, double p50Micros, double p90Micros, double p99Micros, double samplesPerSecond, int calls) {}

    private final List<Row> rows;
    private final int[] sampleShape;

    private Benchmark(List<Row> rows, int[] sampleShape) {
        this.rows = rows;
        this.sampleShape = sampleShape;
    }

    /** Measures {@code model} on random inputs of {@code sampleShape} for each batch size, about {@code seconds} each. */
    public static Benchmark run(Module model, int[] sampleShape, int[] batchSizes, double seconds) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Row> rows = new ArrayList<>();
        try (var off = GradMode.noGrad()) {
            for (int b : batchSizes) {
                if (b < 1) throw new IllegalArgumentException("Benchmark: batch sizes must be positive, got " + b);
                int[] shape = new int[sampleShape.length + 1];
                shape[0] = b;
                System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
                Tensor x = Tensor.randn(new Generator(b), shape);
                long warmEnd = System.nanoTime() + (long) (seconds * 0.25e9);
                do model.forward(x); while (System.nanoTime() < warmEnd);
                double[] times = new double[16];
                int n = 0;
                long end = System.nanoTime() + (long) (seconds * 1e9);
                while (n < 10 || System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    model.forward(x);
                    if (n == times.length) times = Arrays.copyOf(times, 2 * n);
                    times[n++] = (System.nanoTime() - t0) / 1e3;
                }
                double[] sorted = Arrays.copyOf(times, n);
                Arrays.sort(sorted);
                double p50 = quantile(sorted, 0.5);
                rows.add(new Row(b, p50, quantile(sorted, 0.9), quantile(sorted, 0.99), b / (p50 * 1e-6), n));
            }
        } finally {
            model.train(wasTraining);
        }
        return new Benchmark(Collections.unmodifiableList(rows), sampleShape.clone());
    }

    /** {@link #run(Module, int[], int[], double)} for one second per batch size. */
    public static Benchmark run(Module model, int[] sampleShape, int... batchSizes) { return run(model, sampleShape, batchSizes, 1.0); }

    static double quantile(double[] sorted, double q) { return sorted[(int) Math.round(q * (sorted.length - 1))]; }

    public List<Row> rows() { return rows; }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "sample shape %s%n%8s %12s %12s %12s %14s%n",
                Arrays.toString(sampleShape), "batch", "p50 µs", "p90 µs", "p99 µs", "samples/s"));
        for (Row r : rows)
            sb.append(String.format(Locale.ROOT, "%8d %12.1f %12.1f %12.1f %14.0f%n", r.batchSize, r.p50Micros, r.p90Micros,
                    r.p99Micros, r.samplesPerSecond));
        return sb.toString();
    }
}
