package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.ConvGeometry;
import dev.soma.kernel.PoolingKernel;
import java.util.Arrays;

/**
 * torch.nn.functional's max_pool1d/2d/3d (with return_indices), avg_pool1d/2d/3d, adaptive_avg_pool1d/2d/3d,
 * adaptive_max_pool1d/2d/3d and max_unpool1d/2d/3d over batched (N, C, spatial…) or unbatched (C, spatial…) inputs of
 * {@code rank} spatial dims. Size arguments hold one value for every dim or one per dim; a null (or empty) stride means
 * the kernel size. Geometry is checked here, with PyTorch's messages naming the op and the numbers, so the kernels
 * only see valid shapes. Indices are int64 flat positions d·H·W + h·W + w into each unpadded (N, C) plane.
 */
public final class Pooling {
    private Pooling() {}

    /** Max over each window (torch.nn.functional.max_pool{rank}d without indices); padding counts as −∞. */
    public static Tensor maxPool(Tensor x, int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return max(x, rank, kernelSize, stride, padding, dilation, ceilMode, false).values();
    }

    /** Max over each window and its flat index into the input plane (max_pool{rank}d with return_indices=True). */
    public static ValuesIndices maxPoolWithIndices(Tensor x, int rank, int[] kernelSize, int[] stride, int[] padding,
                                                   int[] dilation, boolean ceilMode) {
        return max(x, rank, kernelSize, stride, padding, dilation, ceilMode, true);
    }

    private static ValuesIndices max(Tensor x, int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                     boolean ceilMode, boolean withIndices) {
        String op = "max_pool" + rank + "d";
        Ops.requireFloat(op, x);
        Window w = window(op, x.shape, rank, kernelSize, stride, padding, dilation, ceilMode);
        float[] xd = Ops.dense(x.detach()), yd = new float[Shape.numel(w.out)];
        int[] arg = new int[yd.length];
        PoolingKernel.maxForward(w.g, w.planes, xd, yd, arg);
        int[] in = x.shape.clone();
        int planes = w.planes, cols = w.g.columns(), image = w.g.imageSize();
        String name = "MaxPool" + rank + "DWithIndicesBackward0";
        Tensor values = Tensor.wrap(yd, w.out);
        if (!withIndices) {
            return new ValuesIndices(Graph.record(name, values, new Tensor[] {x},
                    (gy, need) -> new Tensor[] {scatterGrad(planes, cols, image, gy, arg, in)}), null);
        }
        Tensor[] outs = Graph.recordMulti(name, new Tensor[] {values, indexTensor(arg, w.out)}, new Tensor[] {x},
                (grads, need) -> new Tensor[] {scatterGrad(planes, cols, image, grads[0], arg, in)});
        return new ValuesIndices(outs[0], outs[1]);
    }

    /**
     * Mean over each window with zero padding (torch.nn.functional.avg_pool{rank}d): divided by divisorOverride when it
     * is positive (0 = None), else by the window's size within the padded input when countIncludePad (the ceil_mode
     * overhang never counts), else by the number of input elements it covers.
     */
    public static Tensor avgPool(Tensor x, int rank, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                 boolean countIncludePad, int divisorOverride) {
        String op = "avg_pool" + rank + "d";
        Ops.requireFloat(op, x);
        if (divisorOverride < 0) throw new IllegalArgumentException(op + ": divisor must be not zero, got divisor_override=" + divisorOverride);
        Window w = window(op, x.shape, rank, kernelSize, stride, padding, null, ceilMode);
        float[] xd = Ops.dense(x.detach()), yd = new float[Shape.numel(w.out)];
        PoolingKernel.avgForward(w.g, w.planes, countIncludePad, divisorOverride, xd, yd);
        int[] in = x.shape.clone();
        return Graph.record("AvgPool" + rank + "DBackward0", Tensor.wrap(yd, w.out), new Tensor[] {x}, (gy, need) -> {
            float[] dx = new float[Shape.numel(in)];
            PoolingKernel.avgBackward(w.g, w.planes, countIncludePad, divisorOverride, Ops.dense(gy), dx);
            return new Tensor[] {Tensor.wrap(dx, in)};
        });
    }

