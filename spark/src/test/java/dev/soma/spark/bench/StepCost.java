package dev.soma.spark.bench;

import dev.soma.data.Batch;
import dev.soma.data.DataLoader;
import dev.soma.data.TensorDataset;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Linear;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.spark.SparkSample;
import dev.soma.spark.SparkTrainer;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import dev.soma.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Measures what a data-parallel step costs on local[N] (N = 2, 4) for the W3 MLP and a 10M-parameter MLP at global
 * batch 64: the single-process step, the SparkTrainer step, the bare Spark round of the design (broadcast the weights,
 * N tasks each returning a gradient-sized array, the driver adding them), the same exchange through barrier mode's
 * allGather (W3 only), and the bytes Spark's task metrics report. Prints one JSON line per figure. Run it with
 * spark/measure-steps; timings on a shared machine are rough.
 */
public final class StepCost {
    private static final int BATCH = 64;

    record Model(String name, int[] sizes, int steps) {
        Sequential build() {
            List<dev.soma.nn.Module> layers = new ArrayList<>();
            for (int i = 0; i + 1 < sizes.length; i++) {
                if (i > 0) layers.add(new ReLU());
                layers.add(new Linear(sizes[i], sizes[i + 1]));
            }
            return new Sequential(layers.toArray(new dev.soma.nn.Module[0]));
        }
    }

