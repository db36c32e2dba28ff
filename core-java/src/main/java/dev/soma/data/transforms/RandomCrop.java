package dev.soma.data.transforms;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;

/**
 * Pads the last two dims by {@code padding} with {@code fill}, then cuts a random size×size window (torchvision
 * RandomCrop(size, padding)); the usual CIFAR augmentation is size 32, padding 4.
 */
public final class RandomCrop implements Transform {
    private final int size, padding;
    private final float fill;
    private final Generator g;

    public RandomCrop(int size, int padding, float fill, Generator g) {
        if (size < 1 || padding < 0) throw new IllegalArgumentException("RandomCrop: size must be >= 1 and padding >= 0, got " + size + ", " + padding);
        this.size = size;
        this.padding = padding;
        this.fill = fill;
        this.g = g;
    }

    @Override public Tensor apply(Tensor x) {
        if (x.dim() < 2) throw new IllegalArgumentException("RandomCrop: expected an image (…, H, W), got " + java.util.Arrays.toString(x.shape()));
        Tensor padded = padding == 0 ? x : x.pad(new int[] {padding, padding, padding, padding}, "constant", fill);
        int h = padded.size(-2), w = padded.size(-1);
        if (h < size || w < size)
            throw new IllegalArgumentException("RandomCrop: crop size " + size + " is larger than the padded image " + h + "x" + w);
        int top = (int) g.nextLong(h - size + 1), left = (int) g.nextLong(w - size + 1);
        return padded.narrow(-2, top, size).narrow(-1, left, size).contiguous();
    }
}
