package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.ConvGeometry;
import dev.soma.kernel.ConvolutionKernel;

/**
 * torch.nn.functional.unfold and fold: the column matrix of a convolution as an API. unfold takes (N, C, H, W) (or
 * unbatched (C, H, W)) to (N, C·kH·kW, L), one column per sliding block, rows ordered (channel, kernel row, kernel
 * column); fold sums such columns back into (N, C, H, W) of a given output size, overlapping entries added. Each is the
 * other's backward. Size arguments hold one value or two.
 */
public final class Folding {
    private Folding() {}

    /** F.unfold(input, kernel_size, dilation, padding, stride). */
    public static Tensor unfold(Tensor x, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        Ops.requireFloat("unfold", x);
        unfoldShape(x.shape, kernelSize, dilation, padding, stride);     // the checks, with their messages
        boolean batched = x.dim() == 4;
        Tensor xb = batched ? x : x.unsqueeze(0);
        int n = xb.shape[0], c = xb.shape[1];
        int[] in = {xb.shape[2], xb.shape[3]};
        Sizes z = sizes("unfold", kernelSize, dilation, padding, stride);
        int[] out = blocks(in, z);
        ConvGeometry g = ConvGeometry.of(in, z.kernel, z.stride, z.padding, z.dilation, out);
        int rows = c * g.kernelSize(), blocks = g.columns();
        float[] xd = Ops.dense(xb.detach()), cols = BufferPool.take(n * rows * blocks);
        ConvolutionKernel.unfold(g, n, c, xd, cols);
        Tensor y = Graph.record("Im2ColBackward0", BufferPool.wrap(cols, new int[] {n, rows, blocks}, DType.FLOAT32),
                new Tensor[] {xb}, (gy, need) -> {
                    float[] dx = BufferPool.take(xd.length);
                    ConvolutionKernel.fold(g, n, c, Ops.dense(gy), dx);
                    return new Tensor[] {BufferPool.wrap(dx, xb.shape.clone(), DType.FLOAT32)};
                }, xb);
        return batched ? y : y.squeeze(0);
    }

    /** F.fold(input, output_size, kernel_size, dilation, padding, stride). */
    public static Tensor fold(Tensor cols, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        Ops.requireFloat("fold", cols);
        int[] shape = foldShape(cols.shape, outputSize, kernelSize, dilation, padding, stride);
        boolean batched = cols.dim() == 3;
        Tensor cb = batched ? cols : cols.unsqueeze(0);
        Sizes z = sizes("fold", kernelSize, dilation, padding, stride);
        int[] size = Shape.perDim("fold", "output_size", outputSize, 2);
        int n = cb.shape[0], c = shape[batched ? 1 : 0];
        int[] out = blocks(size, z);
        ConvGeometry g = ConvGeometry.of(size, z.kernel, z.stride, z.padding, z.dilation, out);
        float[] cd = Ops.dense(cb.detach()), x = BufferPool.take(n * c * g.imageSize());
        ConvolutionKernel.fold(g, n, c, cd, x);
        Tensor y = Graph.record("Col2ImBackward0", BufferPool.wrap(x, new int[] {n, c, size[0], size[1]}, DType.FLOAT32),
                new Tensor[] {cb}, (gy, need) -> {
                    float[] dc = BufferPool.take(cd.length);
                    ConvolutionKernel.unfold(g, n, c, Ops.dense(gy), dc);
                    return new Tensor[] {BufferPool.wrap(dc, cb.shape.clone(), DType.FLOAT32)};
                }, cb);
        return batched ? y : y.squeeze(0);
    }

