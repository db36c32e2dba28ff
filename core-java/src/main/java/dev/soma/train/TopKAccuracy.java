package dev.soma.train;

import dev.soma.tensor.Tensor;

/**
 * The fraction of samples whose target class is among the k highest scores of outputs (N, C) (k = 1 is plain
 * accuracy, logged as "accuracy"; otherwise "top{k}_accuracy"). Ties are resolved toward the lower class index.
 */
public final class TopKAccuracy implements Metric {
    private final int k;
    private long correct, count;

    public TopKAccuracy(int k) {
        if (k < 1) throw new IllegalArgumentException("TopKAccuracy: k must be at least 1, got " + k);
        this.k = k;
    }

    /** Plain accuracy (k = 1). */
    public static TopKAccuracy accuracy() { return new TopKAccuracy(1); }

    @Override public String name() { return k == 1 ? "accuracy" : "top" + k + "_accuracy"; }

    @Override public void reset() { correct = 0; count = 0; }

    @Override public void update(Tensor outputs, Tensor targets, double loss) {
        if (outputs.dim() != 2 || targets.dim() != 1 || targets.size(0) != outputs.size(0))
            throw new IllegalArgumentException(name() + ": expected outputs (N, C) and targets (N), got "
                    + java.util.Arrays.toString(outputs.shape()) + " and " + java.util.Arrays.toString(targets.shape()));
        int n = outputs.size(0), c = outputs.size(1);
        float[] o = outputs.contiguous().toFloatArray();
        long[] t = targets.toLongArray();
        for (int i = 0; i < n; i++) {
            float target = o[i * c + (int) t[i]];
            int better = 0;
            for (int j = 0; j < c; j++) {
                float v = o[i * c + j];
                if (v > target || (v == target && j < t[i])) better++;
            }
            if (better < k) correct++;
        }
        count += n;
    }

    @Override public double value() { return count == 0 ? Double.NaN : (double) correct / count; }

    @Override public Metric copy() { return new TopKAccuracy(k); }
}
