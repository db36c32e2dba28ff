package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * torch.nn.GroupNorm: splits the C channels of (N, C, *) into num_groups groups and normalises each sample's group with
 * its mean and biased variance, then ·weight + bias per channel (ones and zeros initially) when affine.
 */
public final class GroupNorm extends Module {
    public final int numGroups, numChannels;
    public final double eps;
    public final boolean affine;
    public final Parameter weight, bias;             // null unless affine

    /** eps 1e-5, affine. */
    public GroupNorm(int numGroups, int numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels <= 0)
            throw new IllegalArgumentException("GroupNorm: num_groups and num_channels must be positive, got " + numGroups + " and " + numChannels);
        if (numChannels % numGroups != 0)
            throw new IllegalArgumentException("GroupNorm: num_channels must be divisible by num_groups (num_channels=" + numChannels
                    + ", num_groups=" + numGroups + ")");
        if (!(eps > 0)) throw new IllegalArgumentException("GroupNorm: eps must be positive, got " + eps);
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        weight = registerParameter("weight", affine ? Tensor.ones(numChannels) : null);
        bias = registerParameter("bias", affine ? Tensor.zeros(numChannels) : null);
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Functional.groupNorm(x, numGroups, weight, bias, eps);
    }

    /** The input's shape, (N, num_channels, *). */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        if (x.length < 2 || x[1] != numChannels) throw shapeError("(N, " + numChannels + ", *)", x);
        return x.clone();
    }

    @Override protected String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + BatchNormNd.pyFloat(eps) + ", affine=" + BatchNormNd.pyBool(affine);
    }

    @Override public Config config() {
        return Config.of("GroupNorm").put("num_groups", numGroups).put("num_channels", numChannels).put("eps", eps).put("affine", affine);
    }

    static GroupNorm fromConfig(Config c) {
        return new GroupNorm(c.getInt("num_groups"), c.getInt("num_channels"), c.getDouble("eps", 1e-5), c.getBoolean("affine", true));
    }
}