    public static void main(String[] args) {
        List<Model> models = List.of(new Model("W3", new int[] {784, 256, 128, 10}, 40),
                new Model("MLP10M", new int[] {784, 4096, 1600, 10}, 12));
        int[] workers = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {2, 4};
        for (Model m : models) emit(m.name, 1, "params", m.build().parameterCount(), "count");
        for (Model m : models) emit(m.name, 1, "single_process_step", singleProcessStep(m) * 1e3, "ms");
        for (int n : workers) {
            SparkConf conf = new SparkConf().setMaster("local[" + n + "]").setAppName("soma-step-cost")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                sc.setLogLevel("ERROR");
                TaskBytes bytes = new TaskBytes();
                sc.sc().addSparkListener(bytes);
                for (Model m : models) {
                    trainerStep(sc, m, n, bytes);
                    bareRound(sc, m, n, bytes);
                    if (m.name.equals("W3")) barrierRound(sc, m, n);
                }
            }
        }
    }

    private static double singleProcessStep(Model m) {
        Sequential model = m.build();
        Adam opt = new Adam(model.parameters(), 1e-3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        TensorDataset data = data(m.sizes[0], BATCH, 1);
        Batch batch = DataLoader.builder(data).batchSize(BATCH).prefetch(0).build().iterator().next();
        long warmUntil = System.nanoTime() + 2_000_000_000L;    // at least 2 s of warm-up, as the workloads' timing rule asks
        while (System.nanoTime() < warmUntil) step(model, opt, loss, batch);
        double[] t = new double[m.steps];
        for (int i = 0; i < m.steps; i++) {
            long s = System.nanoTime();
            step(model, opt, loss, batch);
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        return median(t);
    }

    private static void step(Sequential model, Adam opt, CrossEntropyLoss loss, Batch batch) {
        opt.zeroGrad();
        loss.forward(model.forward(batch.inputs()), batch.targets()).backward();
        opt.step();
    }

    /** SparkTrainer over warm-up + timed steps; the median interval between consecutive steps. */
    private static void trainerStep(JavaSparkContext sc, Model m, int n, TaskBytes bytes) {
        int warm = m.steps / 2, steps = warm + m.steps;    // the first steps also warm the JIT up
        JavaRDD<SparkSample> rdd = sc.parallelize(SparkSample.of(data(m.sizes[0], steps * BATCH, 2)), n);
        Sequential model = m.build();
        List<Long> times = new ArrayList<>();
        TrainingListener clock = new TrainingListener() {
            @Override public void onBatch(int epoch, int batch, int batches, Map<String, Double> running, double rate) {
                times.add(System.nanoTime());
                if (batch == warm - 1) bytes.reset();
            }
        };
        SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(new Adam(model.parameters(), 1e-3)).inputShape(m.sizes[0])
                .batchSize(BATCH).workers(n).progress(false).listeners(clock).build().fit(sc, rdd, model, 1);
        settle();
        double[] t = new double[times.size() - warm];
        for (int i = warm; i < times.size(); i++) t[i - warm] = (times.get(i) - times.get(i - 1)) / 1e9;
        emit(m.name, n, "spark_trainer_step", median(t) * 1e3, "ms");
        emit(m.name, n, "task_result_bytes_per_step", (double) bytes.resultBytes.get() / m.steps, "bytes");
        emit(m.name, n, "broadcast_bytes_per_executor_per_step", serializedSize(new float[(int) model.parameterCount()]), "bytes");
    }

    /** The design's exchange alone: broadcast P floats, N tasks return P floats each, the driver adds them in order. */
    private static void bareRound(JavaSparkContext sc, Model m, int n, TaskBytes bytes) {
        int p = (int) m.build().parameterCount();
        JavaRDD<Integer> slots = sc.parallelize(range(n), n).cache();
        slots.count();
        double[] t = new double[m.steps];
        bytes.reset();
        for (int i = -3; i < m.steps; i++) {
            long s = System.nanoTime();
            float[] w = new float[p];
            Broadcast<float[]> b = sc.broadcast(w);
            List<float[]> parts = slots.map(k -> {
                float[] g = b.value().clone();
                g[0] = k;
                return g;
            }).collect();
            float[] sum = new float[p];
            for (float[] g : parts) for (int j = 0; j < p; j++) sum[j] += g[j];
            b.destroy();
            if (i >= 0) t[i] = (System.nanoTime() - s) / 1e9;
            if (i == -1) bytes.reset();
        }
        settle();
        emit(m.name, n, "bare_round", median(t) * 1e3, "ms");
        emit(m.name, n, "bare_round_result_bytes", (double) bytes.resultBytes.get() / m.steps, "bytes");
    }

    /** The exchange in barrier mode: every task allGathers its gradient as Base64 text, then adds all N in order. */
    private static void barrierRound(JavaSparkContext sc, Model m, int n) {
        int p = (int) m.build().parameterCount(), rounds = m.steps + 3;
        scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<double[]>> exchange =
                (scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<double[]>> & java.io.Serializable) it -> {
            BarrierTaskContext ctx = BarrierTaskContext.get();
            float[] g = new float[p];
            double[] t = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long s = System.nanoTime();
                ByteBuffer buf = ByteBuffer.allocate(4 * p);
                buf.asFloatBuffer().put(g);
                String[] all = ctx.allGather(Base64.getEncoder().encodeToString(buf.array()));
                float[] sum = new float[p];
                for (String a : all) {
                    java.nio.FloatBuffer f = ByteBuffer.wrap(Base64.getDecoder().decode(a)).asFloatBuffer();
                    for (int j = 0; j < p; j++) sum[j] += f.get(j);
                }
                t[r] = (System.nanoTime() - s) / 1e9;
            }
            return scala.jdk.javaapi.CollectionConverters.asScala(List.of(Arrays.copyOfRange(t, 3, rounds)).iterator());
        };
        List<double[]> perTask = new JavaRDD<>(sc.parallelize(range(n), n).rdd().barrier()
                .mapPartitions(exchange, false, scala.reflect.ClassTag$.MODULE$.apply(double[].class)),
                scala.reflect.ClassTag$.MODULE$.apply(double[].class)).collect();
        emit(m.name, n, "barrier_allgather_round", median(perTask.get(0)) * 1e3, "ms");
        emit(m.name, n, "barrier_allgather_bytes_through_driver", (double) n * (n + 1) * (4L * p * 4 / 3), "bytes");
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(i);
        return out;
    }

    private static TensorDataset data(int features, int n, long seed) {
        Generator g = new Generator(seed);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = (int) g.nextLong(10);
        return new TensorDataset(Tensor.randn(g, n, features), Tensor.adopt(y, DType.INT64, n));
    }

    private static long serializedSize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    /** Spark's listener bus is asynchronous: give it time to deliver the last task ends. */
    private static void settle() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void emit(String model, int workers, String metric, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "{\"model\": \"%s\", \"workers\": %d, \"metric\": \"%s\", \"value\": %.4f, \"unit\": \"%s\"}",
                model, workers, metric, value, unit));
    }
}
