package dev.soma.kernel;

import java.util.Arrays;

/**
 * The spatial geometry of one convolution, for 1, 2 or 3 spatial dims held as three (depth, height, width) with the
 * missing leading dims of size 1: the image size, kernel size, stride, padding before each dim, dilation and the
 * column count (output size) per dim. A transposed convolution uses the geometry of the convolution it is the adjoint
 * of: its output is the image, its input the columns.
 */
public final class ConvGeometry {
    static final int DIMS = 3;
    final int[] in, kernel, stride, pad, dilation, out;

    private ConvGeometry(int[] in, int[] kernel, int[] stride, int[] pad, int[] dilation, int[] out) {
        this.in = in;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
        this.dilation = dilation;
        this.out = out;
    }

    /**
     * Geometry from per-dim arrays of one rank r ≤ 3 (validated by the caller, which names the op): image size, kernel,
     * stride, padding before, dilation and output size.
     */
    public static ConvGeometry of(int[] in, int[] kernel, int[] stride, int[] padBefore, int[] dilation, int[] out) {
        int r = in.length;
        if (r < 1 || r > DIMS || kernel.length != r || stride.length != r || padBefore.length != r || dilation.length != r
                || out.length != r)
            throw new IllegalArgumentException("ConvGeometry: expected 1 to 3 spatial dims in every array, got in=" + Arrays.toString(in)
                    + ", kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                    + Arrays.toString(padBefore) + ", dilation=" + Arrays.toString(dilation) + ", out=" + Arrays.toString(out));
        return new ConvGeometry(lift(in, 1), lift(kernel, 1), lift(stride, 1), lift(padBefore, 0), lift(dilation, 1), lift(out, 1));
    }

    private static int[] lift(int[] a, int fill) {
        int[] r = new int[DIMS];
        Arrays.fill(r, fill);
        System.arraycopy(a, 0, r, DIMS - a.length, a.length);
        return r;
    }

    /** Elements of one image channel. */
    public int imageSize() { return in[0] * in[1] * in[2]; }

    /** Kernel taps per channel. */
    public int kernelSize() { return kernel[0] * kernel[1] * kernel[2]; }

    /** Output positions (columns of the column matrix). */
    public int columns() { return out[0] * out[1] * out[2]; }

    /** Whether the column matrix is the image itself: a 1×1 kernel with stride 1 and no padding. */
    boolean isPointwise() {
        for (int d = 0; d < DIMS; d++)
            if (kernel[d] != 1 || stride[d] != 1 || pad[d] != 0 || out[d] != in[d]) return false;
        return true;
    }
}