    /**
     * Mean over adaptive bins (torch.nn.functional.adaptive_avg_pool{rank}d): output i of a dim covers
     * [floor(i·in/out), ceil((i+1)·in/out)); an output size of −1 (PyTorch's None) keeps that dim's size.
     */
    public static Tensor adaptiveAvgPool(Tensor x, int rank, int[] outputSize) {
        String op = "adaptive_avg_pool" + rank + "d";
        Ops.requireFloat(op, x);
        Window w = adaptiveWindow(op, x.shape, rank, outputSize);
        float[] xd = Ops.dense(x.detach()), yd = new float[Shape.numel(w.out)];
        PoolingKernel.adaptiveForward(w.g, w.planes, xd, yd, null);
        int[] in = x.shape.clone();
        return Graph.record("AdaptiveAvgPool" + rank + "DBackward0", Tensor.wrap(yd, w.out), new Tensor[] {x}, (gy, need) -> {
            float[] dx = new float[Shape.numel(in)];
            PoolingKernel.adaptiveAvgBackward(w.g, w.planes, Ops.dense(gy), dx);
            return new Tensor[] {Tensor.wrap(dx, in)};
        });
    }

    /** Max over adaptive bins (adaptive_max_pool{rank}d without indices); −1 keeps a dim's size. */
    public static Tensor adaptiveMaxPool(Tensor x, int rank, int[] outputSize) {
        return adaptiveMax(x, rank, outputSize, false).values();
    }

    /** Max over adaptive bins and its flat index into the input plane (adaptive_max_pool{rank}d, return_indices=True). */
    public static ValuesIndices adaptiveMaxPoolWithIndices(Tensor x, int rank, int[] outputSize) {
        return adaptiveMax(x, rank, outputSize, true);
    }

    private static ValuesIndices adaptiveMax(Tensor x, int rank, int[] outputSize, boolean withIndices) {
        String op = "adaptive_max_pool" + rank + "d";
        Ops.requireFloat(op, x);
        Window w = adaptiveWindow(op, x.shape, rank, outputSize);
        float[] xd = Ops.dense(x.detach()), yd = new float[Shape.numel(w.out)];
        int[] arg = new int[yd.length];
        PoolingKernel.adaptiveForward(w.g, w.planes, xd, yd, arg);
        int[] in = x.shape.clone();
        int planes = w.planes, cols = w.g.columns(), image = w.g.imageSize();
        String name = "AdaptiveMaxPool" + rank + "DBackward0";
        Tensor values = Tensor.wrap(yd, w.out);
        if (!withIndices)
            return new ValuesIndices(Graph.record(name, values, new Tensor[] {x},
                    (gy, need) -> new Tensor[] {scatterGrad(planes, cols, image, gy, arg, in)}), null);
        Tensor[] outs = Graph.recordMulti(name, new Tensor[] {values, indexTensor(arg, w.out)}, new Tensor[] {x},
                (grads, need) -> new Tensor[] {scatterGrad(planes, cols, image, grads[0], arg, in)});
        return new ValuesIndices(outs[0], outs[1]);
    }

