package dev.soma.tensor;

/**
 * torch.nn.functional.pad: {@code pad} lists (left, right) amounts from the last dimension backwards. Constant
 * padding takes any number of dims and crops where amounts are negative; reflect, replicate and circular pad
 * the last 1–3 dims of (N, C, …) or (C, …) inputs under PyTorch 1.13's rules. Every mode is one index map per
 * dimension, so the backward rule accumulates each output gradient into the source element it was read from.
 */
public final class Padding {
    private Padding() {}

    /** Pads with zeros (F.pad with mode "constant", value 0). */
    public static Tensor pad(Tensor x, int[] pad) { return pad(x, pad, "constant", 0f); }

    /** F.pad(input, pad, mode, value): mode is "constant", "reflect", "replicate" or "circular"; value only for constant. */
    public static Tensor pad(Tensor x, int[] pad, String mode, float value) {
        int rank = x.shape.length;
        if (pad.length % 2 != 0)
            throw new IllegalArgumentException("pad(): Padding length must be divisible by 2, got " + pad.length + " values");
        int k = pad.length / 2;
        if (k > rank)
            throw new IllegalArgumentException("pad(): Padding length too large: " + pad.length + " values pad " + k
                    + " dimensions but the input of shape " + Shape.str(x.shape) + " has " + rank);
        if (mode == null) throw new IllegalArgumentException("pad(): mode must not be null");
        switch (mode) {
            case "constant": return constant(x, pad, value);
            case "reflect": case "replicate": case "circular": break;
            default: throw new IllegalArgumentException("pad(): Unrecognised padding mode '" + mode
                    + "' (expected constant, reflect, replicate or circular)");
        }
        if (value != 0f)
            throw new IllegalArgumentException("pad(): Padding mode \"" + mode + "\" doesn't take in value argument (got " + value + ")");
        if (k < 1 || k > 3 || rank < k + 1 || rank > k + 2)
            throw new IllegalArgumentException("pad(): mode \"" + mode + "\" with " + pad.length + " padding values expects a " + (k + 1)
                    + "-d or " + (k + 2) + "-d input, got shape " + Shape.str(x.shape)
                    + " (Only 2D, 3D, 4D, 5D padding with non-constant padding are supported)");
        boolean batched = rank == k + 2;
        if (mode.equals("circular")) {
            if (!batched)
                throw new IllegalArgumentException("pad(): circular padding with " + pad.length + " values expects a batched " + (k + 2)
                        + "-d (N, C, ...) input, got shape " + Shape.str(x.shape));
        } else {
            for (int d = batched ? 1 : 0; d < rank; d++)
                if (x.shape[d] == 0)
                    throw new IllegalArgumentException("pad(): mode \"" + mode + "\" expects non-zero sizes in every dimension but the batch "
                            + "dimension, got input of shape " + Shape.str(x.shape));
        }
        int[][] maps = ShapeOps.identityMaps(x.shape);
        for (int i = 0; i < k; i++) {
            int d = rank - 1 - i, size = x.shape[d], l = pad[2 * i], r = pad[2 * i + 1];
            long outSize = (long) size + l + r;
            if (mode.equals("reflect") && (l >= size || r >= size))
                throw new IllegalArgumentException("pad(): Padding size should be less than the corresponding input dimension, but got: padding ("
                        + l + ", " + r + ") at dimension " + d + " of input " + Shape.str(x.shape));
            if (mode.equals("circular")) {
                int cropped = size - Math.max(-l, 0) - Math.max(-r, 0);
                if (l > size || r > size || cropped < 0 || Math.max(l, 0) > cropped || Math.max(r, 0) > cropped)
                    throw new IllegalArgumentException("pad(): Padding value causes wrapping around more than once: padding (" + l + ", "
                            + r + ") at dimension " + d + " of input " + Shape.str(x.shape));
            } else if (outSize < 1) {
                throw new IllegalArgumentException("pad(): input size " + size + " at dimension " + d + " is too small for padding (" + l
                        + ", " + r + "): calculated output size " + outSize);
            }
            maps[d] = dimMap(mode, size, l, r, (int) outSize);
        }
        String name = mode.equals("reflect") ? "ReflectionPadBackward" : mode.equals("replicate") ? "ReplicationPadBackward" : "CircularPadBackward";
        return ShapeOps.remap(name, x, maps, 0f);
    }

    /** Source index along one dim for each output position, for the non-constant modes. */
    private static int[] dimMap(String mode, int size, int l, int r, int outSize) {
        int[] m = new int[outSize];
        int cropL = Math.max(-l, 0), kept = size - cropL - Math.max(-r, 0), padL = Math.max(l, 0);
        for (int o = 0; o < outSize; o++) {
            int i = o - l;
            switch (mode) {
                case "reflect":
                    if (i < 0) i = -i;
                    if (i >= size) i = 2 * (size - 1) - i;
                    break;
                case "replicate":
                    i = Math.max(0, Math.min(size - 1, i));
                    break;
                default:    // circular: wrap within what remains after cropping, as PyTorch does
                    i = cropL + Math.floorMod(o - padL, kept);
            }
            m[o] = i;
        }
        return m;
    }

    private static Tensor constant(Tensor x, int[] pad, float value) {
        int rank = x.shape.length;
        int[][] maps = ShapeOps.identityMaps(x.shape);
        for (int i = 0; i < pad.length / 2; i++) {
            int d = rank - 1 - i, size = x.shape[d], l = pad[2 * i], r = pad[2 * i + 1];
            long outSize = (long) size + l + r;
            if (outSize < 0)
                throw new IllegalArgumentException("pad(): The input size " + size + ", plus negative padding " + l + " and " + r
                        + " resulted in a negative output size, which is invalid. Check dimension " + d + " of your input "
                        + Shape.str(x.shape) + ".");
            int[] m = new int[(int) outSize];
            for (int o = 0; o < m.length; o++) {
                int src = o - l;
                m[o] = src >= 0 && src < size ? src : -1;
            }
            maps[d] = m;
        }
        float fill = x.dtype == DType.FLOAT32 ? value : x.dtype == DType.BOOL ? (value != 0f ? 1f : 0f) : (float) (long) value;
        return ShapeOps.remap("ConstantPadNdBackward", x, maps, fill);
    }
}
