package dev.soma.nn;

import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.math.BigDecimal;

/**
 * What BatchNorm1d and BatchNorm2d share (PyTorch's _BatchNorm): per-channel normalisation with the batch statistics in
 * training and the running ones in eval. Parameters weight (ones) and bias (zeros) when affine; buffers running_mean
 * (zeros), running_var (ones) and num_batches_tracked (int64) when track_running_stats. Each training forward adds one
 * to num_batches_tracked and moves the running statistics by momentum, or by 1/num_batches_tracked (a cumulative
 * average) when momentum is null.
 */
public abstract class BatchNormNd extends NormBase {
    public final Double momentum;                    // null: cumulative average

    BatchNormNd(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, affine, trackRunningStats);
        this.momentum = momentum;
    }

    /** The input ranks this layer accepts, e.g. {2, 3} for BatchNorm1d; the channel dim is 1. */
    abstract int[] ranks();

    /** How the expected input reads in errors, e.g. (N, 3) or (N, 3, L). */
    abstract String expected();

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        boolean batchStats = isTraining() || !trackRunningStats;
        if (batchStats && x.numel() / numFeatures <= 1)
            throw new IllegalArgumentException(this + ": Expected more than 1 value per channel when training, got input size "
                    + Shape.str(x.shape()));
        double factor = momentum == null ? 0.0 : momentum;
        if (isTraining() && trackRunningStats) {
            float[] d = numBatchesTracked.storageArray();
            d[numBatchesTracked.storageOffset()] += 1;
            numBatchesTracked.markModified();
            if (momentum == null) factor = 1.0 / numBatchesTracked.item();
        }
        boolean useRunning = !isTraining() || trackRunningStats;
        return Functional.batchNorm(x, useRunning ? runningMean : null, useRunning ? runningVar : null, weight, bias,
                batchStats, factor, eps);
    }

    /** The input's shape: one of {@link #ranks()} with num_features channels in dim 1. */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        boolean rankOk = false;
        for (int r : ranks()) rankOk |= x.length == r;
        if (!rankOk || x[1] != numFeatures) throw shapeError(expected(), x);
        return x.clone();
    }

    @Override protected String extraRepr() {
        return numFeatures + ", eps=" + pyFloat(eps) + ", momentum=" + (momentum == null ? "None" : pyFloat(momentum))
                + ", affine=" + pyBool(affine) + ", track_running_stats=" + pyBool(trackRunningStats);
    }

    @Override public Config config() {
        return Config.of(typeName()).put("num_features", numFeatures).put("eps", eps).put("momentum", momentum)
                .put("affine", affine).put("track_running_stats", trackRunningStats);
    }

    static String pyBool(boolean b) { return b ? "True" : "False"; }

    /** A double as Python's repr prints it: 1e-05, 0.1, 1.0. */
    static String pyFloat(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String s = d.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
}
