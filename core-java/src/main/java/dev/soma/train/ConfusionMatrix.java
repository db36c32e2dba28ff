package dev.soma.train;

import dev.soma.tensor.Tensor;

/** Counts of (true class, predicted class) pairs over outputs (N, C) and int64 targets; rows are true classes. */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) { counts = new long[classes][classes]; }

    /** Adds a batch: the prediction is the arg-max of each output row. */
    public void update(Tensor outputs, Tensor targets) {
        int c = counts.length;
        if (outputs.dim() != 2 || outputs.size(1) != c)
            throw new IllegalArgumentException("ConfusionMatrix(" + c + " classes): expected outputs (N, " + c + "), got "
                    + java.util.Arrays.toString(outputs.shape()));
        long[] predicted = outputs.argmax(1).toLongArray(), actual = targets.toLongArray();
        for (int i = 0; i < predicted.length; i++) {
            if (actual[i] < 0 || actual[i] >= c)
                throw new IllegalArgumentException("ConfusionMatrix: target " + actual[i] + " out of range [0, " + c + ")");
            counts[(int) actual[i]][(int) predicted[i]]++;
        }
    }

    /** counts[true][predicted], a copy. */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < out.length; i++) out[i] = counts[i].clone();
        return out;
    }

    /** The diagonal over the total. */
    public double accuracy() {
        long right = 0, all = 0;
        for (int i = 0; i < counts.length; i++)
            for (int j = 0; j < counts.length; j++) {
                all += counts[i][j];
                if (i == j) right += counts[i][j];
            }
        return all == 0 ? Double.NaN : (double) right / all;
    }

    /** A right-aligned table, true classes down, predictions across. */
    @Override public String toString() {
        int width = 5;
        for (long[] row : counts) for (long v : row) width = Math.max(width, Long.toString(v).length() + 1);
        StringBuilder sb = new StringBuilder(String.format("%" + width + "s", "t\\p"));
        for (int j = 0; j < counts.length; j++) sb.append(String.format("%" + width + "d", j));
        for (int i = 0; i < counts.length; i++) {
            sb.append('\n').append(String.format("%" + width + "d", i));
            for (long v : counts[i]) sb.append(String.format("%" + width + "d", v));
        }
        return sb.toString();
    }
}
