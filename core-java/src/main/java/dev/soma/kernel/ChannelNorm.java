package dev.soma.kernel;

/**
 * The passes under BatchNorm, GroupNorm and InstanceNorm over contiguous (N, C, S) data seen as N·C planes of S
 * values: one reduction pass, per channel (BatchNorm) or per plane (GroupNorm, InstanceNorm), summing the data and its
 * products with a second array in double; and one apply pass mapping each plane affinely (normalise and affine fused
 * forward; the input gradient backward). Every sum runs in a fixed order and callers combine plane sums in a fixed
 * order, so results do not depend on the thread count. The passes run in parallel over channels or planes and allocate
 * nothing in their loops; channel local response normalisation, which mixes neighbouring planes, is here too.
 */
public final class ChannelNorm {
    private ChannelNorm() {}

    /**
     * Planes shorter than this go through plain loops over whole rows instead of one kernel call per plane: for
     * (N, C) data (S = 1) the calls would cost far more than the arithmetic.
     */
    static final int SHORT_PLANE = 16;

    /**
     * sum[c] = Σ a and dot[c] = Σ a·b over every sample n and position i of channel c (a[(n·C + c)·s + i]), in double,
     * summed in the order n, i and in parallel over channels (b = a: the channel's sum and sum of squares).
     */
    public static void channelSums(float[] a, float[] b, int n, int c, int s, double[] sum, double[] dot) {
        FloatKernel k = Kernels.FLOAT;
        KernelThreads.forRange(c, (long) n * c * s * 2, (c0, c1) -> {
            if (s >= SHORT_PLANE) {
                double[] t = new double[2];
                for (int ch = c0; ch < c1; ch++) {
                    double sa = 0, sd = 0;
                    for (int i = 0; i < n; i++) {
                        int o = (i * c + ch) * s;
                        k.sumAndDot(a, o, b, o, s, t, 0);
                        sa += t[0];
                        sd += t[1];
                    }
                    sum[ch] = sa;
                    dot[ch] = sd;
                }
                return;
            }
            java.util.Arrays.fill(sum, c0, c1, 0.0);
            java.util.Arrays.fill(dot, c0, c1, 0.0);
            if (s == 1) {           // (N, C): column sums of the rows' channel range
                for (int i = 0; i < n; i++) {
                    int o = i * c + c0;
                    k.accumulate(a, o, sum, c0, c1 - c0);
                    k.accumulateProducts(a, o, b, o, dot, c0, c1 - c0);
                }
                return;
            }
            for (int i = 0; i < n; i++)
                for (int ch = c0; ch < c1; ch++) {
                    int o = (i * c + ch) * s;
                    double sa = sum[ch], sd = dot[ch];
                    for (int j = 0; j < s; j++) {
                        float v = a[o + j];
                        sa += v;
                        sd += (double) v * b[o + j];
                    }
                    sum[ch] = sa;
                    dot[ch] = sd;
                }
        });
    }

