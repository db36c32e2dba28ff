package dev.soma.kernel;

import java.util.Arrays;

/**
 * Grouped convolution over a batch as GEMMs on each sample's column matrix ({@link Im2Col}); a pointwise
 * convolution multiplies the image in place. Arrays are dense and row-major: images (N, C, spatial…), weights
 * (C_out, C_in/groups, kernel…), and each group's product reads its slice of the weight and of the columns in place,
 * so no group's weights are copied. A transposed convolution is the adjoint of a convolution: its forward pass is
 * {@link #backwardInput}, its input gradient {@link #forward}, its weight gradient {@link #backwardWeight} with image
 * and columns exchanged.
 *
 * <p>A depthwise convolution (one input channel per group) runs in {@link DepthwiseKernel} instead, and a stride-1 one
 * in {@link ImplicitConvolution} (no column matrix); the column path here takes the rest (strided convolutions). Samples split over the kernel threads when there are at least as many as threads (each thread's GEMMs then run
 * on that thread); otherwise the GEMMs split inside. Every result is summed in an order fixed by the shapes, never by
 * the thread count.
 */
public final class ConvolutionKernel {
    /** Partial weight gradients summed in this many fixed parts of the batch, in order. */
    private static final int WEIGHT_PARTS = 4;

    private ConvolutionKernel() {}

    /** y (N, cOut, out…) = conv(x (N, cIn, in…), w) + bias (bias may be null). */
    public static void forward(ConvGeometry g, int batch, int cIn, int cOut, int groups,
                               float[] x, float[] w, float[] bias, float[] y) {
        int cInG = cIn / groups, cOutG = cOut / groups, taps = g.kernelSize(), cols = g.columns(), image = g.imageSize();
        int rowsG = cInG * taps;
        if (cInG == 1 && taps > 1) {
            DepthwiseKernel.forward(g, batch, cIn, cOutG, x, w, bias, y);
            return;
        }
        boolean pointwise = g.isPointwise();
        if (!pointwise && ImplicitConvolution.applies(g)) {
            ImplicitConvolution.forward(g, batch, cIn, cOut, groups, x, w, bias, y);
            return;
        }
        overSamples(batch, (long) cOut * rowsG * cols, (n0, n1) -> {
            float[] col = pointwise ? null : Workspace.get().columns(cIn * taps * cols);
            for (int n = n0; n < n1; n++) {
                float[] b = columns(g, cIn, pointwise, x, n, col);
                int bOff = pointwise ? n * cIn * image : 0, yOff = n * cOut * cols;
                for (int gi = 0; gi < groups; gi++)
                    Gemm.sgemm(false, false, cOutG, cols, rowsG, 1f, w, gi * cOutG * rowsG, rowsG,
                            b, bOff + gi * rowsG * cols, cols, 0f, y, yOff + gi * cOutG * cols, cols);
                if (bias != null)
                    for (int c = 0; c < cOut; c++)
                        Kernels.FLOAT.binaryScalar(BinaryOp.ADD, y, yOff + c * cols, bias[c], y, yOff + c * cols, cols);
            }
        });
    }

    /** dx (N, cIn, in…) = the gradient of conv(x, w) with respect to x, given gy (N, cOut, out…); dx is overwritten. */
    public static void backwardInput(ConvGeometry g, int batch, int cIn, int cOut, int groups,
                                     float[] gy, float[] w, float[] dx) {
        int cInG = cIn / groups, cOutG = cOut / groups, taps = g.kernelSize(), cols = g.columns(), image = g.imageSize();
        int rowsG = cInG * taps;
        if (cInG == 1 && taps > 1) {
            DepthwiseKernel.backwardInput(g, batch, cIn, cOutG, gy, w, dx);
            return;
        }
        boolean pointwise = g.isPointwise();
        ConvGeometry adjoint = pointwise ? null : ImplicitConvolution.adjoint(g);
        if (adjoint != null) {
            ImplicitConvolution.backwardInput(g, adjoint, batch, cIn, cOut, groups, gy, w, dx);
            return;
        }
        overSamples(batch, (long) cOut * rowsG * cols, (n0, n1) -> {
            float[] col = pointwise ? null : Workspace.get().columns(cIn * taps * cols);
            for (int n = n0; n < n1; n++) {
                int xOff = n * cIn * image, yOff = n * cOut * cols;
                float[] c = pointwise ? dx : col;
                int cOff = pointwise ? xOff : 0;
                for (int gi = 0; gi < groups; gi++)
                    Gemm.sgemm(true, false, rowsG, cols, cOutG, 1f, w, gi * cOutG * rowsG, rowsG,
                            gy, yOff + gi * cOutG * cols, cols, 0f, c, cOff + gi * rowsG * cols, cols);
                if (!pointwise) {
                    Arrays.fill(dx, xOff, xOff + cIn * image, 0f);
                    Im2Col.col2im(g, cIn, col, 0, dx, xOff);
                }
            }
        });
    }

