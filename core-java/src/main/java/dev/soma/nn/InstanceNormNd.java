package dev.soma.nn;

import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;

/**
 * What InstanceNorm1d and InstanceNorm2d share (PyTorch's _InstanceNorm): each (sample, channel) plane normalised with
 * its own mean and biased variance. affine (default off) adds weight and bias per channel; track_running_stats (default
 * off) keeps running_mean, running_var and num_batches_tracked, moved by momentum in training and used in eval.
 * Unbatched inputs (C, …) are accepted.
 */
public abstract class InstanceNormNd extends NormBase {
    public final double momentum;
    private final int rank;

    InstanceNormNd(int rank, int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, affine, trackRunningStats);
        this.rank = rank;
        this.momentum = momentum;
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        boolean batched = x.dim() == rank + 2;
        Tensor xb = batched ? x : x.unsqueeze(0);
        boolean inputStats = isTraining() || !trackRunningStats;
        long spatial = 1;
        for (int i = x.dim() - rank; i < x.dim(); i++) spatial *= x.size(i);
        if (inputStats && spatial <= 1)
            throw new IllegalArgumentException(this + ": Expected more than 1 spatial element when training, got input size "
                    + Shape.str(x.shape()));
        Tensor y = Functional.instanceNorm(xb, runningMean, runningVar, weight, bias, inputStats, momentum, eps);
        return batched ? y : y.squeeze(0);
    }

    /**
     * The input's shape: (N, C, …) or unbatched (C, …) with rank spatial dims. C must be num_features when there are
     * weights or running statistics per channel; otherwise any C is normalised (PyTorch only warns).
     */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        String sp = rank == 1 ? "L" : "H, W";
        boolean perChannel = affine || trackRunningStats;
        if ((x.length != rank + 1 && x.length != rank + 2) || (perChannel && x[x.length - rank - 1] != numFeatures))
            throw shapeError("(N, " + numFeatures + ", " + sp + ") or (" + numFeatures + ", " + sp + ")", x);
        return x.clone();
    }

    @Override protected String extraRepr() {
        return numFeatures + ", eps=" + BatchNormNd.pyFloat(eps) + ", momentum=" + BatchNormNd.pyFloat(momentum)
                + ", affine=" + BatchNormNd.pyBool(affine) + ", track_running_stats=" + BatchNormNd.pyBool(trackRunningStats);
    }

    @Override public Config config() {
        return Config.of(typeName()).put("num_features", numFeatures).put("eps", eps).put("momentum", momentum)
                .put("affine", affine).put("track_running_stats", trackRunningStats);
    }
}
