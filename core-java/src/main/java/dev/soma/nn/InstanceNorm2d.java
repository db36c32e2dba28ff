package dev.soma.nn;

/** torch.nn.InstanceNorm2d: per-sample, per-channel normalisation of (N, C, H, W) or (C, H, W) inputs; see {@link InstanceNormNd}. */
public final class InstanceNorm2d extends InstanceNormNd {
    /** eps 1e-5, momentum 0.1, no affine weights, no running statistics (PyTorch's defaults). */
    public InstanceNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, false, false); }

    public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(2, numFeatures, eps, momentum, affine, trackRunningStats);
    }

    static InstanceNorm2d fromConfig(Config c) {
        return new InstanceNorm2d(c.getInt("num_features"), c.getDouble("eps", 1e-5), c.getDouble("momentum", 0.1),
                c.getBoolean("affine", false), c.getBoolean("track_running_stats", false));
    }
}
