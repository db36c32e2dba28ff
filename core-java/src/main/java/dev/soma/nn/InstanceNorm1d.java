package dev.soma.nn;

/** torch.nn.InstanceNorm1d: per-sample, per-channel normalisation of (N, C, L) or (C, L) inputs; see {@link InstanceNormNd}. */
public final class InstanceNorm1d extends InstanceNormNd {
    /** eps 1e-5, momentum 0.1, no affine weights, no running statistics (PyTorch's defaults). */
    public InstanceNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(1, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    static InstanceNorm1d fromConfig(Config c) {
        return new InstanceNorm1d(c.getInt("num_features"), c.getDouble("eps", 1e-5), c.getDouble("momentum", 0.1),
                c.getBoolean("affine", false), c.getBoolean("track_running_stats", false));
    }
}
