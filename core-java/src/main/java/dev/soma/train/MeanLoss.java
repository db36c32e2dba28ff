package dev.soma.train;

import dev.soma.tensor.Tensor;

/** The loss averaged over samples (batch means weighted by batch size), logged as "loss". */
public final class MeanLoss implements Metric {
    private double sum;
    private long count;

    @Override public String name() { return "loss"; }

    @Override public void reset() { sum = 0; count = 0; }

    @Override public void update(Tensor outputs, Tensor targets, double loss) {
        int n = outputs.dim() == 0 ? 1 : outputs.size(0);
        sum += loss * n;
        count += n;
    }

    @Override public double value() { return count == 0 ? Double.NaN : sum / count; }

    @Override public Metric copy() { return new MeanLoss(); }
}