    /**
     * sums[2p] = Σ a[p·s+i] and sums[2p+1] = Σ a[p·s+i]·b[p·s+i] over i &lt; s, in double, for each plane p &lt; planes
     * (b = a: the plane's sum and sum of squares).
     */
    public static void planeSums(float[] a, float[] b, int planes, int s, double[] sums) {
        FloatKernel k = Kernels.FLOAT;
        KernelThreads.forRange(planes, (long) planes * s * 2, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int o = p * s;
                if (s >= SHORT_PLANE) {
                    k.sumAndDot(a, o, b, o, s, sums, 2 * p);
                    continue;
                }
                double sa = 0, sd = 0;
                for (int j = 0; j < s; j++) {
                    float v = a[o + j];
                    sa += v;
                    sd += (double) v * b[o + j];
                }
                sums[2 * p] = sa;
                sums[2 * p + 1] = sd;
            }
        });
    }

    /**
     * out[p·s+i] = (x[p·s+i] − shift[q])·scale[q] + g[p·s+i]·gScale[q] + add[q] with q = p mod period, for each plane
     * p &lt; planes (period C: per-channel coefficients; period N·C: per-plane). g and gScale may be null (no g term).
     */
    public static void apply(float[] x, float[] g, int planes, int s, int period, float[] shift, float[] scale,
                             float[] gScale, float[] add, float[] out) {
        FloatKernel k = Kernels.FLOAT;
        KernelThreads.forRange(planes, (long) planes * s * (g == null ? 2 : 3), (p0, p1) -> {
            int q = p0 % period;
            if (s == 1) {           // one value per plane: runs of consecutive coefficients, in loops the JIT vectorises
                for (int p = p0; p < p1; ) {
                    int len = Math.min(p1 - p, period - q);
                    if (g == null) for (int j = 0; j < len; j++) out[p + j] = (x[p + j] - shift[q + j]) * scale[q + j] + add[q + j];
                    else for (int j = 0; j < len; j++)
                        out[p + j] = (x[p + j] - shift[q + j]) * scale[q + j] + g[p + j] * gScale[q + j] + add[q + j];
                    p += len;
                    q = 0;
                }
                return;
            }
            for (int p = p0; p < p1; p++) {
                int o = p * s;
                float sh = shift[q], sc = scale[q], gs = g == null ? 0f : gScale[q], ad = add[q];
                if (s >= SHORT_PLANE) k.shiftScaleAdd(x, o, sh, sc, g, o, gs, ad, out, o, s);
                else if (g == null) for (int j = 0; j < s; j++) out[o + j] = (x[o + j] - sh) * sc + ad;     // the kernels' formula
                else for (int j = 0; j < s; j++) out[o + j] = (x[o + j] - sh) * sc + g[o + j] * gs + ad;
                if (++q == period) q = 0;
            }
        });
    }

    /**
     * Local response normalisation across channels of (N, C, S) data: out = x·d^(−β) with
     * d = k + α/size·Σ x² over channels [c − size/2, c + (size−1)/2] (zeros outside), as F.local_response_norm;
     * d is written to den for the backward.
     */
    public static void localResponse(float[] x, int n, int c, int s, int size, float alpha, float beta, float kk,
                                     float[] den, float[] out) {
        int before = size / 2, after = (size - 1) / 2;
        float a = alpha / size;
        KernelThreads.forRange(n * c, (long) n * c * s * (size + 4), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ni = p / c, ci = p % c, o = p * s;
                int lo = Math.max(0, ci - before), hi = Math.min(c - 1, ci + after);
                for (int i = 0; i < s; i++) {
                    float acc = 0f;
                    for (int j = lo; j <= hi; j++) {
                        float v = x[(ni * c + j) * s + i];
                        acc += v * v;
                    }
                    float d = kk + a * acc;
                    den[o + i] = d;
                    out[o + i] = x[o + i] * (float) Math.pow(d, -beta);
                }
            }
        });
    }

    /**
     * The input gradient of {@link #localResponse}: dx_c = g_c·d_c^(−β) − 2αβ/size·x_c·Σ g_j·x_j·d_j^(−β−1) over the
     * channels j whose window holds c (j ∈ [c − (size−1)/2, c + size/2]).
     */
    public static void localResponseBackward(float[] x, float[] g, float[] den, int n, int c, int s, int size, float alpha,
                                             float beta, float[] dx) {
        int before = size / 2, after = (size - 1) / 2;
        float f = 2f * alpha * beta / size;
        KernelThreads.forRange(n * c, (long) n * c * s * (size + 6), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int ni = p / c, ci = p % c, o = p * s;
                int lo = Math.max(0, ci - after), hi = Math.min(c - 1, ci + before);
                for (int i = 0; i < s; i++) {
                    float acc = 0f;
                    for (int j = lo; j <= hi; j++) {
                        int q = (ni * c + j) * s + i;
                        acc += g[q] * x[q] * (float) Math.pow(den[q], -beta - 1);
                    }
                    dx[o + i] = g[o + i] * (float) Math.pow(den[o + i], -beta) - f * x[o + i] * acc;
                }
            }
        });
    }
}
