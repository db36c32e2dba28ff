package dev.soma.kernel;

import java.util.Arrays;

/**
 * Stride-1 convolution as GEMMs over shifted views of one zero-padded image, with no column matrix (implicit GEMM).
 * Output positions are numbered on the padded image's grid, j = (z·P_h + y)·P_w + x, so the input a tap reads for
 * every position is one contiguous run starting at (channel, tap) offset c·P + ((a·d_d)·P_h + b·d_h)·P_w + e·d_w: row
 * (c, tap) of the column matrix is that run, and {@link Gemm#sgemmGathered} packs it straight from the padded image.
 * Positions past the output's width (and, in 3-d, height) are computed and dropped; they cost (P_w − out_w)/P_w of
 * the work, 11% for a 16-wide map, against copying every input element K times into columns.
 *
 * <p>The input gradient is the same kind of convolution of the output gradient with the flipped, channel-transposed
 * kernel; the weight gradient multiplies the output gradient laid on the grid (zeros off the output) by the same
 * shifted runs, transposed.
 */
final class ImplicitConvolution {
    private ImplicitConvolution() {}

    /** Whether g is a stride-1 convolution whose padding fits its padded extent (the implicit forward applies). */
    static boolean applies(ConvGeometry g) {
        for (int d = 0; d < ConvGeometry.DIMS; d++)
            if (g.stride[d] != 1 || g.pad[d] < 0 || g.pad[d] + g.in[d] > padded(g, d)) return false;
        return true;
    }

    /** The geometry of the input gradient as a stride-1 convolution of the output gradient, or null when none applies. */
    static ConvGeometry adjoint(ConvGeometry g) {
        int[] in = new int[3], pad = new int[3], ones = {1, 1, 1};
        for (int d = 0; d < ConvGeometry.DIMS; d++) {
            if (g.stride[d] != 1) return null;
            in[d] = g.out[d];
            pad[d] = g.dilation[d] * (g.kernel[d] - 1) - g.pad[d];
        }
        ConvGeometry a = ConvGeometry.of(in, g.kernel, ones, pad, g.dilation, g.in);
        return applies(a) ? a : null;
    }

    // Padded extent of dim d: what the kernel's span needs to give the output size at stride 1.
    private static int padded(ConvGeometry g, int d) { return g.out[d] + g.dilation[d] * (g.kernel[d] - 1); }

    /** y = conv(x, w) + bias for a geometry that {@link #applies}. */
    static void forward(ConvGeometry g, int batch, int cIn, int cOut, int groups, float[] x, float[] w, float[] bias, float[] y) {
        Grid grid = new Grid(g, cIn, groups);
        int cInG = cIn / groups, cOutG = cOut / groups, rowsG = cInG * g.kernelSize(), image = g.imageSize(), cols = g.columns();
        ConvolutionKernel.overSamples(batch, (long) cOut * rowsG * grid.positions, (n0, n1) -> {
            Workspace ws = Workspace.get();
            float[] pad = ws.padded(grid.bufferSize(cIn)), out = ws.columns(cOut * grid.positions);
            for (int n = n0; n < n1; n++) {
                grid.pad(x, n * cIn * image, cIn, pad);
                for (int gi = 0; gi < groups; gi++)
                    Gemm.sgemmGathered(false, cOutG, grid.positions, rowsG, w, gi * cOutG * rowsG, rowsG, pad, grid.rows[gi], 0f,
                            out, gi * cOutG * grid.positions, grid.positions);
                grid.compact(out, cOut, bias, 0, y, n * cOut * cols);
            }
        });
    }

    /** dx for a geometry whose {@link #adjoint} is not null: the adjoint convolution of gy with the flipped kernel. */
    static void backwardInput(ConvGeometry g, ConvGeometry adjoint, int batch, int cIn, int cOut, int groups, float[] gy, float[] w,
                              float[] dx) {
        int cInG = cIn / groups, cOutG = cOut / groups, taps = g.kernelSize();
        // flipped[ci][cj][t] = w[group's cj][ci within the group][taps − 1 − t]: weight (cIn, cOut/groups, k…).
        float[] flipped = new float[cIn * cOutG * taps];
        for (int ci = 0; ci < cIn; ci++) {
            int gi = ci / cInG, cl = ci % cInG;
            for (int cj = 0; cj < cOutG; cj++) {
                int src = ((gi * cOutG + cj) * cInG + cl) * taps, dst = (ci * cOutG + cj) * taps;
                for (int t = 0; t < taps; t++) flipped[dst + t] = w[src + taps - 1 - t];
            }
        }
        forward(adjoint, batch, cOut, cIn, groups, gy, flipped, null, dx);
    }