    /** dw (cOut, cIn/groups, kernel…) = the gradient of conv(x, w) with respect to w, given gy; dw is overwritten. */
    public static void backwardWeight(ConvGeometry g, int batch, int cIn, int cOut, int groups,
                                      float[] x, float[] gy, float[] dw) {
        int cInG = cIn / groups, cOutG = cOut / groups, taps = g.kernelSize(), cols = g.columns(), image = g.imageSize();
        int rowsG = cInG * taps, size = cOut * rowsG;
        if (cInG == 1 && taps > 1) {
            DepthwiseKernel.backwardWeight(g, batch, cIn, cOutG, x, gy, dw);
            return;
        }
        boolean pointwise = g.isPointwise();
        if (!pointwise && ImplicitConvolution.applies(g)) {
            ImplicitConvolution.backwardWeight(g, batch, cIn, cOut, groups, x, gy, dw);
            return;
        }
        sumOverBatch(batch, size, (long) batch * cOut * rowsG * cols, dw, (n, beta, acc) -> {
            float[] col = pointwise ? null : Workspace.get().columns(cIn * taps * cols);
            float[] b = columns(g, cIn, pointwise, x, n, col);
            int bOff = pointwise ? n * cIn * image : 0, yOff = n * cOut * cols;
            for (int gi = 0; gi < groups; gi++)
                Gemm.sgemm(false, true, cOutG, rowsG, cols, 1f, gy, yOff + gi * cOutG * cols, cols,
                        b, bOff + gi * rowsG * cols, cols, beta, acc, gi * cOutG * rowsG, rowsG);
        });
    }

    /** One sample's contribution to a weight gradient: acc = beta·acc + (sample n's gradient), beta 0 or 1. */
    @FunctionalInterface
    interface SampleGradient { void add(int n, float beta, float[] acc); }

    /**
     * dw (size floats, overwritten) = the sum over the batch of each sample's gradient, accumulated in {@value
     * #WEIGHT_PARTS} fixed parts of the batch (split over the kernel threads) that are then added in order, so the bits
     * do not depend on the thread count.
     */
    static void sumOverBatch(int batch, int size, long work, float[] dw, SampleGradient sample) {
        if (batch == 0) {
            Arrays.fill(dw, 0, size, 0f);
            return;
        }
        int parts = Math.min(batch, WEIGHT_PARTS);
        float[][] partial = new float[parts][];
        partial[0] = dw;
        for (int p = 1; p < parts; p++) partial[p] = new float[size];
        KernelThreads.forRange(parts, work, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int first = (int) ((long) batch * p / parts), last = (int) ((long) batch * (p + 1) / parts);
                for (int n = first; n < last; n++) sample.add(n, n == first ? 0f : 1f, partial[p]);
            }
        });
        for (int p = 1; p < parts; p++) Kernels.FLOAT.binary(BinaryOp.ADD, dw, 0, partial[p], 0, dw, 0, size);
    }

    /** cols (N, C·K, positions) = each sample's column matrix (im2col: torch.nn.functional.unfold), samples split over threads. */
    public static void unfold(ConvGeometry g, int batch, int channels, float[] x, float[] cols) {
        int image = g.imageSize(), size = channels * g.kernelSize() * g.columns();
        KernelThreads.forRange(batch, (long) batch * size, (n0, n1) -> {
            for (int n = n0; n < n1; n++) Im2Col.im2col(g, channels, x, n * channels * image, cols, n * size);
        });
    }

    /** x (N, C, image…) = the column matrices' entries summed back where they were read (col2im: fold); x overwritten. */
    public static void fold(ConvGeometry g, int batch, int channels, float[] cols, float[] x) {
        int image = g.imageSize(), size = channels * g.kernelSize() * g.columns();
        KernelThreads.forRange(batch, (long) batch * size, (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                Arrays.fill(x, n * channels * image, (n + 1) * channels * image, 0f);
                Im2Col.col2im(g, channels, cols, n * size, x, n * channels * image);
            }
        });
    }

    // Sample n's column matrix: the image itself for a pointwise convolution (at n·cIn·image), else im2col into col (at 0).
    private static float[] columns(ConvGeometry g, int cIn, boolean pointwise, float[] x, int n, float[] col) {
        if (pointwise) return x;
        Im2Col.im2col(g, cIn, x, n * cIn * g.imageSize(), col, 0);
        return col;
    }

    // Splits the batch over the kernel threads when it has a sample per thread; otherwise runs the samples in order
    // and lets each GEMM split itself.
    static void overSamples(int batch, long workPerSample, KernelThreads.RangeBody body) {
        if (batch >= KernelThreads.threads()) KernelThreads.forRange(batch, workPerSample * batch, body);
        else body.run(0, batch);
    }
}