    /** The shape unfold gives for an input shape, with its errors: (N, C·kH·kW, L) or unbatched (C·kH·kW, L). */
    public static int[] unfoldShape(int[] x, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        if (x.length != 3 && x.length != 4)
            throw new IllegalArgumentException("unfold: expected a 3-D (unbatched) or 4-D (batched) input, but got input of size "
                    + Shape.str(x));
        Sizes z = sizes("unfold", kernelSize, dilation, padding, stride);
        int lead = x.length - 3;
        int[] in = {x[lead + 1], x[lead + 2]}, out = blocks(in, z);
        for (int i = 0; i < 2; i++)
            if (out[i] <= 0)
                throw new IllegalArgumentException("unfold: the input of spatial size " + Shape.str(in) + " padded by " + Shape.str(z.padding)
                        + " is smaller than the kernel (kernel_size " + Shape.str(z.kernel) + ", dilation " + Shape.str(z.dilation) + ")");
        int rows = x[lead] * z.kernel[0] * z.kernel[1], blocks = out[0] * out[1];
        return lead == 1 ? new int[] {x[0], rows, blocks} : new int[] {rows, blocks};
    }

    /** The shape fold gives for an input shape, with its errors: (N, C, H, W) or unbatched (C, H, W). */
    public static int[] foldShape(int[] cols, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        if (cols.length != 2 && cols.length != 3)
            throw new IllegalArgumentException("fold: expected a 2-D (unbatched) or 3-D (batched) input, but got input of size "
                    + Shape.str(cols));
        Sizes z = sizes("fold", kernelSize, dilation, padding, stride);
        int[] size = Shape.perDim("fold", "output_size", outputSize, 2);
        int lead = cols.length - 2, taps = z.kernel[0] * z.kernel[1];
        if (cols[lead] % taps != 0)
            throw new IllegalArgumentException("fold: expected size of input's dimension " + lead + " to be divisible by the product of "
                    + "kernel_size, but got input.size(" + lead + ")=" + cols[lead] + " and kernel_size=" + Shape.str(z.kernel));
        if (size[0] <= 0 || size[1] <= 0) throw new IllegalArgumentException("fold: output_size must be positive, got " + Shape.str(size));
        int[] out = blocks(size, z);
        if (out[0] <= 0 || out[1] <= 0 || out[0] * out[1] != cols[lead + 1])
            throw new IllegalArgumentException("fold: given output_size=" + Shape.str(size) + ", kernel_size=" + Shape.str(z.kernel)
                    + ", dilation=" + Shape.str(z.dilation) + ", padding=" + Shape.str(z.padding) + ", stride=" + Shape.str(z.stride)
                    + ", expected size of input's dimension " + (lead + 1) + " to match the calculated number of sliding blocks "
                    + out[0] + " * " + out[1] + " = " + out[0] * out[1] + ", but got input.size(" + (lead + 1) + ")=" + cols[lead + 1]);
        int c = cols[lead] / taps;
        return lead == 1 ? new int[] {cols[0], c, size[0], size[1]} : new int[] {c, size[0], size[1]};
    }

    // Sliding blocks per spatial dim (≤ 0 when the kernel does not fit).
    private static int[] blocks(int[] in, Sizes z) {
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            int span = z.dilation[i] * (z.kernel[i] - 1) + 1, padded = in[i] + 2 * z.padding[i];
            out[i] = padded < span ? 0 : (padded - span) / z.stride[i] + 1;
        }
        return out;
    }

    private record Sizes(int[] kernel, int[] dilation, int[] padding, int[] stride) {}

    private static Sizes sizes(String op, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        Sizes z = new Sizes(Shape.perDim(op, "kernel_size", kernelSize, 2), Shape.perDim(op, "dilation", dilation, 2, 1),
                Shape.perDim(op, "padding", padding, 2, 0), Shape.perDim(op, "stride", stride, 2, 1));
        for (int i = 0; i < 2; i++) {
            if (z.kernel[i] <= 0) throw new IllegalArgumentException(op + ": kernel_size must be positive, got " + Shape.str(z.kernel));
            if (z.dilation[i] <= 0) throw new IllegalArgumentException(op + ": dilation must be positive, got " + Shape.str(z.dilation));
            if (z.stride[i] <= 0) throw new IllegalArgumentException(op + ": stride must be positive, got " + Shape.str(z.stride));
            if (z.padding[i] < 0) throw new IllegalArgumentException(op + ": padding must be non-negative, got " + Shape.str(z.padding));
        }
        return z;
    }
}
