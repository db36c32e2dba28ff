package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * What the per-channel normalisations with running statistics share (PyTorch's _NormBase, under BatchNorm and
 * InstanceNorm): num_features and eps checked, weight (ones) and bias (zeros) when affine, and the buffers running_mean
 * (zeros), running_var (ones) and num_batches_tracked (int64) when track_running_stats.
 */
public abstract class NormBase extends Module {
    public final int numFeatures;
    public final double eps;
    public final boolean affine, trackRunningStats;
    public final Parameter weight, bias;             // null unless affine
    public final Tensor runningMean, runningVar, numBatchesTracked;   // null unless trackRunningStats

    NormBase(int numFeatures, double eps, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
        if (!(eps > 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be positive, got " + eps);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        weight = registerParameter("weight", affine ? Tensor.ones(numFeatures) : null);
        bias = registerParameter("bias", affine ? Tensor.zeros(numFeatures) : null);
        runningMean = registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
        runningVar = registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
        numBatchesTracked = registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.ofLongs(new long[] {0}) : null);
    }
}
