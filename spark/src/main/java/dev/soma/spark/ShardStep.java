package dev.soma.spark;

import dev.soma.data.Sample;
import dev.soma.data.Batch;
import dev.soma.nn.Reduction;
import dev.soma.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The work of one worker in one step, run inside a Spark task: load the step's weights into the replica, run
 * forward and backward on the worker's piece of the global batch, and return the gradient scaled by the piece's
 * share. A function of its inputs alone, so a retried task returns exactly what the failed one would have.
 */
final class ShardStep implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String run, modelJson, lossJson;
    private final int[] inputShape;
    private final int rowSize;
    private final EpochSharding sharding;

    ShardStep(String run, String modelJson, String lossJson, int[] inputShape, int rowSize, EpochSharding sharding) {
        this.rowSize = rowSize;
        this.run = run;
        this.modelJson = modelJson;
        this.lossJson = lossJson;
        this.inputShape = inputShape.clone();
        this.sharding = sharding;
    }

    /** Worker {@code shard.worker}'s result for global step {@code step} with the model at {@code weights}. */
    ShardResult run(WorkerShard shard, int step, float[] weights) {
        int w = shard.worker, count = sharding.shardSize(step, w);
        Replica r = Replica.of(run, w, modelJson, lossJson);
        synchronized (r) {
            r.state.loadWeights(weights);
            if (count == 0) return new ShardResult(w, 0, 0, 0, new float[r.state.paramCount()], r.state.buffers());
            Batch batch = batch(shard, sharding.shardStart(step, w), count);
            r.model.train();
            r.model.zeroGrad();
            Tensor out = r.model.forward(batch.inputs());
            Tensor loss = r.loss.forward(out, batch.targets());
            double value = loss.item();
            loss.backward();
            // A per-sample mean over the piece, weighted by the piece's share, adds up to the mean over the global batch.
            boolean mean = r.loss.reduction == Reduction.MEAN;
            float share = mean ? (float) count / sharding.batchOf(step) : 1f;
            return new ShardResult(w, count, mean ? value * count : value, correct(out, batch.targets()), r.state.gradients(share), r.state.buffers());
        }
    }

    private Batch batch(WorkerShard shard, int start, int count) {
        int first = shard.indexOf(start);
        List<Sample> samples = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            SparkSample s = shard.samples[i];
            if (s.features().length != rowSize)
                throw new IllegalArgumentException("SparkTrainer: a sample has " + s.features().length + " features, the input shape "
                        + java.util.Arrays.toString(inputShape) + " needs " + rowSize);
            samples.add(new Sample(Tensor.of(s.features(), inputShape), s.label()));
        }
        return Sample.collate(samples);
    }

    /** Rows whose largest output is at the label, for (N, C) outputs; −1 for any other output shape. */
    private static long correct(Tensor out, Tensor targets) {
        if (out.dim() != 2 || targets.dim() != 1) return -1;
        float[] o = out.detach().toFloatArray(), t = targets.toFloatArray();
        int n = out.size(0), c = out.size(1);
        long right = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (o[i * c + j] > o[i * c + best]) best = j;
            if (best == (int) t[i]) right++;
        }
        return right;
    }
}
