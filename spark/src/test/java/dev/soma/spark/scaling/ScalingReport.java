package dev.soma.spark.scaling;

import dev.soma.spark.scaling.ScalingModel.Exchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Prints the scaling simulation of docs/spark-scaling.md: measures compute per sample, an empty Spark job and Java
 * serialization here, then tabulates 8 to 64 workers on a 10 Gb/s cluster. Run with spark/simulate-scaling.
 */
public final class ScalingReport {
    /** Driver-side cost per task launched on a cluster (an RPC and the task's serialization): a stated, not measured, value. */
    static final double SIGMA1 = 0.5e-3;

    /** A stated cluster job floor (a Spark job of N trivial tasks on idle executors) and serialization rate, for the second table. */
    static final double NOMINAL_SIGMA0 = 20e-3, NOMINAL_GAMMA = 1e9;

    record Workload(String name, long params, int perWorkerBatch, double secondsPerSample) {}

    public static void main(String[] args) throws Exception {
        double w3 = ComputeCost.w3(20), w4a = ComputeCost.w4a(8, 5), flops = ComputeCost.trainingFlops(6);
        double transformer = ComputeCost.transformerFlopsPerSample() / flops;
        double sigma0 = emptyJobSeconds(), gamma = serializationBytesPerSecond();
        System.out.printf(Locale.ROOT, "measured: W3 %.4f ms/sample, W4a %.3f ms/sample, training GEMM rate %.1f GFLOP/s -> Transformer %.1f ms/sample "
                + "(%.2f GFLOP), empty Spark job %.2f ms, Java serialization %.2f GB/s%n",
                w3 * 1e3, w4a * 1e3, flops / 1e9, transformer * 1e3, ComputeCost.transformerFlopsPerSample() / 1e9, sigma0 * 1e3, gamma / 1e9);
        List<Workload> loads = List.of(new Workload("W3 MLP", ComputeCost.W3_PARAMS, 64, w3),
                new Workload("W4a ResNet block", ComputeCost.W4A_PARAMS, 32, w4a),
                new Workload("Transformer 10M", ComputeCost.TRANSFORMER_PARAMS, 8, transformer));
        System.out.printf(Locale.ROOT, "%nSpark job floor and serialization as measured here (σ0 %.1f ms, γ %.2f GB/s):%n%n", sigma0 * 1e3, gamma / 1e9);
        System.out.print(table(ScalingModel.tenGigabit(sigma0, SIGMA1, gamma), loads));
        System.out.printf(Locale.ROOT, "%nNominal cluster (σ0 %.0f ms, γ %.1f GB/s):%n%n", NOMINAL_SIGMA0 * 1e3, NOMINAL_GAMMA / 1e9);
        System.out.print(table(ScalingModel.tenGigabit(NOMINAL_SIGMA0, SIGMA1, NOMINAL_GAMMA), loads));
    }

    static String table(ScalingModel net, List<Workload> loads) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | params | N | global batch | step (driver) ms | E driver | E tree | E ring | min global batch for E ≥ 0.9: driver / ring |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Workload w : loads)
            for (int n : new int[] {8, 16, 32, 64}) {
                sb.append(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %.1f | %.2f | %.2f | %.2f | %,d / %,d |%n", w.name, w.params, n,
                        n * w.perWorkerBatch, 1e3 * net.stepSeconds(Exchange.DRIVER, w.params, n, w.perWorkerBatch, w.secondsPerSample),
                        net.efficiency(Exchange.DRIVER, w.params, n, w.perWorkerBatch, w.secondsPerSample),
                        net.efficiency(Exchange.TREE, w.params, n, w.perWorkerBatch, w.secondsPerSample),
                        net.efficiency(Exchange.RING, w.params, n, w.perWorkerBatch, w.secondsPerSample),
                        (long) n * net.minPerWorkerBatch(Exchange.DRIVER, w.params, n, w.secondsPerSample, 0.9),
                        (long) n * net.minPerWorkerBatch(Exchange.RING, w.params, n, w.secondsPerSample, 0.9)));
            }
        return sb.toString();
    }

    /** The median wall time of a Spark job of two tasks doing nothing on local[2]: the per-step floor of scheduling. */
    static double emptyJobSeconds() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("soma-empty-job").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("ERROR");
            JavaRDD<Integer> rdd = sc.parallelize(List.of(0, 1), 2).cache();
            rdd.count();
            double[] t = new double[40];
            for (int i = -5; i < t.length; i++) {
                long s = System.nanoTime();
                rdd.map(x -> x + 1).collect();
                if (i >= 0) t[i] = (System.nanoTime() - s) / 1e9;
            }
            Arrays.sort(t);
            return t[t.length / 2];
        }
    }

    /** Bytes per second of writing a 40 MB float[] with Java serialization and reading it back (each byte counted once). */
    static double serializationBytesPerSecond() throws Exception {
        float[] v = new float[10_000_000];
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long s = System.nanoTime();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(41_000_000);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) { out.writeObject(v); }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) { in.readObject(); }
            t.add((System.nanoTime() - s) / 1e9);
        }
        t.sort(null);
        return 2 * 4.0 * v.length / t.get(t.size() / 2);
    }
}
