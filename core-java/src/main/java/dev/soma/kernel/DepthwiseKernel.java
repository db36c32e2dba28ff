package dev.soma.kernel;

import java.util.Arrays;

/**
 * Depthwise convolution (groups == in_channels, each input channel feeding {@code multiplier} output channels) run
 * directly, plane by plane: for each kernel tap, each output row adds tap·(input row shifted) with the valid range of
 * the row worked out once; at stride 1, on the padded grid of {@link ImplicitConvolution}, each tap is one long axpy
 * (or dot) over the whole plane. im2col would copy every input element K times to multiply it by a 1-row matrix. The
 * weight is (C·multiplier, 1, kernel…); planes split over the kernel threads, and each weight gradient is summed by
 * one thread over the batch in order.
 */
final class DepthwiseKernel {
    private static final int FORWARD = 0, INPUT = 1, WEIGHT = 2;

    private DepthwiseKernel() {}

    /** y = conv(x, w) + bias over every (sample, output channel) plane. */
    static void forward(ConvGeometry g, int batch, int channels, int multiplier, float[] x, float[] w, float[] bias, float[] y) {
        int cOut = channels * multiplier, image = g.imageSize(), cols = g.columns(), taps = g.kernelSize();
        if (ImplicitConvolution.applies(g)) {
            ImplicitConvolution.Grid grid = new ImplicitConvolution.Grid(g, 1, 1);
            int[] offsets = grid.rows[0];
            KernelThreads.forRange(batch * channels, (long) batch * cOut * cols * taps, (p0, p1) -> {
                Workspace ws = Workspace.get();
                float[] pad = ws.padded(grid.bufferSize(1)), acc = ws.columns(grid.positions);
                for (int p = p0; p < p1; p++) {
                    int n = p / channels, ci = p % channels;
                    grid.pad(x, p * image, 1, pad);
                    for (int m = 0; m < multiplier; m++) {
                        int co = ci * multiplier + m;
                        java.util.Arrays.fill(acc, 0, grid.positions, 0f);
                        // one long axpy per tap over the whole grid, instead of one per output row
                        for (int t = 0; t < taps; t++) Kernels.FLOAT.axpy(grid.positions, w[co * taps + t], pad, offsets[t], acc, 0);
                        grid.compact(acc, 1, bias, co, y, (n * cOut + co) * cols);
                    }
                }
            });
            return;
        }
        KernelThreads.forRange(batch * cOut, (long) batch * cOut * cols * taps, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int n = p / cOut, co = p % cOut, ci = co / multiplier;
                int yOff = p * cols;
                Arrays.fill(y, yOff, yOff + cols, bias == null ? 0f : bias[co]);
                plane(g, FORWARD, x, (n * channels + ci) * image, y, yOff, w, co * taps, null);
            }
        });
    }

    /** dx = the input gradient given gy (dx overwritten), one (sample, input channel) plane at a time. */
    static void backwardInput(ConvGeometry g, int batch, int channels, int multiplier, float[] gy, float[] w, float[] dx) {
        int cOut = channels * multiplier, image = g.imageSize(), cols = g.columns(), taps = g.kernelSize();
        if (ImplicitConvolution.applies(g)) {
            ImplicitConvolution.Grid grid = new ImplicitConvolution.Grid(g, 1, 1);
            int[] offsets = grid.rows[0];
            KernelThreads.forRange(batch * channels, (long) batch * cOut * cols * taps, (p0, p1) -> {
                Workspace ws = Workspace.get();
                float[] dpad = ws.padded(grid.bufferSize(1)), spread = ws.columns(grid.positions);
                for (int p = p0; p < p1; p++) {
                    int n = p / channels, ci = p % channels;
                    java.util.Arrays.fill(dpad, 0, grid.bufferSize(1), 0f);
                    for (int m = 0; m < multiplier; m++) {
                        int co = ci * multiplier + m;
                        grid.spread(gy, (n * cOut + co) * cols, 1, spread);
                        // the adjoint of the forward's axpys: each tap's run of the padded image gets w·(output gradient)
                        for (int t = 0; t < taps; t++) Kernels.FLOAT.axpy(grid.positions, w[co * taps + t], spread, 0, dpad, offsets[t]);
                    }
                    grid.crop(dpad, dx, p * image);
                }
            });
            return;
        }
        KernelThreads.forRange(batch * channels, (long) batch * cOut * cols * taps, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int n = p / channels, ci = p % channels, xOff = p * image;
                Arrays.fill(dx, xOff, xOff + image, 0f);
                for (int m = 0; m < multiplier; m++) {
                    int co = ci * multiplier + m;
                    plane(g, INPUT, dx, xOff, gy, (n * cOut + co) * cols, w, co * taps, null);
                }
            }
        });
    }

    /** dw = the weight gradient (dw overwritten): each output channel's taps summed over the batch in order, in double. */
    static void backwardWeight(ConvGeometry g, int batch, int channels, int multiplier, float[] x, float[] gy, float[] dw) {
        int cOut = channels * multiplier, image = g.imageSize(), cols = g.columns(), taps = g.kernelSize();
        if (ImplicitConvolution.applies(g)) {
            ImplicitConvolution.Grid grid = new ImplicitConvolution.Grid(g, 1, 1);
            int[] offsets = grid.rows[0];
            KernelThreads.forRange(cOut, (long) batch * cOut * cols * taps, (c0, c1) -> {
                Workspace ws = Workspace.get();
                float[] pad = ws.padded(grid.bufferSize(1)), spread = ws.columns(grid.positions);
                double[] acc = new double[taps];
                for (int co = c0; co < c1; co++) {
                    java.util.Arrays.fill(acc, 0);
                    int ci = co / multiplier;
                    for (int n = 0; n < batch; n++) {
                        grid.pad(x, (n * channels + ci) * image, 1, pad);
                        grid.spread(gy, (n * cOut + co) * cols, 1, spread);
                        // one long dot per tap (zeros off the outputs), instead of one per output row
                        for (int t = 0; t < taps; t++) acc[t] += Kernels.FLOAT.dot(spread, 0, pad, offsets[t], grid.positions);
                    }
                    for (int t = 0; t < taps; t++) dw[co * taps + t] = (float) acc[t];
                }
            });
            return;
        }
        KernelThreads.forRange(cOut, (long) batch * cOut * cols * taps, (c0, c1) -> {
            double[] acc = new double[taps];
            for (int co = c0; co < c1; co++) {
                Arrays.fill(acc, 0);
                int ci = co / multiplier;
                for (int n = 0; n < batch; n++)
                    plane(g, WEIGHT, x, (n * channels + ci) * image, gy, (n * cOut + co) * cols, null, 0, acc);
                for (int t = 0; t < taps; t++) dw[co * taps + t] = (float) acc[t];
            }
        });
    }

    /**
     * One image plane against one output plane, every tap: FORWARD adds w[t]·image into out, INPUT adds w[t]·out into
     * image (the adjoint), WEIGHT adds Σ out·image into acc[t].
     */
    private static void plane(ConvGeometry g, int mode, float[] img, int imgOff, float[] out, int outOff, float[] w, int wOff,
                              double[] acc) {
        int id = g.in[0], ih = g.in[1], iw = g.in[2];
        int od = g.out[0], oh = g.out[1], ow = g.out[2];
        int kd = g.kernel[0], kh = g.kernel[1], kw = g.kernel[2];
        int sd = g.stride[0], sh = g.stride[1], sw = g.stride[2];
        int pd = g.pad[0], ph = g.pad[1], pw = g.pad[2];
        int dd = g.dilation[0], dh = g.dilation[1], dw = g.dilation[2];
        FloatKernel k = Kernels.FLOAT;
        int t = 0;
        for (int a = 0; a < kd; a++) for (int b = 0; b < kh; b++) for (int e = 0; e < kw; e++, t++) {
            int shift = e * dw - pw;                                   // input column = j·sw + shift
            int lo = Math.max(0, -Math.floorDiv(shift, sw)), hi = Math.min(ow, -Math.floorDiv(shift - iw, sw));
            if (hi <= lo) continue;
            float tap = w == null ? 0f : w[wOff + t];
            double sum = 0;
            for (int z = 0; z < od; z++) {
                int zi = z * sd - pd + a * dd;
                if (zi < 0 || zi >= id) continue;
                for (int y = 0; y < oh; y++) {
                    int yi = y * sh - ph + b * dh;
                    if (yi < 0 || yi >= ih) continue;
                    int src = imgOff + (zi * ih + yi) * iw + shift, dst = outOff + (z * oh + y) * ow;
                    if (sw == 1) {
                        if (mode == FORWARD) k.axpy(hi - lo, tap, img, src + lo, out, dst + lo);
                        else if (mode == INPUT) k.axpy(hi - lo, tap, out, dst + lo, img, src + lo);
                        else sum += k.dot(out, dst + lo, img, src + lo, hi - lo);
                    } else if (mode == FORWARD) {
                        for (int j = lo; j < hi; j++) out[dst + j] += tap * img[src + j * sw];
                    } else if (mode == INPUT) {
                        for (int j = lo; j < hi; j++) img[src + j * sw] += tap * out[dst + j];
                    } else {
                        for (int j = lo; j < hi; j++) sum += (double) out[dst + j] * img[src + j * sw];
                    }
                }
            }
            if (mode == WEIGHT) acc[t] += sum;
        }
    }
}
