package dev.soma.samples.spiral;

import dev.soma.autograd.GradMode;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * Fits a two-layer network (2 → 64 → 3, ReLU) to three interleaved spirals using only tensors and autograd:
 * forward, cross-entropy, backward, and a plain gradient-descent step written out by hand.
 */
public final class SpiralSample {
    /** The outcome of a training run. */
    public record Result(float firstLoss, float finalLoss, float accuracy) {}

    private SpiralSample() {}

    public static void main(String[] args) {
        Result r = train(300, 1000, 42, true);
        System.out.printf("final loss %.4f, training accuracy %.1f%%%n", r.finalLoss(), 100 * r.accuracy());
    }

    /** Three spirals of {@code perClass} points each, with Gaussian noise: x (3·perClass, 2), labels (3·perClass). */
    public static Tensor[] spirals(int perClass, Generator g) {
        int classes = 3, n = perClass * classes;
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                int k = c * perClass + i;
                double r = (double) i / Math.max(perClass - 1, 1);
                double t = c * 4.0 + 4.0 * r + 0.2 * g.nextGaussian();
                x[2 * k] = (float) (r * Math.sin(t));
                x[2 * k + 1] = (float) (r * Math.cos(t));
                y[k] = c;
            }
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.ofLongs(y, n)};
    }

    /** Trains with full-batch gradient descent and returns the first and last loss and the accuracy. */
    public static Result train(int perClass, int steps, long seed, boolean print) {
        Generator g = new Generator(seed);
        Tensor[] data = spirals(perClass, g);
        Tensor x = data[0], labels = data[1];
        Tensor oneHot = Tensor.eye(3).indexSelect(0, labels);          // (N, 3) targets for cross-entropy

        int hidden = 64;
        Tensor w1 = Tensor.randn(g, 2, hidden).mul((float) Math.sqrt(2.0 / 2)).requiresGrad(true);
        Tensor b1 = Tensor.zeros(hidden).requiresGrad(true);
        Tensor w2 = Tensor.randn(g, hidden, 3).mul((float) Math.sqrt(1.0 / hidden)).requiresGrad(true);
        Tensor b2 = Tensor.zeros(3).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        float lr = 1.0f;

        float first = Float.NaN, loss = Float.NaN;
        for (int step = 0; step < steps; step++) {
            Tensor logits = x.matmul(w1).add(b1).relu().matmul(w2).add(b2);
            Tensor l = logits.logSoftmax(1).mul(oneHot).sum(1).mean().neg();   // mean cross-entropy
            l.backward();
            loss = l.item();
            if (step == 0) first = loss;
            if (print && (step % 100 == 0 || step == steps - 1)) System.out.printf("step %4d  loss %.4f%n", step, loss);
            try (var off = GradMode.noGrad()) {
                for (Tensor p : params) {
                    p.sub_(p.grad().mul(lr));
                    p.setGrad(null);
                }
            }
        }
        float accuracy;
        try (var off = GradMode.noGrad()) {
            Tensor predicted = x.matmul(w1).add(b1).relu().matmul(w2).add(b2).argmax(1, false);
            accuracy = predicted.eq(labels).to(dev.soma.tensor.DType.FLOAT32).mean().item();
        }
        return new Result(first, loss, accuracy);
    }
}
