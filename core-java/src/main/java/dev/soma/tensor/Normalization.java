package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.autograd.GradMode;
import dev.soma.kernel.ChannelNorm;
import dev.soma.kernel.RowOps;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The normalisation ops behind nn.Functional, which users call: layer norm over the trailing dims on the kernel's row
 * normalisation, and batch, group and instance norm and local response norm over (N, C, *) data on its channel passes
 * (statistics in one pass, normalise and affine fused in a second; backward one reduce pass and one apply pass).
 */
public final class Normalization {
    private Normalization() {}

    /**
     * (x − mean)/√(var + eps)·weight + bias with mean and biased variance over the last {@code normalizedShape.length}
     * dims, which must equal normalizedShape; weight and bias (of normalizedShape) may be null (F.layer_norm).
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        Ops.requireFloat("layer_norm", x);
        int k = normalizedShape.length, r = x.dim();
        boolean fits = k >= 1 && k <= r;
        for (int i = 0; fits && i < k; i++) fits = x.shape[r - k + i] == normalizedShape[i];
        if (!fits)
            throw new IllegalArgumentException("layer_norm: given normalized_shape=" + Shape.str(normalizedShape)
                    + ", expected input with shape [*, " + Shape.str(normalizedShape).replaceAll("^\\[|\\]$", "")
                    + "], but got input of size " + Shape.str(x.shape));
        checkAffine("weight", weight, normalizedShape);
        checkAffine("bias", bias, normalizedShape);
        int n = Shape.numel(normalizedShape), rows = n == 0 ? 0 : x.numel() / n;
        Tensor xc = x.detach().contiguous();
        float[] xd = Ops.dense(xc), out = BufferPool.take(x.numel()), mean = new float[rows], rstd = new float[rows];
        float[] w = weight == null ? null : Ops.dense(weight), b = bias == null ? null : Ops.dense(bias);
        RowOps.normalizeRows(xd, rows, n, (float) eps, w, b, out, mean, rstd);
        Tensor y = BufferPool.wrap(out, x.shape.clone(), DType.FLOAT32);
        int[] kept = x.shape.clone();
        for (int i = r - k; i < r; i++) kept[i] = 1;
        int[] rowDims = new int[r - k];
        for (int i = 0; i < rowDims.length; i++) rowDims[i] = i;
        return Graph.record("NativeLayerNormBackward", y, new Tensor[] {x, weight, bias}, (g, need) -> {
            float[] gd = Ops.dense(g);
            Tensor dx = null;
            if (need[0]) {
                float[] dxd = BufferPool.take(x.numel());
                RowOps.normalizeRowsBackward(xd, gd, rows, n, w, mean, rstd, dxd);
                dx = BufferPool.wrap(dxd, x.shape.clone(), DType.FLOAT32);
            }
            Tensor dw = null;
            if (need[1]) {
                Tensor xhat = xc.sub(Tensor.wrap(mean, kept)).mul(Tensor.wrap(rstd, kept));
                dw = sumRows(g.mul(xhat), rowDims).reshape(normalizedShape);
            }
            Tensor db = need[2] ? sumRows(g, rowDims).reshape(normalizedShape) : null;
            return new Tensor[] {dx, dw, db};
        }, java.util.stream.Stream.of(x, weight, bias).filter(java.util.Objects::nonNull).toArray(Tensor[]::new));
    }

    // Sums over the row dims; with none (normalized_shape covers every dim) there is nothing to sum, whereas an
    // empty dims list would make Reductions.sum reduce everything.
    private static Tensor sumRows(Tensor t, int[] rowDims) {
        return rowDims.length == 0 ? t : Reductions.sum(t, rowDims, false);
    }

    private static void checkAffine(String name, Tensor t, int[] normalizedShape) {
        if (t != null && !java.util.Arrays.equals(t.shape, normalizedShape))
            throw new IllegalArgumentException("layer_norm: expected " + name + " of shape " + Shape.str(normalizedShape)
                    + ", got " + Shape.str(t.shape));
    }

    // ---------------------------------------------------------------- over channels of (N, C, *)

    /**
     * F.batch_norm: each channel of x (N, C, *) normalised with the batch mean and biased variance when training, else
     * with runningMean/runningVar, then ·weight + bias (both optional). Training with running stats also updates them
     * in place: mean ← (1−momentum)·mean + momentum·batch mean, var likewise with the unbiased batch variance.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        String op = "batch_norm";
        Ops.requireFloat(op, x);
        if (x.dim() < 2)
            throw new IllegalArgumentException(op + ": expected input of at least 2 dims (N, C, *), got input of size " + Shape.str(x.shape));
        int n = x.shape[0], c = x.shape[1], s = spatial(x), planes = n * c;
        checkChannels(op, "running_mean", runningMean, c);
        checkChannels(op, "running_var", runningVar, c);
        checkChannels(op, "weight", weight, c);
        checkChannels(op, "bias", bias, c);
        if ((runningMean == null) != (runningVar == null))
            throw new IllegalArgumentException(op + ": running_mean and running_var must both be given or both be None");
        if (!training && runningMean == null)
            throw new IllegalArgumentException(op + ": running_mean and running_var must be defined in evaluation mode");
        long m = (long) n * s;
        if (training && m <= 1)
            throw new IllegalArgumentException(op + ": Expected more than 1 value per channel when training, got input size " + Shape.str(x.shape));
        float[] xd = Ops.dense(x.detach().contiguous());
        float[] mean = new float[c], rstd = new float[c];
        if (training) {
            double[] sum = new double[c], sumSq = new double[c];
            ChannelNorm.channelSums(xd, xd, n, c, s, sum, sumSq);      // one pass: Σx and Σx² per channel
            float[] rm = runningMean == null ? null : runningMean.toFloatArray(), rv = runningMean == null ? null : runningVar.toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                double sx = sum[ch], sxx = sumSq[ch];
                double mu = sx / m, var = Math.max(sxx / m - mu * mu, 0);
                mean[ch] = (float) mu;
                rstd[ch] = (float) (1 / Math.sqrt(var + eps));
                if (rm != null) {
                    rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * mu);
                    rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * var * m / (m - 1));
                }
            }
            if (rm != null) {
                try (var g = GradMode.noGrad()) {
                    runningMean.copy_(Tensor.wrap(rm, runningMean.shape()));
                    runningVar.copy_(Tensor.wrap(rv, runningVar.shape()));
                }
            }
        } else {
            float[] rm = runningMean.toFloatArray(), rv = runningVar.toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                mean[ch] = rm[ch];
                rstd[ch] = (float) (1 / Math.sqrt((double) rv[ch] + eps));
            }
        }
        float[] w = weight == null ? null : Ops.dense(weight.detach()), b = bias == null ? null : Ops.dense(bias.detach());
        float[] scale = new float[c], add = new float[c];
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = w == null ? rstd[ch] : rstd[ch] * w[ch];
            add[ch] = b == null ? 0f : b[ch];
        }
        float[] out = BufferPool.take(x.numel());
        ChannelNorm.apply(xd, null, planes, s, c, mean, scale, null, add, out);
        Tensor y = BufferPool.wrap(out, x.shape.clone(), DType.FLOAT32);
        return Graph.record("NativeBatchNormBackward", y, new Tensor[] {x, weight, bias}, (g, need) -> {
            float[] gd = Ops.dense(g);
            double[] sg = new double[c], sgxhat = new double[c];
            if (need[1] || need[2] || (need[0] && training)) {
                double[] sumG = new double[c], sumGx = new double[c];
                ChannelNorm.channelSums(gd, xd, n, c, s, sumG, sumGx);      // one pass: Σg and Σg·x per channel
                for (int ch = 0; ch < c; ch++) {
                    double a = sumG[ch], ax = sumGx[ch];
                    sg[ch] = a;
                    sgxhat[ch] = rstd[ch] * (ax - mean[ch] * a);     // Σ g·x̂
                }
            }
            Tensor dx = null;
            if (need[0]) {
                // training: dx = w·r·(g − Σg/M − x̂·Σg·x̂/M); eval: dx = w·r·g (the statistics are constants)
                float[] gScale = new float[c], xScale = new float[c], shift = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    double wr = (w == null ? 1.0 : w[ch]) * rstd[ch];
                    gScale[ch] = (float) wr;
                    if (training) {
                        xScale[ch] = (float) (-wr * rstd[ch] * sgxhat[ch] / m);
                        shift[ch] = (float) (-wr * sg[ch] / m);
                    }
                }
                float[] dxd = BufferPool.take(x.numel());
                ChannelNorm.apply(xd, gd, planes, s, c, mean, xScale, gScale, shift, dxd);
                dx = BufferPool.wrap(dxd, x.shape.clone(), DType.FLOAT32);
            }
            Tensor dw = need[1] ? Tensor.wrap(toFloats(sgxhat), new int[] {c}) : null;
            Tensor db = need[2] ? Tensor.wrap(toFloats(sg), new int[] {c}) : null;
            return new Tensor[] {dx, dw, db};
        }, Stream.of(x, weight, bias).filter(Objects::nonNull).toArray(Tensor[]::new));
    }

    /**
     * F.group_norm: x (N, C, *) with C divisible by numGroups; each sample's group of C/numGroups channels normalised
     * with its own mean and biased variance, then ·weight + bias per channel (both optional).
     */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        String op = "group_norm";
        Ops.requireFloat(op, x);
        if (x.dim() < 2)
            throw new IllegalArgumentException(op + ": expected input of at least 2 dims (N, C, *), got input of size " + Shape.str(x.shape));
        if (numGroups <= 0) throw new IllegalArgumentException(op + ": num_groups must be positive, got " + numGroups);
        if (x.shape[1] % numGroups != 0)
            throw new IllegalArgumentException(op + ": Expected number of channels in input to be divisible by num_groups, but got input of shape "
                    + Shape.str(x.shape) + " and num_groups=" + numGroups);
        checkChannels(op, "weight", weight, x.shape[1]);
        checkChannels(op, "bias", bias, x.shape[1]);
        return groupNorm(x, numGroups, weight, bias, eps, null, null);
    }

    /**
     * F.instance_norm: each (sample, channel) plane of x (N, C, *) normalised with its own mean and biased variance
     * when useInputStats (updating runningMean/runningVar, if given, with the batch average of the planes' means and
     * unbiased variances), else with the running statistics; then ·weight + bias (all four optional).
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        String op = "instance_norm";
        Ops.requireFloat(op, x);
        if (x.dim() < 3)
            throw new IllegalArgumentException(op + ": expected input of at least 3 dims (N, C, *), got input of size " + Shape.str(x.shape));
        int n = x.shape[0], c = x.shape[1], s = spatial(x);
        checkChannels(op, "running_mean", runningMean, c);
        checkChannels(op, "running_var", runningVar, c);
        checkChannels(op, "weight", weight, c);
        checkChannels(op, "bias", bias, c);
        if ((runningMean == null) != (runningVar == null))
            throw new IllegalArgumentException(op + ": running_mean and running_var must both be given or both be None");
        if (!useInputStats) {
            if (runningMean == null)
                throw new IllegalArgumentException(op + ": Expected running_mean and running_var to be defined when use_input_stats is false");
            return batchNorm(x, runningMean, runningVar, weight, bias, false, momentum, eps);
        }
        if (s <= 1)
            throw new IllegalArgumentException(op + ": Expected more than 1 spatial element when training, got input size " + Shape.str(x.shape));
        if (runningMean == null) return groupNorm(x, c, weight, bias, eps, null, null);
        double[] mu = new double[n * c], var = new double[n * c];
        Tensor y = groupNorm(x, c, weight, bias, eps, mu, var);
        float[] rm = runningMean.toFloatArray(), rv = runningVar.toFloatArray();
        for (int ch = 0; ch < c; ch++) {
            double am = 0, av = 0;
            for (int i = 0; i < n; i++) {
                am += mu[i * c + ch];
                av += var[i * c + ch] * s / (s - 1);
            }
            rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * am / n);
            rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * av / n);
        }
        try (var g = GradMode.noGrad()) {
            runningMean.copy_(Tensor.wrap(rm, runningMean.shape()));
            runningVar.copy_(Tensor.wrap(rv, runningVar.shape()));
        }
        return y;
    }

    // Group normalisation of a valid (N, C, *) input; groupMean/groupVar (biased), if given, receive each (n, group)'s statistics.
    private static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps, double[] groupMean, double[] groupVar) {
        int n = x.shape[0], c = x.shape[1], s = spatial(x), planes = n * c, cg = c / groups, ng = n * groups;
        long m = (long) cg * s;
        float[] xd = Ops.dense(x.detach().contiguous());
        double[] sums = new double[2 * planes];
        ChannelNorm.planeSums(xd, xd, planes, s, sums);
        float[] mean = new float[ng], rstd = new float[ng];
        for (int q = 0; q < ng; q++) {
            double sx = 0, sxx = 0;
            for (int j = 0; j < cg; j++) {
                sx += sums[2 * (q * cg + j)];
                sxx += sums[2 * (q * cg + j) + 1];
            }
            double mu = m == 0 ? Double.NaN : sx / m, var = m == 0 ? Double.NaN : Math.max(sxx / m - mu * mu, 0);
            mean[q] = (float) mu;
            rstd[q] = (float) (1 / Math.sqrt(var + eps));
            if (groupMean != null) {
                groupMean[q] = mu;
                groupVar[q] = var;
            }
        }
        float[] w = weight == null ? null : Ops.dense(weight.detach()), b = bias == null ? null : Ops.dense(bias.detach());
        float[] shift = new float[planes], scale = new float[planes], add = new float[planes];
        for (int p = 0; p < planes; p++) {
            int q = p / cg, ch = p % c;
            shift[p] = mean[q];
            scale[p] = w == null ? rstd[q] : rstd[q] * w[ch];
            add[p] = b == null ? 0f : b[ch];
        }
        float[] out = BufferPool.take(x.numel());
        ChannelNorm.apply(xd, null, planes, s, planes, shift, scale, null, add, out);
        Tensor y = BufferPool.wrap(out, x.shape.clone(), DType.FLOAT32);
        return Graph.record("NativeGroupNormBackward", y, new Tensor[] {x, weight, bias}, (g, need) -> {
            float[] gd = Ops.dense(g);
            double[] gs = new double[2 * planes];
            ChannelNorm.planeSums(gd, xd, planes, s, gs);      // per plane Σg and Σg·x
            Tensor dx = null;
            if (need[0]) {
                // dx = r·(ĝ − Σĝ/M − x̂·Σĝx̂/M) per group, ĝ = g·w_c, x̂ = (x − μ)·r
                float[] gScale = new float[planes], xScale = new float[planes], sh = new float[planes];
                for (int q = 0; q < ng; q++) {
                    double a = 0, ax = 0;
                    for (int j = 0; j < cg; j++) {
                        int p = q * cg + j;
                        double wc = w == null ? 1.0 : w[p % c];
                        a += wc * gs[2 * p];
                        ax += wc * gs[2 * p + 1];
                    }
                    double r = rstd[q], ghx = r * (ax - mean[q] * a);
                    for (int j = 0; j < cg; j++) {
                        int p = q * cg + j;
                        gScale[p] = (float) (r * (w == null ? 1.0 : w[p % c]));
                        xScale[p] = (float) (-r * r * ghx / m);
                        sh[p] = (float) (-r * a / m);
                    }
                }
                float[] dxd = BufferPool.take(x.numel());
                ChannelNorm.apply(xd, gd, planes, s, planes, shift, xScale, gScale, sh, dxd);
                dx = BufferPool.wrap(dxd, x.shape.clone(), DType.FLOAT32);
            }
            Tensor dw = null, db = null;
            if (need[1] || need[2]) {
                float[] dwd = new float[c], dbd = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    double sw = 0, sb = 0;
                    for (int i = 0; i < n; i++) {
                        int p = i * c + ch, q = p / cg;
                        sw += rstd[q] * (gs[2 * p + 1] - mean[q] * gs[2 * p]);
                        sb += gs[2 * p];
                    }
                    dwd[ch] = (float) sw;
                    dbd[ch] = (float) sb;
                }
                dw = need[1] ? Tensor.wrap(dwd, new int[] {c}) : null;
                db = need[2] ? Tensor.wrap(dbd, new int[] {c}) : null;
            }
            return new Tensor[] {dx, dw, db};
        }, Stream.of(x, weight, bias).filter(Objects::nonNull).toArray(Tensor[]::new));
    }

    /**
     * F.local_response_norm: x (N, C, *) divided by (k + α·mean of x² over a window of {@code size} channels, zeros
     * beyond the edges)^β; the window of channel c spans [c − size/2, c + (size−1)/2].
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        String op = "local_response_norm";
        Ops.requireFloat(op, x);
        if (x.dim() < 3)
            throw new IllegalArgumentException(op + ": Expected 3D or higher dimensionality input (got " + x.dim() + " dimensions)");
        if (size <= 0) throw new IllegalArgumentException(op + ": size must be positive, got " + size);
        int n = x.shape[0], c = x.shape[1], s = spatial(x);
        float[] xd = Ops.dense(x.detach().contiguous()), den = new float[x.numel()], out = BufferPool.take(x.numel());
        ChannelNorm.localResponse(xd, n, c, s, size, (float) alpha, (float) beta, (float) k, den, out);
        Tensor y = BufferPool.wrap(out, x.shape.clone(), DType.FLOAT32);
        return Graph.record("LocalResponseNormBackward", y, new Tensor[] {x}, (g, need) -> {
            float[] dxd = BufferPool.take(x.numel());
            ChannelNorm.localResponseBackward(xd, Ops.dense(g), den, n, c, s, size, (float) alpha, (float) beta, dxd);
            return new Tensor[] {BufferPool.wrap(dxd, x.shape.clone(), DType.FLOAT32)};
        }, x);
    }

    // The product of the sizes after (N, C).
    private static int spatial(Tensor x) {
        int s = 1;
        for (int i = 2; i < x.dim(); i++) s *= x.shape[i];
        return s;
    }

    private static void checkChannels(String op, String name, Tensor t, int c) {
        if (t == null) return;
        Ops.requireFloat(op, t);
        if (t.numel() != c || t.dim() != 1)
            throw new IllegalArgumentException(op + ": " + name + " should contain " + c + " elements not " + t.numel()
                    + " (a vector of one value per channel, got shape " + Shape.str(t.shape) + ")");
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
        return out;
    }
}
