package dev.soma.nn;

import dev.soma.autograd.GradMode;
import dev.soma.autograd.Graph;
import dev.soma.tensor.Convolution;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.LinearAlgebra;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/** Stateless forms of the layers (torch.nn.functional): modules hold weights and call these. */
public final class Functional {
    private Functional() {}

    /** y = x Wᵀ + b (torch.nn.functional.linear); bias may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) { return LinearAlgebra.linear(x, weight, bias); }

    /**
     * (x − mean)/√(var + eps)·weight + bias over the trailing dims given by normalizedShape, with the biased variance
     * (torch.nn.functional.layer_norm); weight and bias may be null.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return dev.soma.tensor.Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** y_k = x1ᵀ W_k x2 + b_k (torch.nn.functional.bilinear); bias may be null. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        return LinearAlgebra.bilinear(x1, x2, weight, bias);
    }

    /**
     * Convolution over 1, 2 or 3 spatial dims, the rank taken from the weight (C_out, C_in/groups, k…)
     * (torch.nn.functional.conv1d/conv2d/conv3d); stride, padding and dilation hold one value or one per dim, null for
     * the defaults (1, 0, 1); bias may be null. Input (N, C_in, …) or unbatched (C_in, …).
     */
    public static Tensor conv(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv(x, weight, bias, stride, padding, dilation, groups);
    }

    /** As {@link #conv(Tensor, Tensor, Tensor, int[], int[], int[], int)} with padding "valid" or "same". */
    public static Tensor conv(Tensor x, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation, int groups) {
        return Convolution.conv(x, weight, bias, stride, padding, dilation, groups);
    }

    /** torch.nn.functional.conv1d with stride, padding, dilation 1, 0, 1 and one group. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) { return conv(x, checkRank("conv1d", weight, 3), bias, null, (int[]) null, null, 1); }

    /** torch.nn.functional.conv2d with stride, padding, dilation 1, 0, 1 and one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) { return conv(x, checkRank("conv2d", weight, 4), bias, null, (int[]) null, null, 1); }

    /** torch.nn.functional.conv2d(x, weight, bias, stride, padding, dilation, groups). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return conv(x, checkRank("conv2d", weight, 4), bias, stride, padding, dilation, groups);
    }

    /**
     * Transposed convolution over 1, 2 or 3 spatial dims, weight (C_in, C_out/groups, k…)
     * (torch.nn.functional.conv_transpose1d/2d/3d; arguments in PyTorch's order, null for the defaults).
     */
    public static Tensor convTranspose(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
                                       int groups, int[] dilation) {
        return Convolution.convTranspose(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    private static Tensor checkRank(String op, Tensor w, int rank) {
        if (w.dim() != rank)
            throw new IllegalArgumentException(op + ": expected a " + rank + "-d weight, got shape " + java.util.Arrays.toString(w.shape()));
        return w;
    }

    /**
     * Inverted dropout (torch.nn.functional.dropout): in training, zeroes each element with probability p and
     * scales the rest by 1/(1−p), with a mask drawn from {@code g}; identity when not training or p = 0.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator g) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0f);
        float keep = (float) (1 - p), scale = 1f / keep;
        float[] mask = new float[x.numel()];
        for (int i = 0; i < mask.length; i++) mask[i] = g.nextFloat() < keep ? scale : 0f;
        return x.mul(Tensor.of(mask, x.shape()));
    }

    /** Dropout with the default generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return dropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Rows of {@code weight} (num_embeddings, dim) picked by int64 {@code input} of any shape, giving input.shape + [dim]
     * (torch.nn.functional.embedding). The padding row (if paddingIdx ≥ 0) gets no gradient; with
     * scaleGradByFreq each row's gradient is divided by how often its index occurs in the input.
     */
    public static Tensor embedding(Tensor input, Tensor weight, int paddingIdx, boolean scaleGradByFreq) {
        if (input.dtype() != DType.INT64)
            throw new IllegalArgumentException("embedding: expected input of dtype int64 (indices), got " + input.dtype().torchName());
        if (weight.dim() != 2) throw new IllegalArgumentException("embedding: weight must be 2-D, got " + Arrays.toString(weight.shape()));
        int num = weight.size(0), dim = weight.size(1);
        long[] idx = input.toLongArray();
        for (long i : idx)
            if (i < 0 || i >= num) throw new IllegalArgumentException("embedding: index " + i + " is out of range for "
                    + num + " embeddings");
        Tensor flat = Tensor.ofLongs(idx, idx.length);
        Tensor out;
        try (var off = GradMode.noGrad()) {
            out = weight.detach().indexSelect(0, flat);
        }
        int[] outShape = Arrays.copyOf(input.shape(), input.dim() + 1);
        outShape[input.dim()] = dim;
        Tensor result = out.reshape(outShape);
        return Graph.record("EmbeddingBackward", result, new Tensor[] {weight}, (g, n) -> {
            float[] scale = new float[num];
            Arrays.fill(scale, 1f);
            if (scaleGradByFreq) {
                int[] counts = new int[num];
                for (long i : idx) counts[(int) i]++;
                for (int r = 0; r < num; r++) if (counts[r] > 0) scale[r] = 1f / counts[r];
            }
            if (paddingIdx >= 0) scale[paddingIdx] = 0f;
            Tensor rows = g.reshape(idx.length, dim);
            Tensor gw = Tensor.zeros(num, dim).indexAdd(0, flat, rows);
            return new Tensor[] {gw.mul(Tensor.of(scale, num, 1))};
        });
    }

    /** Rescales, in place, the rows of weight picked by input whose p-norm exceeds maxNorm to norm maxNorm. */
    public static void embeddingRenorm_(Tensor weight, Tensor input, double maxNorm, double normType) {
        long[] idx = input.toLongArray();
        try (var off = GradMode.noGrad()) {
            java.util.Set<Long> done = new java.util.HashSet<>();
            for (long i : idx) {
                if (!done.add(i) || i < 0 || i >= weight.size(0)) continue;
                Tensor row = weight.select(0, (int) i);
                double norm = 0;
                for (float v : row.toFloatArray()) norm += Math.pow(Math.abs(v), normType);
                norm = Math.pow(norm, 1 / normType);
                if (norm > maxNorm) row.mul_((float) (maxNorm / (norm + 1e-7)));
            }
        }
    }
}