    /**
     * The partial inverse of max pooling (torch.nn.functional.max_unpool{rank}d): a zero tensor of the output size with
     * each input value put at its index. The output size is (in − 1)·stride − 2·padding + kernel per dim unless
     * outputSize (the spatial sizes, or the whole shape) says otherwise, within a stride of that.
     */
    public static Tensor maxUnpool(Tensor x, Tensor indices, int rank, int[] kernelSize, int[] stride, int[] padding, int[] outputSize) {
        String op = "max_unpool" + rank + "d";
        Ops.requireFloat(op, x);
        if (indices.dtype != DType.INT64)
            throw new IllegalArgumentException(op + ": expected indices to have dtype int64, got " + indices.dtype.torchName());
        if (!Arrays.equals(x.shape, indices.shape))
            throw new IllegalArgumentException(op + ": Expected shape of indices to be same as that of the input tensor ("
                    + Shape.str(x.shape) + ") but got indices tensor with shape: " + Shape.str(indices.shape));
        int[] out = unpoolShape(op, x.shape, rank, kernelSize, stride, padding, outputSize);
        int lead = x.dim() - rank, image = 1, cols = 1;
        for (int i = 0; i < rank; i++) {
            image *= out[lead + i];
            cols *= x.shape[lead + i];
        }
        int planes = cols == 0 ? 0 : x.numel() / cols;
        float[] id = indices.toFloatArray();
        int[] idx = new int[id.length];
        for (int i = 0; i < id.length; i++) {
            if (id[i] < 0 || id[i] >= image)
                throw new IllegalArgumentException(op + ": Found an invalid max index: " + (long) id[i] + " (output volumes are of size "
                        + tuple(Arrays.copyOfRange(out, lead, out.length)) + ")");
            idx[i] = (int) id[i];
        }
        float[] yd = new float[Shape.numel(out)];
        PoolingKernel.scatter(planes, cols, image, Ops.dense(x.detach()), idx, false, yd);
        int[] in = x.shape.clone();
        int img = image, c = cols;
        return Graph.record("MaxUnpool" + rank + "DBackward0", Tensor.wrap(yd, out), new Tensor[] {x}, (gy, need) -> {
            float[] dx = new float[Shape.numel(in)];
            PoolingKernel.gather(planes, c, img, Ops.dense(gy), idx, dx);
            return new Tensor[] {Tensor.wrap(dx, in)};
        });
    }

    /**
     * The output shape of max or average pooling (dilation null for average) of an input shaped (N, C, in…) or
     * (C, in…): per dim floor((in + 2·padding − dilation·(k − 1) − 1 + (ceil ? stride − 1 : 0)) / stride) + 1, less one
     * when ceil_mode's last window would start past the input and its left padding. Raises PyTorch's errors.
     */
    public static int[] poolShape(String op, int[] x, int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                  boolean ceilMode) {
        return window(op, x, rank, kernelSize, stride, padding, dilation, ceilMode).out;
    }

    /** The output shape of adaptive pooling: the leading dims, then outputSize per dim (−1 keeps the input's). */
    public static int[] adaptiveShape(String op, int[] x, int rank, int[] outputSize) {
        return adaptiveWindow(op, x, rank, outputSize).out;
    }

    /** The output shape of max-unpooling (see {@link #maxUnpool}). */
    public static int[] unpoolShape(String op, int[] x, int rank, int[] kernelSize, int[] stride, int[] padding, int[] outputSize) {
        int[] k = Shape.perDim(op, "kernel_size", kernelSize, rank);
        int[] s = stride == null || stride.length == 0 ? k : Shape.perDim(op, "stride", stride, rank);
        int[] p = Shape.perDim(op, "padding", padding, rank, 0);
        positive(op, "kernel_size", k);
        positive(op, "stride", s);
        checkRank(op, x, rank);
        int lead = x.length - rank;
        int[] out = x.clone();
        for (int i = 0; i < rank; i++) out[lead + i] = (x[lead + i] - 1) * s[i] - 2 * p[i] + k[i];
        if (outputSize != null && outputSize.length > 0) {
            if (outputSize.length != rank && outputSize.length != rank + 2)
                throw new IllegalArgumentException(op + ": output_size must have " + rank + " or " + (rank + 2) + " elements, got "
                        + Shape.str(outputSize));
            int off = outputSize.length - rank;
            for (int i = 0; i < rank; i++) {
                int want = outputSize[off + i], dflt = out[lead + i];
                if (want < dflt - s[i] || want > dflt + s[i])
                    throw new IllegalArgumentException(op + ": invalid output_size " + Shape.str(outputSize) + " (dim " + i
                            + " must be between " + (dflt - s[i]) + " and " + (dflt + s[i]) + ")");
                out[lead + i] = want;
            }
        }
        for (int i = 0; i < rank; i++)
            if (out[lead + i] <= 0)
                throw new IllegalArgumentException(op + ": Given input size: " + Shape.str(x) + ", the calculated output size "
                        + Shape.str(out) + " is too small");
        return out;
    }

    /** The geometry of one pooling call: the output shape, the windows, and the number of (N, C) planes. */
    private record Window(int[] out, ConvGeometry g, int planes) {}

