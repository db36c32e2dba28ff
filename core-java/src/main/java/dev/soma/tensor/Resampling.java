package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.ResampleKernel;
import dev.soma.kernel.ResampleKernel.Axis;
import java.util.Arrays;

/**
 * torch.nn.functional.interpolate (modes nearest, nearest-exact, linear, bilinear, trilinear) over (N, C, spatial…)
 * inputs of 1–3 spatial dims, and pixel_shuffle / pixel_unshuffle, which only rearrange elements and so are views and
 * a permute.
 */
public final class Resampling {
    private Resampling() {}

    /**
     * Resizes x (N, C, in…) to {@code size} (one value or one per dim) or by {@code scaleFactor} (one or one per dim;
     * output floor(in·s), sampled at the scale 1/s), exactly one of them non-null. alignCorners (null = None, meaning
     * false) only applies to the linear modes: true maps the corner pixels' centres onto each other.
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        String op = "interpolate";
        Ops.requireFloat(op, x);
        int[] outShape = interpolateShape(x.shape, size, scaleFactor, mode, alignCorners);
        int rank = x.dim() - 2;
        boolean linear = !mode.startsWith("nearest"), align = alignCorners != null && alignCorners;
        Axis[] axes = {Axis.identity(), Axis.identity(), Axis.identity()};
        for (int i = 0; i < rank; i++) {
            int in = x.shape[2 + i], out = outShape[2 + i];
            double sf = scaleFactor == null ? 0 : scaleFactor.length == 1 ? scaleFactor[0] : scaleFactor[i];
            float scale = linear && align ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f)
                    : sf > 0 ? (float) (1.0 / sf) : (float) in / out;
            axes[3 - rank + i] = linear ? Axis.linear(in, out, scale, align) : Axis.nearest(in, out, scale, mode.equals("nearest-exact"));
        }
        int planes = x.shape[0] * x.shape[1];
        float[] yd = new float[Shape.numel(outShape)];
        ResampleKernel.forward(planes, axes[0], axes[1], axes[2], Ops.dense(x.detach()), yd);
        int[] in = x.shape.clone();
        String name = (linear ? "Upsample" + new String[] {"Linear1D", "Bilinear2D", "Trilinear3D"}[rank - 1]
                : "UpsampleNearest" + rank + "D") + "Backward0";
        return Graph.record(name, Tensor.wrap(yd, outShape), new Tensor[] {x}, (gy, need) -> {
            float[] dx = new float[Shape.numel(in)];
            ResampleKernel.backward(planes, axes[0], axes[1], axes[2], Ops.dense(gy), dx);
            return new Tensor[] {Tensor.wrap(dx, in)};
        });
    }

    /** The output shape of {@link #interpolate}, raising PyTorch's errors for bad arguments. */
    public static int[] interpolateShape(int[] x, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        String op = "interpolate";
        if (mode == null || !Arrays.asList("nearest", "nearest-exact", "linear", "bilinear", "trilinear").contains(mode))
            throw new IllegalArgumentException(op + ": mode must be one of nearest, nearest-exact, linear, bilinear or trilinear, got '"
                    + mode + "'");
        if (x.length < 3 || x.length > 5)
            throw new IllegalArgumentException(op + ": Input Error: Only 3D, 4D and 5D input Tensors supported (got " + x.length
                    + "D) for the modes: nearest | linear | bilinear | trilinear | nearest-exact (got " + mode + ")");
        int rank = x.length - 2;
        int need = switch (mode) { case "linear" -> 1; case "bilinear" -> 2; case "trilinear" -> 3; default -> rank; };
        if (need != rank)
            throw new IllegalArgumentException(op + ": Got " + x.length + "D input, but " + mode + " mode needs " + (need + 2) + "D input");
        if (alignCorners != null && mode.startsWith("nearest"))
            throw new IllegalArgumentException(op + ": align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | bicubic | trilinear");
        if ((size == null) == (scaleFactor == null))
            throw new IllegalArgumentException(op + ": " + (size == null ? "either size or scale_factor should be defined"
                    : "only one of size or scale_factor should be defined"));
        int[] out = x.clone();
        if (size != null && size.length != 1 && size.length != rank)
            throw new IllegalArgumentException(op + ": Input and output must have the same number of spatial dimensions, but got input "
                    + "with spatial dimensions of " + Shape.str(Arrays.copyOfRange(x, 2, x.length)) + " and output size of " + Shape.str(size)
                    + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.");
        if (scaleFactor != null && scaleFactor.length != 1 && scaleFactor.length != rank)
            throw new IllegalArgumentException(op + ": Input and scale_factor must have the same number of spatial dimensions, but got "
                    + "input with spatial dimensions of " + Shape.str(Arrays.copyOfRange(x, 2, x.length)) + " and scale_factor of shape "
                    + Arrays.toString(scaleFactor) + ".");
        for (int i = 0; i < rank; i++) {
            if (size != null) {
                out[2 + i] = size.length == 1 ? size[0] : size[i];
            } else {
                double s = scaleFactor.length == 1 ? scaleFactor[0] : scaleFactor[i];
                if (!(s > 0)) throw new IllegalArgumentException(op + ": scale_factor must be positive, got " + Arrays.toString(scaleFactor));
                out[2 + i] = (int) Math.floor(x[2 + i] * s);
            }
            if (out[2 + i] <= 0 || x[2 + i] <= 0)
                throw new IllegalArgumentException(op + ": Input and output sizes should be greater than 0, but got input ("
                        + Shape.str(Arrays.copyOfRange(x, 2, x.length)) + ") and output (" + Shape.str(Arrays.copyOfRange(out, 2, out.length)) + ")");
        }
        return out;
    }

    /** (*, C·r², H, W) to (*, C, H·r, W·r) (torch.nn.functional.pixel_shuffle). */
    public static Tensor pixelShuffle(Tensor x, int upscaleFactor) {
        int[] out = pixelShuffleShape(x.shape, upscaleFactor);
        int r = upscaleFactor, d = x.dim(), c = out[d - 3], h = x.shape[d - 2], w = x.shape[d - 1];
        int lead = x.numel() == 0 ? 0 : x.numel() / (x.shape[d - 3] * h * w);
        if (x.numel() == 0) return Tensor.zeros(out);
        return x.reshape(lead, c, r, r, h, w).permute(0, 1, 4, 2, 5, 3).reshape(out);
    }

    /** (*, C, H·r, W·r) to (*, C·r², H, W) (torch.nn.functional.pixel_unshuffle). */
    public static Tensor pixelUnshuffle(Tensor x, int downscaleFactor) {
        int[] out = pixelUnshuffleShape(x.shape, downscaleFactor);
        int r = downscaleFactor, d = x.dim(), c = x.shape[d - 3], h = out[d - 2], w = out[d - 1];
        if (x.numel() == 0) return Tensor.zeros(out);
        int lead = x.numel() / (c * h * r * w * r);
        return x.reshape(lead, c, h, r, w, r).permute(0, 1, 3, 5, 2, 4).reshape(out);
    }

    /** The output shape of {@link #pixelShuffle}, raising PyTorch's errors. */
    public static int[] pixelShuffleShape(int[] x, int r) {
        String op = "pixel_shuffle";
        if (x.length < 3)
            throw new IllegalArgumentException(op + ": expects input to have at least 3 dimensions, but got input with " + x.length
                    + " dimension(s)");
        if (r <= 0) throw new IllegalArgumentException(op + ": expects a positive upscale_factor, but got " + r);
        int d = x.length, c = x[d - 3];
        if (c % (r * r) != 0)
            throw new IllegalArgumentException(op + ": expects its input's 'channel' dimension to be divisible by the square of "
                    + "upscale_factor, but input.size(-3)=" + c + " is not divisible by " + r * r);
        int[] out = x.clone();
        out[d - 3] = c / (r * r);
        out[d - 2] = x[d - 2] * r;
        out[d - 1] = x[d - 1] * r;
        return out;
    }

    /** The output shape of {@link #pixelUnshuffle}, raising PyTorch's errors. */
    public static int[] pixelUnshuffleShape(int[] x, int r) {
        String op = "pixel_unshuffle";
        if (x.length < 3)
            throw new IllegalArgumentException(op + ": expects input to have at least 3 dimensions, but got input with " + x.length
                    + " dimension(s)");
        if (r <= 0) throw new IllegalArgumentException(op + ": expects a positive downscale_factor, but got " + r);
        int d = x.length;
        if (x[d - 2] % r != 0)
            throw new IllegalArgumentException(op + ": expects height to be divisible by downscale_factor, but input.size(-2)=" + x[d - 2]
                    + " is not divisible by " + r);
        if (x[d - 1] % r != 0)
            throw new IllegalArgumentException(op + ": expects width to be divisible by downscale_factor, but input.size(-1)=" + x[d - 1]
                    + " is not divisible by " + r);
        int[] out = x.clone();
        out[d - 3] = x[d - 3] * r * r;
        out[d - 2] = x[d - 2] / r;
        out[d - 1] = x[d - 1] / r;
        return out;
    }
}
