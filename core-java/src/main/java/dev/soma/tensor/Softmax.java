package dev.soma.tensor;

import dev.soma.autograd.Graph;

/**
 * softmax and log_softmax along one dimension. Each lane is shifted by its maximum before exponentiating, so
 * large logits never overflow and log_softmax never takes the log of an underflowed probability.
 */
public final class Softmax {
    private Softmax() {}

    /** exp(x − max) / Σ exp(x − max) along dim; torch.softmax. Backward: y ⊙ (g − Σ g ⊙ y). */
    public static Tensor softmax(Tensor x, int dim) {
        Ops.requireFloat("softmax", x);
        int d = Shape.wrapDim(dim, x.dim());
        Tensor y = normalizeLanes(x, d, false);
        return Graph.record("SoftmaxBackward", y, new Tensor[] {x}, (g, n) -> {
            Tensor gy = g.mul(y);
            return new Tensor[] {gy.sub(y.mul(Reductions.sum(gy, new int[] {d}, true)))};
        }, y);
    }

    /** x − max − log Σ exp(x − max) along dim; torch.log_softmax. Backward: g − softmax ⊙ Σ g. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        Ops.requireFloat("log_softmax", x);
        int d = Shape.wrapDim(dim, x.dim());
        Tensor y = normalizeLanes(x, d, true);
        return Graph.record("LogSoftmaxBackward", y, new Tensor[] {x},
                (g, n) -> new Tensor[] {g.sub(y.exp().mul(Reductions.sum(g, new int[] {d}, true)))}, y);
    }

    /** Each lane along d shifted by its max, then divided by (or, for log, minus the log of) its sum of exponentials. */
    private static Tensor normalizeLanes(Tensor x, int d, boolean log) {
        Lanes lanes = Lanes.of(x, d);
        float[] v = lanes.data;
        for (int o = 0; o < lanes.count; o++) {
            int b = o * lanes.length, end = b + lanes.length;
            float m = laneMax(v, b, lanes.length);
            double s = 0;
            if (log) {
                // (x − max) − log Σ exp(x − max): subtracting the max first keeps the result's low digits.
                for (int i = b; i < end; i++) s += Math.exp(v[i] - m);
                float logS = (float) Math.log(s);
                for (int i = b; i < end; i++) v[i] = (v[i] - m) - logS;
            } else {
                for (int i = b; i < end; i++) s += v[i] = (float) Math.exp(v[i] - m);
                float inv = (float) (1.0 / s);
                for (int i = b; i < end; i++) v[i] *= inv;
            }
        }
        return lanes.toTensor(v, DType.FLOAT32);
    }

    private static float laneMax(float[] v, int b, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = b; i < b + n; i++) if (v[i] > m) m = v[i];
        return Float.isInfinite(m) ? 0f : m;    // an all −∞ lane (or one with +∞) is left to exp's IEEE rules
    }
}
