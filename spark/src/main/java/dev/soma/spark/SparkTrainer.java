package dev.soma.spark;

import dev.soma.data.Batch;
import dev.soma.nn.Loss;
import dev.soma.nn.Module;
import dev.soma.nn.Reduction;
import dev.soma.optim.Optimizer;
import dev.soma.optim.lr.LRScheduler;
import dev.soma.optim.lr.ReduceLROnPlateau;
import dev.soma.optim.lr.Scheduler;
import dev.soma.serialization.Checkpoint;
import dev.soma.serialization.ConfigJson;
import dev.soma.train.Callback;
import dev.soma.train.ConsoleProgress;
import dev.soma.train.History;
import dev.soma.train.Metric;
import dev.soma.train.Trainer;
import dev.soma.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Synchronous data-parallel training on Spark. The driver holds the model, optimizer and scheduler; every step it
 * broadcasts the weights, each of the N workers (Spark tasks over the epoch's shards) returns the gradient of its
 * piece of the global batch, and the driver adds the pieces in worker order, sets them as the gradients and runs
 * the optimizer exactly as single-process training does. BatchNorm normalises over each worker's piece (as
 * PyTorch's DistributedDataParallel without SyncBatchNorm); its running statistics are the pieces' mean weighted by
 * size. Tasks are pure functions of the broadcast weights and the step, so Spark may retry any of them.
 */
public final class SparkTrainer {
    private final Loss loss;
    private final Optimizer optimizer;
    private final int[] inputShape;
    private final int batchSize;
    private final Integer workers;
    private final boolean shuffle, dropLast, stopOnNonFinite;
    private final long seed;
    private final Scheduler scheduler;
    private final boolean schedulerPerBatch;
    private final String plateauMonitor;
    private final Iterable<Batch> validation;
    private final List<Metric> validationMetrics;
    private final List<TrainingListener> listeners;
    private final List<Callback> callbacks;
    private final String checkpointDir;

    private SparkTrainer(Builder b) {
        if (b.loss == null) throw new IllegalStateException("SparkTrainer: no loss set");
        if (b.optimizer == null) throw new IllegalStateException("SparkTrainer: no optimizer set");
        if (b.inputShape == null) throw new IllegalStateException("SparkTrainer: no input shape set (the shape of one sample, e.g. 1, 28, 28)");
        if (b.loss.reduction == Reduction.NONE)
            throw new IllegalArgumentException("SparkTrainer: the loss must reduce to a scalar (reduction 'mean' or 'sum'), got 'none'");
        loss = b.loss;
        optimizer = b.optimizer;
        inputShape = b.inputShape;
        batchSize = b.batchSize;
        workers = b.workers;
        shuffle = b.shuffle;
        seed = b.seed;
        dropLast = b.dropLast;
        stopOnNonFinite = b.stopOnNonFinite;
        scheduler = b.scheduler;
        schedulerPerBatch = b.schedulerPerBatch;
        plateauMonitor = b.plateauMonitor;
        validation = b.validation;
        validationMetrics = List.copyOf(b.validationMetrics);
        listeners = new ArrayList<>(b.listeners);
        callbacks = List.copyOf(b.callbacks);
        if (b.progress) listeners.add(b.console != null ? b.console : new ConsoleProgress());
        checkpointDir = b.checkpointDir;
    }

    public static Builder builder() { return new Builder(); }

    /** The trained model (the one passed in, trained in place) and its per-epoch history. */
    public record Result(Module model, History history) {}

    /** Options; loss, optimizer and the input shape are required. Batch size 64, one worker per default-parallelism slot. */
    public static final class Builder {
        private Loss loss;
        private Optimizer optimizer;
        private int[] inputShape;
        private int batchSize = 64;
        private Integer workers;
        private boolean shuffle, dropLast, progress = true, stopOnNonFinite = true, schedulerPerBatch;
        private long seed;
        private Scheduler scheduler;
        private String plateauMonitor, checkpointDir;
        private Iterable<Batch> validation;
        private final List<Metric> validationMetrics = new ArrayList<>();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private ConsoleProgress console;

        /** The loss, a per-sample mean ('mean') or sum ('sum'); it is rebuilt on the workers from its config. */
        public Builder loss(Loss l) { loss = l; return this; }

        /** The optimizer over the model's parameters; it runs on the driver only. */
        public Builder optimizer(Optimizer o) { optimizer = o; return this; }

        /** The shape of one sample's input (without the batch dim); features are reshaped to it. */
        public Builder inputShape(int... shape) {
            for (int d : shape) if (d < 1) throw new IllegalArgumentException("SparkTrainer: bad input shape " + Arrays.toString(shape));
            inputShape = shape.clone();
            return this;
        }

        /** The global batch size, split among the workers. */
        public Builder batchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("SparkTrainer: batch_size should be a positive integer, got " + n);
            batchSize = n;
            return this;
        }

        /** The number of workers (Spark tasks per step); default the context's default parallelism. */
        public Builder workers(int n) {
            if (n < 1) throw new IllegalArgumentException("SparkTrainer: need at least one worker, got " + n);
            workers = n;
            return this;
        }

        /** Shuffles every epoch with the order core's DataLoader draws from {@code seed}. */
        public Builder shuffle(long seed) { shuffle = true; this.seed = seed; return this; }

        public Builder dropLast(boolean drop) { dropLast = drop; return this; }

        /** Steps {@code s} after every epoch, or after every step when {@code perBatch}. */
        public Builder scheduler(LRScheduler s, boolean perBatch) { scheduler = s; schedulerPerBatch = perBatch; plateauMonitor = null; return this; }

        /** Steps {@code s} after every epoch with the logged value {@code monitor} (e.g. "val_loss"). */
        public Builder scheduler(ReduceLROnPlateau s, String monitor) { scheduler = s; schedulerPerBatch = false; plateauMonitor = monitor; return this; }

        /** Evaluates on the driver after every epoch (logged as "val_loss" and "val_" + each metric). */
        public Builder validation(Iterable<Batch> data, Metric... metrics) {
            validation = data;
            validationMetrics.clear();
            validationMetrics.addAll(List.of(metrics));
            return this;
        }

        public Builder listeners(TrainingListener... ls) { listeners.addAll(List.of(ls)); return this; }

        /** Callbacks run on the driver as Trainer runs them (early stopping, model checkpoints, …). */
        public Builder callbacks(Callback... cs) { callbacks.addAll(List.of(cs)); return this; }

        /** Console progress on the driver on or off. */
        public Builder progress(boolean on) { progress = on; return this; }

        /** Console progress written to {@code out}: live bars when {@code live}, else one line per epoch. */
        public Builder progress(java.io.PrintStream out, boolean live) { progress = true; console = new ConsoleProgress(out, live); return this; }

        /** Whether a NaN or infinite loss stops training (default true). */
        public Builder stopOnNonFiniteLoss(boolean on) { stopOnNonFinite = on; return this; }

        /** Saves a checkpoint after every epoch into this Hadoop folder, and resumes from the one found there. */
        public Builder checkpointDir(String dir) { checkpointDir = dir; return this; }

        public SparkTrainer build() { return new SparkTrainer(this); }
    }

    /** Trains {@code model} on {@code data} for {@code epochs} epochs (counting any restored from a checkpoint). */
    public Result fit(JavaSparkContext sc, JavaRDD<SparkSample> data, Module model, int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("SparkTrainer: epochs must be >= 0, got " + epochs);
        int n = workers != null ? workers : sc.defaultParallelism();
        FlatState flat = new FlatState(model);
        String run = UUID.randomUUID().toString();
        String modelJson = ConfigJson.toJson(model.config()), lossJson = ConfigJson.toJson(loss.config());
        int rowSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);

        JavaPairRDD<SparkSample, Long> indexed = data.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long count = indexed.count();
            if (count == 0) throw new IllegalArgumentException("SparkTrainer: the training data is empty");
            if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("SparkTrainer: " + count + " samples exceed the 2^31 − 1 a sampler indexes");
            EpochSharding sharding = new EpochSharding((int) count, batchSize, n, shuffle, seed, dropLast);
            ShardStep work = new ShardStep(run, modelJson, lossJson, inputShape, rowSize, sharding);

            History history = new History();
            int first = 0;
            long steps = 0;
            HadoopCheckpoints store = checkpointDir == null ? null : new HadoopCheckpoints(checkpointDir, sc.hadoopConfiguration());
            if (store != null && store.exists()) {
                Checkpoint.Info info = store.load(model, optimizer, scheduler);
                first = info.getEpoch();
                steps = info.getStep();
                if (info.getHistory() != null) history = info.getHistory();
            }
            boolean[] stop = {false};
            Callback.Control control = reason -> stop[0] = true;
            for (Callback c : callbacks) c.onTrainBegin(model);
            for (int epoch = first; epoch < epochs && !stop[0]; epoch++) {
                for (Callback c : callbacks) c.onEpochBegin(epoch);
                steps = trainEpoch(sc, indexed, sharding, work, model, flat, epoch, epochs, steps, history);
                if (store != null) store.save(model, optimizer, scheduler, epoch + 1, steps, history);
                Map<String, Double> logs = new LinkedHashMap<>();
                for (String name : history.metricNames()) logs.put(name, history.last(name));
                for (Callback c : callbacks) c.onEpochEnd(epoch, logs, control);
            }
            for (Callback c : callbacks) c.onTrainEnd(model, history);
            return new Result(model, history);
        } finally {
            indexed.unpersist(false);
        }
    }

    private long trainEpoch(JavaSparkContext sc, JavaPairRDD<SparkSample, Long> indexed, EpochSharding sharding, ShardStep work,
                            Module model, FlatState flat, int epoch, int epochs, long steps, History history) {
        int stepsPerEpoch = sharding.steps(), n = sharding.workers();
        for (TrainingListener l : listeners) l.onEpochStart(epoch, epochs, stepsPerEpoch);
        long start = System.nanoTime();
        JavaRDD<WorkerShard> shards = epochShards(indexed, sharding, epoch).persist(StorageLevel.MEMORY_AND_DISK());
        double lossSum = 0;
        long correct = 0, seen = 0;
        boolean classifying = true;
        try {
            for (int s = 0; s < stepsPerEpoch; s++) {
                Broadcast<float[]> weights = sc.broadcast(flat.weights());
                int step = s;
                List<ShardResult> results;
                try {
                    results = shards.map(shard -> work.run(shard, step, weights.value())).collect();
                } finally {
                    weights.destroy();
                }
                float[] gradient = new float[flat.paramCount()];
                List<float[]> buffers = new ArrayList<>(n);
                double[] share = new double[n];
                double stepLoss = 0;
                int batch = sharding.batchOf(s);
                for (int w = 0; w < n; w++) {    // results come in partition order: the sum's order never depends on timing
                    ShardResult r = results.get(w);
                    if (r.worker() != w) throw new IllegalStateException("SparkTrainer: result of worker " + r.worker() + " in slot " + w);
                    float[] g = r.gradient();
                    for (int i = 0; i < gradient.length; i++) gradient[i] += g[i];
                    buffers.add(r.buffers());
                    share[w] = (double) r.count() / batch;
                    stepLoss += r.lossSum();
                    if (r.correct() < 0) classifying = false;
                    else correct += r.correct();
                }
                double meanLoss = loss.reduction == Reduction.SUM ? stepLoss : stepLoss / batch;
                if (stopOnNonFinite && !Double.isFinite(meanLoss))
                    throw new IllegalStateException("SparkTrainer: the loss is " + meanLoss + " at epoch " + (epoch + 1) + ", batch " + (s + 1)
                            + "; lower the learning rate or check the inputs");
                optimizer.zeroGrad();
                flat.setGradients(gradient);
                if (flat.bufferCount() > 0) flat.loadBuffers(flat.mergeBuffers(buffers, share));
                optimizer.step();
                if (scheduler instanceof LRScheduler ls && schedulerPerBatch) ls.step();
                steps++;
                for (Callback c : callbacks) c.onBatchEnd(epoch, s, meanLoss);
                lossSum += meanLoss * batch;
                seen += batch;
                if (!listeners.isEmpty()) {
                    double rate = seen / Math.max((System.nanoTime() - start) / 1e9, 1e-9);
                    Map<String, Double> running = logs(lossSum, classifying ? correct : -1, seen);
                    for (TrainingListener l : listeners) l.onBatch(epoch, s, stepsPerEpoch, running, rate);
                }
            }
        } finally {
            shards.unpersist(false);
        }
        Map<String, Double> logs = logs(lossSum, classifying ? correct : -1, seen);
        if (validation != null)
            for (Map.Entry<String, Double> e : Trainer.evaluate(model, validation, loss, validationMetrics.toArray(new Metric[0])).entrySet())
                logs.put("val_" + e.getKey(), e.getValue());
        if (scheduler instanceof LRScheduler ls && !schedulerPerBatch) ls.step();
        if (scheduler instanceof ReduceLROnPlateau p) {
            Double v = logs.get(plateauMonitor);
            if (v == null) throw new IllegalStateException("SparkTrainer: ReduceLROnPlateau monitors '" + plateauMonitor
                    + "', which is not logged (logs have " + logs.keySet() + ")");
            p.step(v);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (TrainingListener l : listeners) l.onEpochEnd(epoch, epochs, logs, seconds, seen / seconds);
        history.addEpoch(logs);
        return steps;
    }

    /** "loss" (the per-sample mean over the epoch so far) and "accuracy" (when every output was (N, C) scores). */
    private static Map<String, Double> logs(double lossSum, long correct, long seen) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", lossSum / seen);
        if (correct >= 0) out.put("accuracy", (double) correct / seen);
        return out;
    }

    /**
     * Places epoch {@code epoch}'s samples: each goes to the worker the sampler gives its position, through one
     * shuffle (Spark moves each sample once per epoch), and each worker's samples are sorted by position.
     */
    static JavaRDD<WorkerShard> epochShards(JavaPairRDD<SparkSample, Long> indexed, EpochSharding sharding, int epoch) {
        JavaPairRDD<Integer, WorkerShard.Placed> placed = indexed.mapPartitionsToPair(rows -> {
            int[] positions = sharding.positions(epoch);
            List<Tuple2<Integer, WorkerShard.Placed>> out = new ArrayList<>();
            while (rows.hasNext()) {
                Tuple2<SparkSample, Long> row = rows.next();
                int position = positions[(int) (long) row._2()];
                int worker = sharding.workerOf(position);
                if (worker >= 0) out.add(new Tuple2<>(worker, new WorkerShard.Placed(position, row._1())));
            }
            return out.iterator();
        });
        return placed.partitionBy(new HashPartitioner(sharding.workers())).mapPartitionsWithIndex((worker, rows) -> {
            List<WorkerShard.Placed> mine = new ArrayList<>();
            while (rows.hasNext()) mine.add(rows.next()._2());
            Iterator<WorkerShard> one = List.of(new WorkerShard(worker, mine)).iterator();
            return one;
        }, true);
    }
}
