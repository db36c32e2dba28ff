package dev.soma.nn;

import dev.soma.Warnings;
import dev.soma.autograd.GradMode;
import dev.soma.autograd.Graph;
import dev.soma.tensor.Attention;
import dev.soma.tensor.Convolution;
import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.LinearAlgebra;
import dev.soma.tensor.Normalization;
import dev.soma.tensor.Reductions;
import dev.soma.tensor.Pooling;
import dev.soma.tensor.Resampling;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import dev.soma.tensor.ValuesIndices;
import java.util.Arrays;

/**
 * Every stateless op of torch.nn.functional in one place (Soma's {@code F}): activations, softmax, linear maps,
 * normalization, dropout, embedding, pooling, resampling and the losses. Modules hold weights and call these; the tensor ops behind them
 * (kernel call + backward rule) live in dev.soma.tensor, the losses are composed here from differentiable tensor ops.
 * Argument order and defaults are PyTorch's; class-index targets are int64 tensors.
 */
public final class Functional {
    private Functional() {}

    // ---------------------------------------------------------------- activations and softmax

    /** max(x, 0) (F.relu). */
    public static Tensor relu(Tensor x) { return x.relu(); }
    /** min(max(x, 0), 6) (F.relu6). */
    public static Tensor relu6(Tensor x) { return x.relu6(); }
    /** x where x &gt; threshold, else value (F.threshold). */
    public static Tensor threshold(Tensor x, double threshold, double value) { return x.threshold(threshold, value); }
    /** Clamped into [−1, 1] (F.hardtanh). */
    public static Tensor hardtanh(Tensor x) { return x.hardtanh(); }
    /** Clamped into [minVal, maxVal] (F.hardtanh). */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) { return x.hardtanh(minVal, maxVal); }
    /** x for x &gt; 0, else 0.01·x (F.leaky_relu). */
    public static Tensor leakyRelu(Tensor x) { return x.leakyRelu(); }
    /** x for x &gt; 0, else negativeSlope·x (F.leaky_relu). */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return x.leakyRelu(negativeSlope); }
    /** x for x &gt; 0, else weight·x with one weight or one per channel of dim 1 (F.prelu). */
    public static Tensor prelu(Tensor x, Tensor weight) { return x.prelu(weight); }
    /** x for x &gt; 0, else eˣ − 1 (F.elu). */
    public static Tensor elu(Tensor x) { return x.elu(); }
    /** x for x &gt; 0, else alpha·(eˣ − 1) (F.elu). */
    public static Tensor elu(Tensor x, double alpha) { return x.elu(alpha); }
    /** Scaled elu with the self-normalizing constants (F.selu). */
    public static Tensor selu(Tensor x) { return x.selu(); }
    /** max(0, x) + min(0, e^x − 1) (F.celu). */
    public static Tensor celu(Tensor x) { return x.celu(); }
    /** max(0, x) + min(0, alpha·(e^(x/alpha) − 1)) (F.celu). */
    public static Tensor celu(Tensor x, double alpha) { return x.celu(alpha); }
    /** x·Φ(x), the exact GELU (F.gelu). */
    public static Tensor gelu(Tensor x) { return x.gelu(); }
    /** GELU, exact ("none") or the tanh approximation ("tanh") (F.gelu). */
    public static Tensor gelu(Tensor x, String approximate) { return x.gelu(approximate); }
    /** x·σ(x) (F.silu). */
    public static Tensor silu(Tensor x) { return x.silu(); }
    /** x·tanh(softplus(x)) (F.mish). */
    public static Tensor mish(Tensor x) { return x.mish(); }
    /** 1 / (1 + e^(−x)) (F.sigmoid). */
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    /** Hyperbolic tangent (F.tanh). */
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    /** x / (1 + |x|) (F.softsign). */
    public static Tensor softsign(Tensor x) { return x.softsign(); }
    /** log(1 + eˣ), linear above 20 (F.softplus). */
    public static Tensor softplus(Tensor x) { return x.softplus(); }
    /** log(1 + e^(beta·x)) / beta, linear where beta·x &gt; threshold (F.softplus). */
    public static Tensor softplus(Tensor x, double beta, double threshold) { return x.softplus(beta, threshold); }
    /** log σ(x), computed stably (F.logsigmoid). */
    public static Tensor logsigmoid(Tensor x) { return x.logsigmoid(); }
    /** min(max(x + 3, 0), 6) / 6 (F.hardsigmoid). */
    public static Tensor hardsigmoid(Tensor x) { return x.hardsigmoid(); }
    /** x·hardsigmoid(x) (F.hardswish). */
    public static Tensor hardswish(Tensor x) { return x.hardswish(); }
    /** x where |x| &gt; 0.5, else 0 (F.hardshrink). */
    public static Tensor hardshrink(Tensor x) { return x.hardshrink(); }
    /** x where |x| &gt; lambd, else 0 (F.hardshrink). */
    public static Tensor hardshrink(Tensor x, double lambd) { return x.hardshrink(lambd); }
    /** x shrunk toward 0 by 0.5, 0 inside [−0.5, 0.5] (F.softshrink). */
    public static Tensor softshrink(Tensor x) { return x.softshrink(); }
    /** x shrunk toward 0 by lambd, 0 inside [−lambd, lambd] (F.softshrink). */
    public static Tensor softshrink(Tensor x, double lambd) { return x.softshrink(lambd); }
    /** x − tanh(x) (F.tanhshrink). */
    public static Tensor tanhshrink(Tensor x) { return x.tanhshrink(); }
    /** First half times σ(second half) along the last dim (F.glu). */
    public static Tensor glu(Tensor x) { return x.glu(); }
    /** First half times σ(second half) along {@code dim} (F.glu). */
    public static Tensor glu(Tensor x, int dim) { return x.glu(dim); }
    /** exp(x − max) / Σ exp(x − max) along dim, stable (F.softmax). */
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    /** x − max − log Σ exp(x − max) along dim, stable (F.log_softmax). */
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }

    // ---------------------------------------------------------------- linear maps, normalization, dropout, embedding

    /** y = x Wᵀ + b (torch.nn.functional.linear); bias may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) { return LinearAlgebra.linear(x, weight, bias); }

    /**
     * (x − mean)/√(var + eps)·weight + bias over the trailing dims given by normalizedShape, with the biased variance
     * (torch.nn.functional.layer_norm); weight and bias may be null.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /**
     * Per-channel normalisation of (N, C, *) (torch.nn.functional.batch_norm): batch mean and biased variance when
     * training, else the running statistics; training with running statistics updates them in place with the momentum
     * (the unbiased variance for running_var). Every tensor but x may be null (running stats only when training).
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** F.batch_norm with PyTorch's defaults (momentum 0.1, eps 1e-5) and no weight or bias. */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, boolean training) {
        return batchNorm(x, runningMean, runningVar, null, null, training, 0.1, 1e-5);
    }

    /**
     * Normalisation of each sample's groups of C/numGroups channels of (N, C, *), then ·weight + bias per channel
     * (torch.nn.functional.group_norm); weight and bias may be null.
     */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(x, numGroups, weight, bias, eps);
    }

    /**
     * Normalisation of each (sample, channel) plane of (N, C, *) (torch.nn.functional.instance_norm): its own statistics
     * when useInputStats (updating the running statistics, if given), else the running ones; all tensors but x optional.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        return Normalization.instanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    /** x / max(‖x‖_p, eps) along dim (torch.nn.functional.normalize; defaults p = 2, dim = 1, eps = 1e-12). */
    public static Tensor normalize(Tensor x, double p, int dim, double eps) {
        return x.div(Reductions.norm(x, (float) p, new int[] {dim}, true).clampMin((float) eps));
    }

    /** F.normalize with p = 2, dim = 1, eps = 1e-12: unit Euclidean rows of a (N, C) batch. */
    public static Tensor normalize(Tensor x) { return normalize(x, 2.0, 1, 1e-12); }

    /**
     * x / (k + α·mean of x² over {@code size} neighbouring channels)^β over (N, C, *)
     * (torch.nn.functional.local_response_norm; defaults α = 1e-4, β = 0.75, k = 1).
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        return Normalization.localResponseNorm(x, size, alpha, beta, k);
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

    /** torch.nn.functional.unfold: (N, C, H, W) to its sliding blocks as columns (N, C·kH·kW, L); null for the defaults. */
    public static Tensor unfold(Tensor x, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        return dev.soma.tensor.Folding.unfold(x, kernelSize, dilation, padding, stride);
    }

    /** torch.nn.functional.fold: columns (N, C·kH·kW, L) summed back into (N, C, output_size); null for the defaults. */
    public static Tensor fold(Tensor cols, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        return dev.soma.tensor.Folding.fold(cols, outputSize, kernelSize, dilation, padding, stride);
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
        g.nextFloats(mask, 0, mask.length);
        for (int i = 0; i < mask.length; i++) mask[i] = mask[i] < keep ? scale : 0f;
        return x.mul(Tensor.of(mask, x.shape()));
    }

    /** Dropout with the default generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return dropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Channel dropout (torch.nn.functional.dropout2d): in training, zeroes each whole (N, C) plane of x (N, C, *) with
     * probability p and scales the others by 1/(1−p), one draw from {@code g} per plane; identity when not training.
     * As PyTorch 1.13, a 3-d input is read as (N, C, L).
     */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator g) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout2d: probability has to be between 0 and 1, but got " + p);
        if (x.dim() < 2)
            throw new IllegalArgumentException("dropout2d: expected input of at least 2 dims (N, C, *), got input of size " + Arrays.toString(x.shape()));
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0f);
        float keep = (float) (1 - p), scale = 1f / keep;
        int[] maskShape = new int[x.dim()];
        Arrays.fill(maskShape, 1);
        maskShape[0] = x.size(0);
        maskShape[1] = x.size(1);
        float[] mask = new float[maskShape[0] * maskShape[1]];
        g.nextFloats(mask, 0, mask.length);
        for (int i = 0; i < mask.length; i++) mask[i] = mask[i] < keep ? scale : 0f;
        return x.mul(Tensor.of(mask, maskShape));
    }

    /** Channel dropout with the default generator. */
    public static Tensor dropout2d(Tensor x, double p, boolean training) {
        return dropout2d(x, p, training, Generator.defaultGenerator());
    }

    // ---------------------------------------------------------------- attention

    /**
     * softmax(q·kᵀ·scale + attnMask)·v (torch.nn.functional.scaled_dot_product_attention, PyTorch 2.x): query (…, L, E),
     * key (…, S, E), value (…, S, Ev) with broadcasting batch dims give (…, L, Ev). attnMask (null for none) broadcasts
     * to (…, L, S): a float mask is added, a bool mask lets True positions take part (False → −∞); isCausal allows keys
     * 0..i for query i (ones(L, S).tril()) and excludes a mask; scale null is 1/√E; dropoutP &gt; 0 drops attention
     * weights (always, as F.scaled_dot_product_attention; modules pass 0 in eval) with masks drawn from g.
     * Fully masked rows give NaN, as PyTorch's math path.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP,
                                                   boolean isCausal, Double scale, Generator g) {
        return Attention.attention(q, k, v, attnMask, dropoutP, isCausal, scale, g, false)[0];
    }

    /** {@link #scaledDotProductAttention(Tensor, Tensor, Tensor, Tensor, double, boolean, Double, Generator)} with the default generator. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP,
                                                   boolean isCausal, Double scale) {
        return scaledDotProductAttention(q, k, v, attnMask, dropoutP, isCausal, scale, Generator.defaultGenerator());
    }

    /** Attention with an optional mask, no dropout, not causal, scale 1/√E. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask) {
        return scaledDotProductAttention(q, k, v, attnMask, 0, false, null);
    }

    /** Attention without mask or dropout, scale 1/√E. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) { return scaledDotProductAttention(q, k, v, null); }

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

    // ---------------------------------------------------------------- pooling and resampling

    /**
     * Max pooling over {@code rank} spatial dims (torch.nn.functional.max_pool1d/2d/3d): kernel, stride (null = the
     * kernel), implicit −∞ padding of at most half the kernel, dilation and ceil_mode; sizes hold one value or one per dim.
     */
    public static Tensor maxPool(Tensor x, int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.maxPool(x, rank, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** As {@link #maxPool} with return_indices=True: the values and each max's flat index h·W + w into its input plane. */
    public static ValuesIndices maxPoolWithIndices(Tensor x, int rank, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                                   boolean ceilMode) {
        return Pooling.maxPoolWithIndices(x, rank, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** torch.nn.functional.max_pool1d(x, kernel_size) (stride = kernel). */
    public static Tensor maxPool1d(Tensor x, int kernelSize) { return maxPool(x, 1, new int[] {kernelSize}, null, null, null, false); }

    /** torch.nn.functional.max_pool2d(x, kernel_size) (stride = kernel). */
    public static Tensor maxPool2d(Tensor x, int kernelSize) { return maxPool(x, 2, new int[] {kernelSize}, null, null, null, false); }

    /** torch.nn.functional.max_pool2d(x, kernel_size, stride, padding). */
    public static Tensor maxPool2d(Tensor x, int kernelSize, int stride, int padding) {
        return maxPool(x, 2, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, null, false);
    }

    /**
     * Average pooling over {@code rank} spatial dims (torch.nn.functional.avg_pool1d/2d/3d) with zero padding:
     * count_include_pad counts the padding in the divisor (never the ceil_mode overhang); divisorOverride &gt; 0 replaces
     * the divisor (0 = None).
     */
    public static Tensor avgPool(Tensor x, int rank, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                 boolean countIncludePad, int divisorOverride) {
        return Pooling.avgPool(x, rank, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** torch.nn.functional.avg_pool1d(x, kernel_size) (stride = kernel). */
    public static Tensor avgPool1d(Tensor x, int kernelSize) { return avgPool(x, 1, new int[] {kernelSize}, null, null, false, true, 0); }

    /** torch.nn.functional.avg_pool2d(x, kernel_size) (stride = kernel). */
    public static Tensor avgPool2d(Tensor x, int kernelSize) { return avgPool(x, 2, new int[] {kernelSize}, null, null, false, true, 0); }

    /**
     * Adaptive average pooling to outputSize (one value or one per dim; −1 is PyTorch's None and keeps the size): bin i
     * of a dim spans [floor(i·in/out), ceil((i+1)·in/out)) (torch.nn.functional.adaptive_avg_pool1d/2d/3d).
     */
    public static Tensor adaptiveAvgPool(Tensor x, int rank, int... outputSize) { return Pooling.adaptiveAvgPool(x, rank, outputSize); }

    /** torch.nn.functional.adaptive_avg_pool1d. */
    public static Tensor adaptiveAvgPool1d(Tensor x, int outputSize) { return adaptiveAvgPool(x, 1, outputSize); }

    /** torch.nn.functional.adaptive_avg_pool2d (one size for both dims or one per dim; −1 keeps). */
    public static Tensor adaptiveAvgPool2d(Tensor x, int... outputSize) { return adaptiveAvgPool(x, 2, outputSize); }

    /** Adaptive max pooling to outputSize, bins as {@link #adaptiveAvgPool} (torch.nn.functional.adaptive_max_pool1d/2d/3d). */
    public static Tensor adaptiveMaxPool(Tensor x, int rank, int... outputSize) { return Pooling.adaptiveMaxPool(x, rank, outputSize); }

    /** As {@link #adaptiveMaxPool} with return_indices=True. */
    public static ValuesIndices adaptiveMaxPoolWithIndices(Tensor x, int rank, int... outputSize) {
        return Pooling.adaptiveMaxPoolWithIndices(x, rank, outputSize);
    }

    /** torch.nn.functional.adaptive_max_pool2d (one size for both dims or one per dim; −1 keeps). */
    public static Tensor adaptiveMaxPool2d(Tensor x, int... outputSize) { return adaptiveMaxPool(x, 2, outputSize); }

    /**
     * The partial inverse of max pooling (torch.nn.functional.max_unpool1d/2d/3d): values put at their int64 indices in
     * a zero output of size (in − 1)·stride − 2·padding + kernel per dim, or outputSize (null = that).
     */
    public static Tensor maxUnpool(Tensor x, Tensor indices, int rank, int[] kernelSize, int[] stride, int[] padding, int[] outputSize) {
        return Pooling.maxUnpool(x, indices, rank, kernelSize, stride, padding, outputSize);
    }

    /**
     * Resizes (N, C, spatial…) to size or by scaleFactor (exactly one non-null; one value or one per dim), mode nearest,
     * nearest-exact, linear, bilinear or trilinear, alignCorners null (None) or a boolean for the linear modes
     * (torch.nn.functional.interpolate).
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        return Resampling.interpolate(x, size, scaleFactor, mode, alignCorners);
    }

    /** (*, C·r², H, W) to (*, C, H·r, W·r) (torch.nn.functional.pixel_shuffle). */
    public static Tensor pixelShuffle(Tensor x, int upscaleFactor) { return Resampling.pixelShuffle(x, upscaleFactor); }

    /** (*, C, H·r, W·r) to (*, C·r², H, W) (torch.nn.functional.pixel_unshuffle). */
    public static Tensor pixelUnshuffle(Tensor x, int downscaleFactor) { return Resampling.pixelUnshuffle(x, downscaleFactor); }

    // ---------------------------------------------------------------- losses

    // regression

    /** (input − target)²; F.mse_loss. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        warnIfShapesDiffer("mse_loss", input, target);
        return reduction.apply(input.sub(target).square());
    }

    /** |input − target|; F.l1_loss. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        warnIfShapesDiffer("l1_loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    /** 0.5·d²/β where |d| < β, else |d| − 0.5·β (β = 0 gives L1); F.smooth_l1_loss, β default 1. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        if (beta < 0) throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta, got " + beta);
        warnIfShapesDiffer("smooth_l1_loss", input, target);
        Tensor d = input.sub(target), a = d.abs();
        if (beta == 0) return reduction.apply(a);
        float b = (float) beta;
        return reduction.apply(Tensor.where(a.lt(b), d.square().mul(0.5f / b), a.sub(0.5f * b)));
    }

    /** 0.5·d² where |d| ≤ δ, else δ·(|d| − 0.5·δ); F.huber_loss, δ default 1. */
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        if (!(delta > 0)) throw new IllegalArgumentException("huber_loss does not support non-positive values for delta, got " + delta);
        warnIfShapesDiffer("huber_loss", input, target);
        Tensor d = input.sub(target), a = d.abs();
        float dl = (float) delta;
        return reduction.apply(Tensor.where(a.le(dl), d.square().mul(0.5f), a.sub(0.5f * dl).mul(dl)));
    }

    // ---------------------------------------------------------------- binary classification

    /** −w·(t·log x + (1−t)·log(1−x)) with each log clamped at −100, as PyTorch; F.binary_cross_entropy. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        requireSameShape("binary_cross_entropy", input, target);
        if (weight != null) requireBroadcast("binary_cross_entropy", "weight", weight, "input", input);
        float[] x = input.toFloatArray();
        for (float v : x)
            if (!(v >= 0f && v <= 1f))
                throw new IllegalArgumentException("binary_cross_entropy: all elements of input should be between 0 and 1, found " + v);
        Tensor logX = input.log().clampMin(-100f), log1mX = input.rsub(1f).log().clampMin(-100f);
        Tensor l = target.mul(logX).add(target.rsub(1f).mul(log1mX)).neg();
        if (weight != null) l = l.mul(weight);
        return reduction.apply(l);
    }

    /**
     * BCE on logits, stable for any x: (1−t)·x + (1 + (pw−1)·t)·(log1p(e^−|x|) + max(−x, 0)), scaled by weight;
     * F.binary_cross_entropy_with_logits. {@code posWeight} broadcasts along the last dim.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        requireSameShape("binary_cross_entropy_with_logits", input, target);
        if (weight != null) requireBroadcast("binary_cross_entropy_with_logits", "weight", weight, "input", input);
        if (posWeight != null) requireBroadcast("binary_cross_entropy_with_logits", "pos_weight", posWeight, "input", input);
        Tensor softplusNeg = input.abs().neg().exp().log1p().add(input.neg().clampMin(0f));    // log(1 + e^−x)
        Tensor scale = posWeight == null ? null : posWeight.sub(1f).mul(target).add(1f);
        Tensor l = target.rsub(1f).mul(input).add(scale == null ? softplusNeg : scale.mul(softplusNeg));
        if (weight != null) l = l.mul(weight);
        return reduction.apply(l);
    }

    // ---------------------------------------------------------------- multi-class classification

    /**
     * Cross-entropy from logits (N, C), (N, C, d1, …) or (C): {@code target} holds class indices (int64, the input
     * shape without the class dim) or class probabilities (float, the input's shape). With indices,
     * l = (1−ε)·w_y·(−log p_y) + (ε/C)·Σ_c w_c·(−log p_c), mean = Σ l / Σ w_y over targets ≠ ignoreIndex;
     * with probabilities, l = −Σ_c w_c·((1−ε)t_c + ε/C)·log p_c and mean divides by the element count.
     * log p comes from log_softmax, never from log(softmax). F.cross_entropy (ignoreIndex −100, ε 0 by default).
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction,
                                      double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        int classDim = input.dim() == 1 ? 0 : 1;
        if (input.dim() == 0) throw new IllegalArgumentException("cross_entropy: input must have a class dimension, got a 0-d tensor");
        int c = input.size(classDim);
        checkWeight("cross_entropy", weight, c);
        Tensor logp = input.logSoftmax(classDim);
        if (target.dtype() == DType.FLOAT32) {
            if (!Arrays.equals(target.shape(), input.shape()))
                throw new IllegalArgumentException("cross_entropy: expected class indices (int64) of shape "
                        + Arrays.toString(dropDim(input.shape(), classDim)) + " or class probabilities of shape "
                        + Arrays.toString(input.shape()) + ", got float target of shape " + Arrays.toString(target.shape()));
            float eps = (float) labelSmoothing;
            Tensor t = eps == 0f ? target : target.mul(1f - eps).add(eps / c);
            Tensor terms = t.mul(logp);
            if (weight != null) terms = terms.mul(channelShaped(weight, input.dim(), classDim));
            Tensor l = terms.sum(classDim).neg();
            return reduction.apply(l);
        }
        return classIndexLoss("cross_entropy", logp, target, weight, ignoreIndex, reduction, labelSmoothing);
    }

    /** F.cross_entropy with PyTorch's defaults (no weight, ignore_index −100, mean, no smoothing). */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, -100, Reduction.MEAN, 0.0);
    }

    /** Negative log-likelihood of log-probabilities (N, C), (N, C, d1, …) or (C) at class indices; F.nll_loss. */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        if (input.dim() == 0) throw new IllegalArgumentException("nll_loss: input must have a class dimension, got a 0-d tensor");
        checkWeight("nll_loss", weight, input.size(input.dim() == 1 ? 0 : 1));
        return classIndexLoss("nll_loss", input, target, weight, ignoreIndex, reduction, 0.0);
    }

    /** The class-index path shared by cross-entropy (after log_softmax) and NLL. */
    private static Tensor classIndexLoss(String op, Tensor logp, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction,
                                         double labelSmoothing) {
        if (target.dtype() != DType.INT64)
            throw new IllegalArgumentException(op + ": expected int64 class indices as target, got " + target.dtype().torchName());
        int classDim = logp.dim() == 1 ? 0 : 1, c = logp.size(classDim);
        int[] expected = dropDim(logp.shape(), classDim);
        if (!Arrays.equals(target.shape(), expected))
            throw new IllegalArgumentException(op + ": expected target of shape " + Arrays.toString(expected) + " for input of shape "
                    + Arrays.toString(logp.shape()) + ", got " + Arrays.toString(target.shape()));
        // Rows of class scores: (M, C) with the class dim last.
        Tensor rows = classDim == 0 ? logp.unsqueeze(0) : moveClassLast(logp);
        long[] idx = target.toLongArray();
        float[] keep = new float[idx.length], safe = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] == ignoreIndex) continue;
            if (idx[i] < 0 || idx[i] >= c)
                throw new IllegalArgumentException(op + ": target " + idx[i] + " is out of bounds for " + c + " classes");
            keep[i] = 1f;
            safe[i] = idx[i];
        }
        int m = idx.length;
        Tensor index = Tensor.ofLongs(toLongs(safe), m);
        Tensor mask = Tensor.of(keep, m);
        Tensor picked = rows.gather(1, index.unsqueeze(1)).squeeze(1);                // log p_y, (M)
        Tensor wy = weight == null ? mask : weight.indexSelect(0, index).mul(mask);     // w_y, 0 where ignored
        Tensor l = picked.mul(wy).neg();
        if (labelSmoothing > 0) {
            float eps = (float) labelSmoothing;
            Tensor all = weight == null ? rows.sum(1) : rows.mul(weight).sum(1);         // Σ_c w_c log p_c
            l = l.mul(1f - eps).sub(all.mul(mask).mul(eps / c));
        }
        return switch (reduction) {
            case NONE -> l.reshape(target.shape());
            case SUM -> l.sum();
            case MEAN -> l.sum().div(wy.sum());
        };
    }

    /**
     * Multi-class hinge loss: l_i = Σ_{j≠y} w_y·max(0, margin − x_y + x_j)^p / C, p ∈ {1, 2}; input (N, C) or (C);
     * F.multi_margin_loss (p 1, margin 1).
     */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        if (p != 1 && p != 2) throw new IllegalArgumentException("multi_margin_loss: only p == 1 and p == 2 supported, got " + p);
        if (input.dim() < 1 || input.dim() > 2)
            throw new IllegalArgumentException("multi_margin_loss: expected input of shape (N, C) or (C), got " + Arrays.toString(input.shape()));
        Tensor x = input.dim() == 1 ? input.unsqueeze(0) : input;
        int n = x.size(0), c = x.size(1);
        if (target.numel() != n || target.dtype() != DType.INT64)
            throw new IllegalArgumentException("multi_margin_loss: expected " + n + " int64 class indices as target, got "
                    + target.dtype().torchName() + " of shape " + Arrays.toString(target.shape()));
        checkWeight("multi_margin_loss", weight, c);
        long[] y = target.toLongArray();
        float[] notTarget = new float[n * c];
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= c)
                throw new IllegalArgumentException("multi_margin_loss: target " + y[i] + " out of range for " + c + " classes");
            for (int j = 0; j < c; j++) notTarget[i * c + j] = j == y[i] ? 0f : 1f;
        }
        Tensor index = target.reshape(n, 1);
        Tensor xy = x.gather(1, index);                                                   // (N, 1)
        Tensor h = xy.neg().add(x).add((float) margin).clampMin(0f);
        if (p == 2) h = h.square();
        if (weight != null) h = h.mul(weight.indexSelect(0, target.reshape(n)).unsqueeze(1));
        Tensor l = h.mul(Tensor.of(notTarget, n, c)).sum(1).div((float) c);
        if (input.dim() == 1 && reduction == Reduction.NONE) l = l.squeeze(0);
        return reduction.apply(l);
    }

    // ---------------------------------------------------------------- distributions, embeddings, ranking

    /**
     * KL divergence with input = log q: t·(log t − input) pointwise (0 where t = 0), or e^t·(t − input) when
     * {@code logTarget}; reduction "none", "mean", "sum" or "batchmean" (sum / input.size(0)); F.kl_div.
     */
    public static Tensor klDiv(Tensor input, Tensor target, String reduction, boolean logTarget) {
        requireBroadcast("kl_div", "input", input, "target", target);
        Tensor l;
        if (logTarget) l = target.exp().mul(target.sub(input));
        else {
            Tensor tlogt = Tensor.where(target.gt(0f), target.mul(target.clampMin(Float.MIN_NORMAL).log()), Tensor.zerosLike(target));
            l = tlogt.sub(target.mul(input));
        }
        if (reduction.equals("batchmean")) return input.dim() == 0 ? l.sum() : l.sum().div((float) input.size(0));
        return Reduction.of(reduction).apply(l);
    }

    /** x where y = 1, max(0, margin − x) where y = −1; F.hinge_embedding_loss (margin 1). */
    public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        requireBroadcast("hinge_embedding_loss", "input", input, "target", target);
        Tensor zeros = Tensor.zerosLike(input);
        Tensor hinge = Tensor.where(target.ne(1f), input.neg().add((float) margin).clampMin(0f), zeros);
        Tensor self = Tensor.where(target.ne(-1f), input, zeros);
        return reduction.apply(hinge.add(self));
    }

    /** log(1 + e^(−y·x)), computed without overflow; F.soft_margin_loss. */
    public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
        requireBroadcast("soft_margin_loss", "input", input, "target", target);
        Tensor z = input.mul(target).neg();
        return reduction.apply(z.clampMin(0f).add(z.abs().neg().exp().log1p()));
    }

    /**
     * 1 − cos(x1, x2) where y = 1, max(0, cos − margin) where y = −1; cos along the last dim of (N, D) or (D)
     * inputs with 1e-12 added to each squared norm, as PyTorch; F.cosine_embedding_loss (margin 0).
     */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        if (input1.dim() < 1 || input1.dim() > 2 || !Arrays.equals(input1.shape(), input2.shape()))
            throw new IllegalArgumentException("cosine_embedding_loss: expected inputs of the same shape (N, D) or (D), got "
                    + Arrays.toString(input1.shape()) + " and " + Arrays.toString(input2.shape()));
        int d = input1.dim() - 1;
        Tensor dot = input1.mul(input2).sum(d);
        Tensor norms = input1.square().sum(d).add(1e-12f).mul(input2.square().sum(d).add(1e-12f)).sqrt();
        Tensor cos = dot.div(norms);
        Tensor zeros = Tensor.zerosLike(cos);
        Tensor pos = Tensor.where(target.eq(1f), cos.rsub(1f), zeros);
        Tensor neg = Tensor.where(target.eq(-1f), cos.sub((float) margin).clampMin(0f), zeros);
        return reduction.apply(pos.add(neg));
    }

    /** max(0, −y·(x1 − x2) + margin); F.margin_ranking_loss (margin 0). */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        requireBroadcast("margin_ranking_loss", "input1", input1, "input2", input2);
        requireBroadcast("margin_ranking_loss", "input1", input1, "target", target);
        return reduction.apply(target.neg().mul(input1.sub(input2)).add((float) margin).clampMin(0f));
    }

    // ---------------------------------------------------------------- regularisation

    /**
     * The explicit L2 penalty λ·Σ‖p‖² over {@code params}, to add to a loss. SGD's {@code weight_decay = wd}
     * matches a penalty with λ = wd / 2.
     */
    public static Tensor l2Penalty(Iterable<? extends Tensor> params, double lambda) {
        Tensor total = null;
        for (Tensor p : params) {
            Tensor s = p.square().sum();
            total = total == null ? s : total.add(s);
        }
        return total == null ? Tensor.scalar(0f) : total.mul((float) lambda);
    }

    // ---------------------------------------------------------------- helpers

    private static void requireSameShape(String op, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape()))
            throw new IllegalArgumentException(op + ": using a target size " + Arrays.toString(target.shape())
                    + " that is different to the input size " + Arrays.toString(input.shape()) + " is not allowed");
    }

    /**
     * An element-wise loss's input and target must broadcast; when their shapes differ, PyTorch's warning, once per
     * loss (an (N, 1) output against an (N) target silently becomes an (N, N) loss).
     */
    private static void warnIfShapesDiffer(String op, Tensor input, Tensor target) {
        if (Arrays.equals(input.shape(), target.shape())) return;
        requireBroadcast(op, "input", input, "target", target);
        Warnings.once(op, op + ": Using a target size " + Arrays.toString(target.shape()) + " that is different to the input size "
                + Arrays.toString(input.shape()) + ". This will likely lead to incorrect results due to broadcasting. "
                + "Please ensure they have the same size.");
    }

    /** Two of a loss's arguments must broadcast together; the error names the loss first. */
    private static void requireBroadcast(String op, String nameA, Tensor a, String nameB, Tensor b) {
        try {
            Shape.broadcast(a.shape(), b.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + nameA + " of shape " + Arrays.toString(a.shape()) + " and " + nameB
                    + " of shape " + Arrays.toString(b.shape()) + " do not broadcast (" + e.getMessage() + ")", e);
        }
    }

    private static void checkWeight(String op, Tensor weight, int classes) {
        if (weight != null && (weight.dim() != 1 || weight.size(0) != classes))
            throw new IllegalArgumentException(op + ": weight must be a 1-D tensor of " + classes + " class weights, got shape "
                    + Arrays.toString(weight.shape()));
    }

    private static int[] dropDim(int[] shape, int dim) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) if (i != dim) out[k++] = shape[i];
        return out;
    }

    /** (N, C, d1, …) as (N·d1·…, C). */
    private static Tensor moveClassLast(Tensor x) {
        if (x.dim() == 2) return x;
        int r = x.dim();
        int[] perm = new int[r];
        perm[0] = 0;
        for (int i = 1; i < r - 1; i++) perm[i] = i + 1;
        perm[r - 1] = 1;
        return x.permute(perm).reshape(-1, x.size(1));
    }

    /** A (C) weight shaped to broadcast along the class dim of a rank-r input. */
    private static Tensor channelShaped(Tensor weight, int rank, int classDim) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[classDim] = weight.size(0);
        return weight.reshape(shape);
    }

    private static long[] toLongs(float[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (long) v[i];
        return out;
    }
}
