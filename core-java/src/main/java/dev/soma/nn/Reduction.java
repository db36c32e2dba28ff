package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** How a loss combines its per-element values (PyTorch's {@code reduction=}): none, mean or sum. */
public enum Reduction {
    NONE, MEAN, SUM;

    /** The reduction named as in PyTorch ("none", "mean", "sum"). */
    public static Reduction of(String name) {
        return switch (name) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            default -> throw new IllegalArgumentException(name + " is not a valid value for reduction (expected none, mean or sum)");
        };
    }

    /** PyTorch's name for this reduction. */
    public String torchName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** Applies the reduction to per-element losses. */
    public Tensor apply(Tensor perElement) {
        return switch (this) {
            case NONE -> perElement;
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
        };
    }
}
