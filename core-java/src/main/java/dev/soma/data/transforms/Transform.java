package dev.soma.data.transforms;

import dev.soma.tensor.Tensor;

/** A change applied to one sample's input tensor (an image (C, H, W), say), composable like torchvision's transforms. */
@FunctionalInterface
public interface Transform {
    Tensor apply(Tensor sample);

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) { return x -> next.apply(apply(x)); }

    /** The transforms applied in order (torchvision's Compose). */
    static Transform compose(Transform... ts) {
        return x -> {
            for (Transform t : ts) x = t.apply(x);
            return x;
        };
    }

    /** Scales byte-valued pixels 0–255 to floats in [0, 1] (the float half of ToTensor). */
    static Transform toFloat() { return x -> x.to(dev.soma.tensor.DType.FLOAT32).div(255f); }
}
