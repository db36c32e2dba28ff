package dev.soma.data.transforms;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/** Mirrors the last dim (width) with probability p (torchvision RandomHorizontalFlip, p 0.5). */
public final class RandomHorizontalFlip implements Transform {
    private final double p;
    private final Generator g;

    public RandomHorizontalFlip(double p, Generator g) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        this.p = p;
        this.g = g;
    }

    @Override public Tensor apply(Tensor x) { return g.nextDouble() < p ? x.flip(-1) : x; }
}
