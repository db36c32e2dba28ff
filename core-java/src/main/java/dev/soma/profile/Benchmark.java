package dev.soma.profile;

import dev.soma.autograd.GradMode;
import dev.soma.nn.Module;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Inference latency and throughput of a model per batch size: each batch size is run {@code warmup} times, then
 * timed over {@code iterations} forwards in eval mode without grad; the model's modes are restored afterwards.
 */
public final class Benchmark {
    /** Default warm-up forwards per batch size. */
    public static final int DEFAULT_WARMUP = 5;
    /** Default timed forwards per batch size. */
    public static final int DEFAULT_ITERATIONS = 30;

    /** One batch size: latency percentiles and mean in microseconds, and throughput in samples per second. */
    public record Row(int batchSize, int iterations, double p50Micros, double p90Micros, double p99Micros, double meanMicros,
                      double samplesPerSecond) {}

    private final String modelType;
    private final List<Row> rows;

    private Benchmark(String modelType, List<Row> rows) {
        this.modelType = modelType;
        this.rows = List.copyOf(rows);
    }

    /** Benchmarks {@code model} on N(0, 1) inputs of shape (batch, *sampleShape), with the default warm-up and iterations. */
    public static Benchmark run(Module model, int[] sampleShape, int[] batchSizes) {
        return run(model, sampleShape, batchSizes, DEFAULT_WARMUP, DEFAULT_ITERATIONS);
    }

    /** Benchmarks {@code model} on N(0, 1) inputs of shape (batch, *sampleShape) (a fixed seed, so runs compare). */
    public static Benchmark run(Module model, int[] sampleShape, int[] batchSizes, int warmup, int iterations) {
        if (sampleShape == null) throw new IllegalArgumentException("Benchmark: sample shape must not be null");
        for (int s : sampleShape)
            if (s < 0) throw new IllegalArgumentException("Benchmark: sample shape must have non-negative sizes, got " + Shape.str(sampleShape));
        int[] sample = sampleShape.clone();
        Generator g = new Generator(0);
        return run(model, batch -> {
            int[] shape = new int[sample.length + 1];
            shape[0] = batch;
            System.arraycopy(sample, 0, shape, 1, sample.length);
            return Tensor.randn(g, shape);
        }, batchSizes, warmup, iterations);
    }

    /** Benchmarks {@code model} on the inputs {@code inputForBatch} makes for each batch size (e.g. int64 indices). */
    public static Benchmark run(Module model, IntFunction<Tensor> inputForBatch, int[] batchSizes, int warmup, int iterations) {
        if (model == null || inputForBatch == null || batchSizes == null)
            throw new IllegalArgumentException("Benchmark: model, inputs and batch sizes must not be null");
        if (batchSizes.length == 0) throw new IllegalArgumentException("Benchmark: give at least one batch size");
        for (int b : batchSizes)
            if (b < 1) throw new IllegalArgumentException("Benchmark: batch sizes must be positive, got " + Arrays.toString(batchSizes));
        if (warmup < 0 || iterations < 1)
            throw new IllegalArgumentException("Benchmark: warmup must be >= 0 and iterations >= 1, got " + warmup + " and " + iterations);
        List<Module> modules = model.modules();
        boolean[] modes = new boolean[modules.size()];
        for (int i = 0; i < modes.length; i++) modes[i] = modules.get(i).isTraining();
        List<Row> rows = new ArrayList<>();
        model.eval();
        try (var off = GradMode.noGrad()) {
            for (int batch : batchSizes) rows.add(time(model, inputForBatch.apply(batch), batch, warmup, iterations));
        } finally {
            for (int i = 0; i < modes.length; i++) modules.get(i).train(modes[i]);    // pre-order: each child after its parent
        }
        return new Benchmark(model.typeName(), rows);
    }

    private static Row time(Module model, Tensor x, int batch, int warmup, int iterations) {
        long sink = 0;
        for (int i = 0; i < warmup; i++) sink += model.forward(x).numel();
        long[] ns = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            sink += model.forward(x).numel();
            ns[i] = System.nanoTime() - t0;
        }
        if (sink < 0) throw new AssertionError();    // keeps the forwards observable
        long total = 0;
        for (long t : ns) total += t;
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        double mean = total / 1e3 / iterations;
        return new Row(batch, iterations, percentile(sorted, 50) / 1e3, percentile(sorted, 90) / 1e3, percentile(sorted, 99) / 1e3,
                mean, batch * 1e6 / Math.max(mean, 1e-3));
    }

    // Nearest-rank percentile of sorted values: the smallest value with at least p% of values at or below it.
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The rows, one per batch size in the order given. */
    public List<Row> rows() { return rows; }

    /** The table: batch size, p50/p90/p99 and mean latency in µs, throughput in samples/s. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(modelType).append(" inference benchmark (eval, no grad)\n");
        String head = String.format(Locale.ROOT, "%8s  %12s  %12s  %12s  %12s  %16s", "batch", "p50 µs", "p90 µs", "p99 µs", "mean µs",
                "samples/s");
        sb.append(head).append('\n').append("=".repeat(head.length())).append('\n');
        for (Row r : rows)
            sb.append(String.format(Locale.ROOT, "%8d  %12.1f  %12.1f  %12.1f  %12.1f  %,16.0f%n", r.batchSize, r.p50Micros,
                    r.p90Micros, r.p99Micros, r.meanMicros, r.samplesPerSecond));
        return sb.toString();
    }
}
