package dev.soma.kernel;

/**
 * Between an image (channels × depth × height × width, row-major) and its column matrix (rows: channel and kernel
 * tap, c·K + (kd·KH + kh)·KW + kw; columns: output positions, row-major): im2col copies, col2im adds back. Taps that
 * fall in the padding read as zero and are dropped on the way back. Within one output row the valid range of
 * positions is worked out once, so the inner loop is a copy.
 */
final class Im2Col {
    private Im2Col() {}

    /** col[colOff + row·L + j] for channels [0, channels) of the image at x[xOff]. */
    static void im2col(ConvGeometry g, int channels, float[] x, int xOff, float[] col, int colOff) {
        walk(g, channels, x, xOff, col, colOff, false);
    }

    /** x[xOff + …] += the column matrix's entries, each to the image element it was read from. */
    static void col2im(ConvGeometry g, int channels, float[] col, int colOff, float[] x, int xOff) {
        walk(g, channels, x, xOff, col, colOff, true);
    }

    private static void walk(ConvGeometry g, int channels, float[] x, int xOff, float[] col, int colOff, boolean back) {
        int id = g.in[0], ih = g.in[1], iw = g.in[2];
        int od = g.out[0], oh = g.out[1], ow = g.out[2], cols = od * oh * ow;
        int kd = g.kernel[0], kh = g.kernel[1], kw = g.kernel[2];
        int sd = g.stride[0], sh = g.stride[1], sw = g.stride[2];
        int pd = g.pad[0], ph = g.pad[1], pw = g.pad[2];
        int dd = g.dilation[0], dh = g.dilation[1], dw = g.dilation[2];
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int image = xOff + c * id * ih * iw;
            for (int a = 0; a < kd; a++) for (int b = 0; b < kh; b++) for (int e = 0; e < kw; e++, row++) {
                int base = colOff + row * cols;
                int shift = e * dw - pw;                             // iw = j·sw + shift
                int lo = Math.max(0, ceilDiv(-shift, sw)), hi = Math.min(ow, ceilDiv(iw - shift, sw));
                if (hi < lo) hi = lo;
                for (int z = 0; z < od; z++) {
                    int zi = z * sd - pd + a * dd;
                    for (int y = 0; y < oh; y++) {
                        int yi = y * sh - ph + b * dh, dst = base + (z * oh + y) * ow;
                        if (zi < 0 || zi >= id || yi < 0 || yi >= ih) {
                            if (!back) for (int j = 0; j < ow; j++) col[dst + j] = 0f;
                            continue;
                        }
                        int src = image + (zi * ih + yi) * iw + shift;   // + j·sw
                        // Plain loops, not Arrays.fill/arraycopy: rows are often short (16 wide), where the calls cost
                        // more than the copy (40% of a grouped convolution's profile), and C2 vectorises these.
                        if (back) {
                            if (sw == 1) for (int j = lo; j < hi; j++) x[src + j] += col[dst + j];
                            else for (int j = lo; j < hi; j++) x[src + j * sw] += col[dst + j];
                        } else {
                            for (int j = 0; j < lo; j++) col[dst + j] = 0f;
                            if (sw == 1) for (int j = lo; j < hi; j++) col[dst + j] = x[src + j];
                            else for (int j = lo; j < hi; j++) col[dst + j] = x[src + j * sw];
                            for (int j = hi; j < ow; j++) col[dst + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    // ⌈a / b⌉ for b > 0 and any sign of a.
    private static int ceilDiv(int a, int b) { return -Math.floorDiv(-a, b); }
}
