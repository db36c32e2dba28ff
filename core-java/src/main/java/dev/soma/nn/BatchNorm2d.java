package dev.soma.nn;

/** torch.nn.BatchNorm2d: per-channel normalisation of (N, C, H, W) inputs; see {@link BatchNormNd}. */
public final class BatchNorm2d extends BatchNormNd {
    /** eps 1e-5, momentum 0.1, affine, tracking running statistics (PyTorch's defaults). */
    public BatchNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    /** Every argument of PyTorch's constructor; a null momentum makes the running statistics a cumulative average. */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override int[] ranks() { return new int[] {4}; }

    @Override String expected() { return "(N, " + numFeatures + ", H, W)"; }

    static BatchNorm2d fromConfig(Config c) {
        return new BatchNorm2d(c.getInt("num_features"), c.getDouble("eps", 1e-5), c.getNullableDouble("momentum", 0.1),
                c.getBoolean("affine", true), c.getBoolean("track_running_stats", true));
    }
}
