package dev.soma.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.Batch;
import dev.soma.data.DataLoader;
import dev.soma.data.TensorDataset;
import dev.soma.nn.BatchNorm1d;
import dev.soma.nn.CrossEntropyLoss;
import dev.soma.nn.Linear;
import dev.soma.nn.Module;
import dev.soma.nn.ReLU;
import dev.soma.nn.Sequential;
import dev.soma.optim.Adam;
import dev.soma.optim.Optimizer;
import dev.soma.optim.SGD;
import dev.soma.optim.lr.StepLR;
import dev.soma.tensor.Tensor;
import dev.soma.train.History;
import dev.soma.train.Trainer;
import dev.soma.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training on a local master equals single-process training: the same seed and global batch give the
 * same weights (within float rounding: the pieces' gradients are added in another order than one kernel's sum).
 * Subclasses choose the master; one context serves the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataParallelContract {
    static final double TOLERANCE = 1e-5;
    static final int FEATURES = 6, CLASSES = 3, BATCH = 15;

    JavaSparkContext sc;

    /** The master URL, e.g. "local[2,2]": its thread count is the number of workers, the second number the task tries. */
    abstract String master();

    abstract int workers();

    @BeforeAll void start() { sc = Fixtures.context(master()); }

    @AfterAll void stop() { sc.stop(); }

    static Sequential mlp() { return new Sequential(new Linear(FEATURES, 8), new ReLU(), new Linear(8, CLASSES)); }

    JavaRDD<SparkSample> rdd(TensorDataset data) { return sc.parallelize(SparkSample.of(data), 3); }

    SparkTrainer.Result sparkFit(TensorDataset data, Module model, Optimizer opt, StepLR scheduler, int epochs) {
        SparkTrainer.Builder b = SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(opt).inputShape(FEATURES)
                .batchSize(BATCH).shuffle(7).workers(workers()).progress(false);
        if (scheduler != null) b.scheduler(scheduler, false);
        return b.build().fit(sc, rdd(data), model, epochs);
    }

    static History singleProcess(TensorDataset data, Module model, Optimizer opt, StepLR scheduler, int epochs) {
        DataLoader<Tensor[]> loader = DataLoader.builder(data).batchSize(BATCH).shuffle(7).prefetch(0).build();
        Trainer.Builder b = Trainer.builder().loss(new CrossEntropyLoss()).optimizer(opt).progress(false);
        if (scheduler != null) b.scheduler(scheduler, false);
        return b.build().fit(model, loader, epochs);
    }

    @Test void sgdWithMomentumAndStepLREqualsSingleProcess() {
        TensorDataset data = Fixtures.data(50, FEATURES, CLASSES, 1);    // 4 steps per epoch, the last of 5 samples: uneven pieces
        Sequential reference = mlp(), distributed = Fixtures.sameWeights(mlp(), reference);
        SGD a = new SGD(reference.parameters(), 0.1, 0.9), b = new SGD(distributed.parameters(), 0.1, 0.9);
        History expected = singleProcess(data, reference, a, new StepLR(a, 1, 0.5), 2);
        SparkTrainer.Result result = sparkFit(data, distributed, b, new StepLR(b, 1, 0.5), 2);

        assertTrue(result.model() == distributed);
        assertFalse(Fixtures.identical(mlp(), distributed));
        Fixtures.assertClose(reference, distributed, TOLERANCE);
        assertEquals(0.025, b.paramGroups().get(0).lr(), 1e-12);
        assertArrayEquals(expected.values("loss"), result.history().values("loss"), 1e-5);
        assertEquals(2, result.history().epochs());
    }

    @Test void adamEqualsSingleProcessAfterThreeSteps() {
        TensorDataset data = Fixtures.data(45, FEATURES, CLASSES, 2);    // exactly 3 steps
        Sequential reference = mlp(), distributed = Fixtures.sameWeights(mlp(), reference);
        History expected = singleProcess(data, reference, new Adam(reference.parameters(), 1e-2), null, 1);
        Adam opt = new Adam(distributed.parameters(), 1e-2);
        SparkTrainer.Result result = sparkFit(data, distributed, opt, null, 1);

        Fixtures.assertClose(reference, distributed, TOLERANCE);
        assertEquals(3L, ((Number) opt.state(distributed.parameters().get(0)).get("step")).longValue());
        assertEquals(expected.last("loss"), result.history().last("loss"), 1e-5);
        assertTrue(result.history().last("accuracy") >= 0 && result.history().last("accuracy") <= 1);
    }

    /**
     * BatchNorm normalises over each worker's piece, so the reference is single-process training that runs the pieces
     * of each global batch as separate forward passes, accumulates their gradients weighted by size, and sets the
     * running statistics to the pieces' size-weighted mean.
     */
    @Test void batchNormEqualsPieceWiseSingleProcess() {
        TensorDataset data = Fixtures.data(56, FEATURES, CLASSES, 3);    // batches 15, 15, 15, 11: pieces of at least 2
        Sequential reference = new Sequential(new Linear(FEATURES, 8), new BatchNorm1d(8), new ReLU(), new Linear(8, CLASSES));
        Sequential distributed = Fixtures.sameWeights(new Sequential(new Linear(FEATURES, 8), new BatchNorm1d(8), new ReLU(),
                new Linear(8, CLASSES)), reference);
        SGD a = new SGD(reference.parameters(), 0.1, 0.9);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader<Tensor[]> loader = DataLoader.builder(data).batchSize(BATCH).shuffle(7).prefetch(0).build();
        for (int epoch = 0; epoch < 2; epoch++)
            for (Batch batch : loader) pieceWiseStep(reference, a, loss, batch, workers());
        sparkFit(data, distributed, new SGD(distributed.parameters(), 0.1, 0.9), null, 2);

        Fixtures.assertClose(reference, distributed, TOLERANCE);
        BatchNorm1d bn = (BatchNorm1d) distributed.modules().get(2);
        assertEquals(8f, bn.namedBuffers().get("num_batches_tracked").toFloatArray()[0]);
        assertTrue(Math.abs(bn.namedBuffers().get("running_mean").toFloatArray()[0]) > 1e-4, "running mean moved");
    }

    /** One step of data-parallel training done in one process: pieces cut as the sampler cuts them. */
    static void pieceWiseStep(Module model, Optimizer opt, CrossEntropyLoss loss, Batch batch, int workers) {
        int b = batch.size(), base = b / workers, extra = b % workers, from = 0;
        Map<String, Tensor> before = copies(model.namedBuffers());
        List<Map<String, Tensor>> after = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        opt.zeroGrad();
        for (int w = 0; w < workers; w++) {
            int size = base + (w < extra ? 1 : 0);
            if (size == 0) continue;
            restore(model, before);
            Tensor x = batch.inputs().narrow(0, from, size), y = batch.targets().narrow(0, from, size);
            loss.forward(model.forward(x), y).mul((float) size / b).backward();
            after.add(copies(model.namedBuffers()));
            shares.add((double) size / b);
            from += size;
        }
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            float[] merged = new float[e.getValue().numel()];
            for (int i = 0; i < merged.length; i++) {
                double s = 0;
                for (int k = 0; k < after.size(); k++) s += shares.get(k) * after.get(k).get(e.getKey()).toFloatArray()[i];
                merged[i] = e.getKey().equals("num_batches_tracked") ? after.get(0).get(e.getKey()).toFloatArray()[i] : (float) s;
            }
            System.arraycopy(merged, 0, e.getValue().storageArray(), e.getValue().storageOffset(), merged.length);
        }
        opt.step();
    }

    private static Map<String, Tensor> copies(Map<String, Tensor> m) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.contiguousCopy()));
        return out;
    }

    private static void restore(Module model, Map<String, Tensor> buffers) {
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            float[] v = buffers.get(e.getKey()).toFloatArray();
            System.arraycopy(v, 0, e.getValue().storageArray(), e.getValue().storageOffset(), v.length);
        }
    }

    /** A task that fails in its first attempt mid-epoch is retried by Spark; the weights equal an uninterrupted run's. */
    @Test void failedTaskIsRetriedAndWeightsEqualUninterruptedRun() {
        TensorDataset data = Fixtures.data(50, FEATURES, CLASSES, 4);
        Sequential initial = faulty();
        Sequential clean = Fixtures.sameWeights(faulty(), initial), retried = Fixtures.sameWeights(faulty(), initial);
        FailOnceLayer.arm(-1);
        sparkFit(data, clean, new Adam(clean.parameters(), 1e-2), null, 2);
        FailOnceLayer.arm(2 * workers() + 1);    // the first forward of step 2 or 3, depending on which task gets there
        sparkFit(data, retried, new Adam(retried.parameters(), 1e-2), null, 2);

        assertEquals(1, FailOnceLayer.FAILURES.get(), "exactly one task was made to fail");
        assertTrue(Fixtures.identical(clean, retried), "retried run differs from the uninterrupted one");
        assertFalse(Fixtures.identical(initial, retried));
    }

    /** A job that dies after its first epoch resumes from the checkpoint on a Hadoop path and ends where an unbroken run ends. */
    @Test void resumesFromTheLastEpochsCheckpoint(@TempDir Path dir) {
        TensorDataset data = Fixtures.data(40, FEATURES, CLASSES, 6);
        Sequential initial = mlp(), unbroken = Fixtures.sameWeights(mlp(), initial), broken = Fixtures.sameWeights(mlp(), initial);
        SGD a = new SGD(unbroken.parameters(), 0.1, 0.9);
        SparkTrainer.Result expected = sparkFit(data, unbroken, a, new StepLR(a, 1, 0.5), 3);

        String folder = dir.resolve("ckpt").toUri().toString();
        SGD b = new SGD(broken.parameters(), 0.1, 0.9);
        TrainingListener crash = new TrainingListener() {
            @Override public void onEpochStart(int epoch, int epochs, int batches) {
                if (epoch == 1) throw new IllegalStateException("driver lost");
            }
        };
        SparkTrainer first = SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(b).scheduler(new StepLR(b, 1, 0.5), false)
                .inputShape(FEATURES).batchSize(BATCH).shuffle(7).workers(workers()).progress(false).checkpointDir(folder).listeners(crash).build();
        assertThrows(IllegalStateException.class, () -> first.fit(sc, rdd(data), broken, 3));
        assertTrue(Files.exists(dir.resolve("ckpt").resolve(HadoopCheckpoints.FILE)));

        Sequential resumed = mlp();    // a new process: fresh weights, optimizer and scheduler, all restored from the file
        SGD c = new SGD(resumed.parameters(), 0.1, 0.9);
        SparkTrainer.Result result = SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(c).scheduler(new StepLR(c, 1, 0.5), false)
                .inputShape(FEATURES).batchSize(BATCH).shuffle(7).workers(workers()).progress(false).checkpointDir(folder).build()
                .fit(sc, rdd(data), resumed, 3);

        assertTrue(Fixtures.identical(unbroken, resumed), "resumed run differs from the unbroken one");
        assertEquals(3, result.history().epochs());
        assertArrayEquals(expected.history().values("loss"), result.history().values("loss"), 1e-12);
        assertEquals(a.paramGroups().get(0).lr(), c.paramGroups().get(0).lr(), 1e-15);
    }

    @Test void samplesOfAnotherShapeAreRefusedNamingBoth() {
        TensorDataset data = Fixtures.data(20, FEATURES, CLASSES, 8);
        Sequential model = new Sequential(new Linear(5, CLASSES));
        SparkTrainer trainer = SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(new SGD(model.parameters(), 0.1))
                .inputShape(5).batchSize(BATCH).workers(workers()).progress(false).build();
        Exception e = assertThrows(Exception.class, () -> trainer.fit(sc, rdd(data), model, 1));
        assertTrue(e.getMessage().contains("SparkTrainer: a sample has 6 features, the input shape [5] needs 5"), e.getMessage());
        SparkTrainer empty = SparkTrainer.builder().loss(new CrossEntropyLoss()).optimizer(new SGD(model.parameters(), 0.1))
                .inputShape(5).progress(false).build();
        assertEquals("SparkTrainer: the training data is empty", assertThrows(IllegalArgumentException.class,
                () -> empty.fit(sc, sc.parallelize(List.<SparkSample>of(), 2), model, 1)).getMessage());
    }

    static Sequential faulty() { return new Sequential(new Linear(FEATURES, 8), new FailOnceLayer(), new ReLU(), new Linear(8, CLASSES)); }

    /** Each epoch's pieces, over all workers, hold every sample once, and each step's pieces are its DataLoader batch. */
    @Test void everySampleIsSeenExactlyOncePerEpoch() {
        TensorDataset data = Fixtures.data(37, FEATURES, CLASSES, 5);
        EpochSharding sharding = new EpochSharding(37, BATCH, workers(), true, 7, false);
        var indexed = rdd(data).zipWithIndex();
        DataLoader<Tensor[]> loader = DataLoader.builder(data).batchSize(BATCH).shuffle(7).prefetch(0).build();
        for (int epoch = 0; epoch < 2; epoch++) {
            List<WorkerShard> shards = SparkTrainer.epochShards(indexed, sharding, epoch).collect();
            assertEquals(workers(), shards.size());
            int[] seen = new int[37];
            for (int w = 0; w < shards.size(); w++) {
                assertEquals(w, shards.get(w).worker);
                for (SparkSample s : shards.get(w).samples) seen[rowOf(data, s)]++;
            }
            int[] once = new int[37];
            Arrays.fill(once, 1);
            assertArrayEquals(once, seen);

            int step = 0;
            for (Batch batch : loader) {
                float[] expected = batch.inputs().toFloatArray();
                float[] got = new float[expected.length];
                int o = 0;
                for (int w = 0; w < workers(); w++) {
                    WorkerShard shard = shards.get(w);
                    int size = sharding.shardSize(step, w);
                    if (size == 0) continue;
                    int first = shard.indexOf(sharding.shardStart(step, w));
                    for (int i = first; i < first + size; i++, o += FEATURES) System.arraycopy(shard.samples[i].features(), 0, got, o, FEATURES);
                }
                assertArrayEquals(expected, got, "epoch " + epoch + ", step " + step);
                step++;
            }
            assertEquals(sharding.steps(), step);
        }
    }

    private static int rowOf(TensorDataset data, SparkSample s) {
        float[] x = data.tensor(0).toFloatArray();
        for (int r = 0; r < data.size(); r++)
            if (Arrays.equals(Arrays.copyOfRange(x, r * FEATURES, (r + 1) * FEATURES), s.features())) return r;
        throw new AssertionError("sample not in the data");
    }
}
