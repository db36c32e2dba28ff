package dev.soma.nn;

import dev.soma.tensor.Resampling;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;

/**
 * torch.nn.Upsample: resizes (N, C, spatial…) inputs to a size or by a scale factor (exactly one given; one value or one
 * per dim) with mode nearest, nearest-exact, linear, bilinear or trilinear; align_corners (null = None) only for the
 * linear modes. See {@link Resampling#interpolate}.
 */
public final class Upsample extends Module {
    public final int[] size;                 // null when scaled
    public final double[] scaleFactor;       // null when sized
    public final String mode;
    public final Boolean alignCorners;       // null = None

    /** Nearest-neighbour upsampling by scaleFactor in every dim. */
    public Upsample(double scaleFactor) { this(null, new double[] {scaleFactor}, "nearest", null); }

    /** Upsampling by scaleFactor in every dim with mode (align_corners None). */
    public Upsample(double scaleFactor, String mode) { this(null, new double[] {scaleFactor}, mode, null); }

    /** Every argument of PyTorch's constructor. */
    public Upsample(int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        if ((size == null) == (scaleFactor == null))
            throw new IllegalArgumentException("Upsample: exactly one of size and scale_factor must be given");
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode == null ? "nearest" : mode;
        this.alignCorners = alignCorners;
        if (!java.util.List.of("nearest", "nearest-exact", "linear", "bilinear", "trilinear").contains(this.mode))
            throw new IllegalArgumentException("Upsample: mode must be one of nearest, nearest-exact, linear, bilinear or trilinear, got '"
                    + this.mode + "'");
        if (alignCorners != null && this.mode.startsWith("nearest"))
            throw new IllegalArgumentException("Upsample: align_corners can only be set with the linear modes, got mode '" + this.mode + "'");
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Resampling.interpolate(x, size, scaleFactor, mode, alignCorners);
    }

    /** (N, C, in…) to (N, C, size…) or (N, C, floor(in·scale_factor)…). */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        try {
            return Resampling.interpolateShape(x, size, scaleFactor, mode, alignCorners);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this + ": input " + Shape.str(x) + ": " + e.getMessage(), e);
        }
    }

    @Override protected String extraRepr() {
        String what = size != null ? "size=" + PoolArgs.py(size)
                : "scale_factor=" + (scaleFactor.length == 1 ? Double.toString(scaleFactor[0]) : pyDoubles(scaleFactor));
        return what + ", mode='" + mode + "'" + (alignCorners == null ? "" : ", align_corners=" + PoolArgs.py(alignCorners));
    }

    @Override public Config config() {
        Config c = Config.of("Upsample").put("size", size).put("scale_factor", scaleFactor).put("mode", mode);
        return alignCorners == null ? c : c.put("align_corners", (boolean) alignCorners);
    }

    static Upsample fromConfig(Config c) {
        return new Upsample(c.has("size") ? c.getInts("size") : null, c.has("scale_factor") ? c.getDoubles("scale_factor") : null,
                c.getString("mode", "nearest"), c.has("align_corners") ? (Boolean) c.getBoolean("align_corners") : null);
    }

    private static String pyDoubles(double[] v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(v[i]);
        return b.append(")").toString();
    }
}