    private static Window window(String op, int[] x, int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                 boolean ceilMode) {
        int[] k = Shape.perDim(op, "kernel_size", kernelSize, rank);
        int[] s = stride == null || stride.length == 0 ? k : Shape.perDim(op, "stride", stride, rank);
        int[] p = Shape.perDim(op, "padding", padding, rank, 0);
        int[] d = Shape.perDim(op, "dilation", dilation, rank, 1);
        checkRank(op, x, rank);
        positive(op, "kernel_size", k);
        positive(op, "stride", s);
        positive(op, "dilation", d);
        int lead = x.length - rank;
        int[] in = Arrays.copyOfRange(x, lead, x.length), o = new int[rank];
        boolean tooSmall = false;
        for (int i = 0; i < rank; i++) {
            if (p[i] < 0 || p[i] > k[i] / 2)
                throw new IllegalArgumentException(op + ": pad should be at most half of kernel size, but got pad=" + p[i]
                        + " and kernel_size=" + k[i]);
            o[i] = Math.floorDiv(in[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1 + (ceilMode ? s[i] - 1 : 0), s[i]) + 1;
            if (ceilMode && (long) (o[i] - 1) * s[i] >= in[i] + p[i]) o[i]--;     // the last window must start inside
            tooSmall |= o[i] < 1;
        }
        int[] out = x.clone();
        System.arraycopy(o, 0, out, lead, rank);
        if (tooSmall)
            throw new IllegalArgumentException(op + ": Given input size: " + tuple(Arrays.copyOfRange(x, lead - 1, x.length))
                    + ". Calculated output size: " + tuple(Arrays.copyOfRange(out, lead - 1, out.length)) + ". Output size is too small");
        return new Window(out, ConvGeometry.of(in, k, s, p, d, o), planes(x, lead));
    }

    private static Window adaptiveWindow(String op, int[] x, int rank, int[] outputSize) {
        int[] o = Shape.perDim(op, "output_size", outputSize, rank);
        checkRank(op, x, rank);
        int lead = x.length - rank;
        int[] in = Arrays.copyOfRange(x, lead, x.length);
        for (int i = 0; i < rank; i++) {
            if (o[i] == -1) o[i] = in[i];
            if (o[i] < 0)
                throw new IllegalArgumentException(op + ": elements of output_size must be greater than or equal to 0 (or None), but got "
                        + Shape.str(outputSize));
        }
        int[] out = x.clone();
        System.arraycopy(o, 0, out, lead, rank);
        int[] ones = new int[rank], zeros = new int[rank];
        Arrays.fill(ones, 1);
        return new Window(out, ConvGeometry.of(in, ones, ones, zeros, ones, o), planes(x, lead));
    }

    // (N, C, spatial…) or (C, spatial…), with no empty dim after the batch dim.
    private static void checkRank(String op, int[] x, int rank) {
        if (x.length != rank + 1 && x.length != rank + 2)
            throw new IllegalArgumentException(op + ": Expected " + (rank + 1) + "D (unbatched) or " + (rank + 2)
                    + "D (batched) input, but got input of size: " + Shape.str(x));
        for (int i = x.length - rank - 1; i < x.length; i++)
            if (x[i] <= 0)
                throw new IllegalArgumentException(op + ": Expected input to have non-zero size for non-batch dimensions, but input has sizes "
                        + Shape.str(x) + " with dimension " + i + " being empty");
    }

    private static int planes(int[] x, int lead) {
        int n = 1;
        for (int i = 0; i < lead; i++) n *= x[i];
        return n;
    }

    private static void positive(String op, String what, int[] v) {
        for (int e : v)
            if (e <= 0) throw new IllegalArgumentException(op + ": " + what + " should be greater than zero, but got " + Shape.str(v));
    }

    private static Tensor scatterGrad(int planes, int cols, int image, Tensor gy, int[] arg, int[] in) {
        float[] dx = new float[Shape.numel(in)];
        PoolingKernel.scatter(planes, cols, image, Ops.dense(gy), arg, true, dx);
        return Tensor.wrap(dx, in);
    }

    private static Tensor indexTensor(int[] arg, int[] shape) {
        float[] f = new float[arg.length];
        for (int i = 0; i < arg.length; i++) f[i] = arg[i];
        return Tensor.wrap(f, shape.clone(), DType.INT64);
    }

    private static String tuple(int[] v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? "x" : "").append(v[i]);
        return b.append(")").toString();
    }
}