    /** dw (overwritten) for a geometry that {@link #applies}, summed over the batch as the column path sums it. */
    static void backwardWeight(ConvGeometry g, int batch, int cIn, int cOut, int groups, float[] x, float[] gy, float[] dw) {
        Grid grid = new Grid(g, cIn, groups);
        int cInG = cIn / groups, cOutG = cOut / groups, rowsG = cInG * g.kernelSize(), image = g.imageSize(), cols = g.columns();
        ConvolutionKernel.sumOverBatch(batch, cOut * rowsG, (long) batch * cOut * rowsG * grid.positions, dw, (n, beta, acc) -> {
            Workspace ws = Workspace.get();
            float[] pad = ws.padded(grid.bufferSize(cIn)), spread = ws.columns(cOut * grid.positions);
            grid.pad(x, n * cIn * image, cIn, pad);
            grid.spread(gy, n * cOut * cols, cOut, spread);
            for (int gi = 0; gi < groups; gi++)
                Gemm.sgemmGathered(true, cOutG, rowsG, grid.positions, spread, gi * cOutG * grid.positions, grid.positions,
                        pad, grid.rows[gi], beta, acc, gi * cOutG * rowsG, rowsG);
        });
    }

    /** The padded grid of one geometry: its extents, the positions computed, and each group's (channel, tap) row table. */
    static final class Grid {
        final ConvGeometry g;
        final int pd, ph, pw, volume, positions, slack;
        final int[][] rows;

        Grid(ConvGeometry g, int cIn, int groups) {
            this.g = g;
            pd = padded(g, 0);
            ph = padded(g, 1);
            pw = padded(g, 2);
            volume = pd * ph * pw;
            positions = ((g.out[0] - 1) * ph + g.out[1]) * pw;
            slack = g.dilation[2] * (g.kernel[2] - 1);
            int taps = g.kernelSize(), cInG = cIn / groups;
            rows = new int[groups][cInG * taps];
            for (int gi = 0; gi < groups; gi++) {
                int r = 0;
                for (int c = 0; c < cInG; c++)
                    for (int a = 0; a < g.kernel[0]; a++) for (int b = 0; b < g.kernel[1]; b++) for (int e = 0; e < g.kernel[2]; e++)
                        rows[gi][r++] = (gi * cInG + c) * volume + ((a * g.dilation[0]) * ph + b * g.dilation[1]) * pw + e * g.dilation[2];
            }
        }

        int bufferSize(int channels) { return channels * volume + slack; }

        /** The image's channels at x[xOff] placed inside zeros on the padded grid. */
        void pad(float[] x, int xOff, int channels, float[] dst) {
            Arrays.fill(dst, 0, bufferSize(channels), 0f);
            int id = g.in[0], ih = g.in[1], iw = g.in[2];
            for (int c = 0; c < channels; c++)
                for (int z = 0; z < id; z++)
                    for (int y = 0; y < ih; y++)
                        System.arraycopy(x, xOff + ((c * id + z) * ih + y) * iw, dst,
                                c * volume + ((z + g.pad[0]) * ph + y + g.pad[1]) * pw + g.pad[2], iw);
        }

        /** y's channels from the grid-numbered products, plus bias[biasOff + c] (bias may be null). */
        void compact(float[] grid, int channels, float[] bias, int biasOff, float[] y, int yOff) {
            int od = g.out[0], oh = g.out[1], ow = g.out[2], cols = od * oh * ow;
            for (int c = 0; c < channels; c++) {
                float b = bias == null ? 0f : bias[biasOff + c];
                for (int z = 0; z < od; z++)
                    for (int r = 0; r < oh; r++) {
                        int src = c * positions + (z * ph + r) * pw, dst = yOff + c * cols + (z * oh + r) * ow;
                        for (int j = 0; j < ow; j++) y[dst + j] = grid[src + j] + b;
                    }
            }
        }

        /** One channel of the image cut out of a padded-grid buffer (the adjoint of {@link #pad}), into x at xOff. */
        void crop(float[] src, float[] x, int xOff) {
            int id = g.in[0], ih = g.in[1], iw = g.in[2];
            for (int z = 0; z < id; z++)
                for (int y = 0; y < ih; y++)
                    System.arraycopy(src, ((z + g.pad[0]) * ph + y + g.pad[1]) * pw + g.pad[2], x, xOff + (z * ih + y) * iw, iw);
        }

        /** The output gradient laid on the grid, zeros at the positions that are not outputs. */
        void spread(float[] gy, int gOff, int channels, float[] dst) {
            Arrays.fill(dst, 0, channels * positions, 0f);
            int od = g.out[0], oh = g.out[1], ow = g.out[2], cols = od * oh * ow;
            for (int c = 0; c < channels; c++)
                for (int z = 0; z < od; z++)
                    for (int r = 0; r < oh; r++)
                        System.arraycopy(gy, gOff + c * cols + (z * oh + r) * ow, dst, c * positions + (z * ph + r) * pw, ow);
        }
    }
}
