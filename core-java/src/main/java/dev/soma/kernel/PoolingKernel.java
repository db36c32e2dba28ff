package dev.soma.kernel;

import java.util.Arrays;

/**
 * Max, average and adaptive pooling over planes: dense row-major arrays of {@code planes} images (every (N, C) pair is
 * one plane), windows described by a {@link ConvGeometry} (image size, kernel, stride, padding before, dilation, output
 * size; 1-d and 2-d pooling are 3-d pooling with leading dims of size 1). A direct loop per plane, no im2col; planes
 * split over the kernel threads, and every plane's result is computed by one thread in a fixed order, so results do not
 * depend on the thread count. Max pooling records the arg-max of every window as a flat index into its plane
 * (d·H·W + h·W + w), the first one among ties; its backward pass and max-unpooling scatter through those indices.
 */
public final class PoolingKernel {
    private PoolingKernel() {}

    /** y (planes, out…) = the max over each window of x (planes, in…), padding counting as −∞; argmax gets its index. */
    public static void maxForward(ConvGeometry g, int planes, float[] x, float[] y, int[] argmax) {
        int image = g.imageSize(), cols = g.columns();
        if (isPlain2x2(g)) {
            max2x2(g, planes, x, y, argmax);
            return;
        }
        // Per dim and output position: the first and one-past-last tap inside the input, and the first tap's position.
        int[][] lo = new int[3][], hi = new int[3][], at = new int[3][];
        for (int a = 0; a < 3; a++) {
            int n = g.out[a];
            lo[a] = new int[n];
            hi[a] = new int[n];
            at[a] = new int[n];
            for (int o = 0; o < n; o++) {
                int start = o * g.stride[a] - g.pad[a];
                lo[a][o] = first(start, g.dilation[a]);
                hi[a][o] = last(start, g.dilation[a], g.kernel[a], g.in[a]);
                at[a][o] = start + lo[a][o] * g.dilation[a];
            }
        }
        int outD = g.out[0], outH = g.out[1], outW = g.out[2], inH = g.in[1], inW = g.in[2];
        int dD = g.dilation[0], dH = g.dilation[1], dW = g.dilation[2];
        int[] loD = lo[0], hiD = hi[0], atD = at[0], loH = lo[1], hiH = hi[1], atH = at[1], loW = lo[2], hiW = hi[2], atW = at[2];
        KernelThreads.forRange(planes, (long) planes * cols * g.kernelSize(), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int od = 0; od < outD; od++) {
                    int nd = hiD[od] - loD[od];
                    for (int oh = 0; oh < outH; oh++) {
                        int nh = hiH[oh] - loH[oh], base = (atD[od] * inH + atH[oh]) * inW;
                        for (int ow = 0; ow < outW; ow++, o++) {
                            int nw = hiW[ow] - loW[ow], first = base + atW[ow];
                            int best = nd > 0 && nh > 0 && nw > 0 ? first : -1;     // −1: a window of padding only
                            float max = Float.NEGATIVE_INFINITY;
                            for (int td = 0; td < nd; td++)
                                for (int th = 0; th < nh; th++) {
                                    int row = first + (td * dD * inH + th * dH) * inW;
                                    for (int tw = 0; tw < nw; tw++) {
                                        int i = row + tw * dW;
                                        float v = x[xb + i];
                                        boolean take = v > max | v != v;     // NaN propagates, as PyTorch's
                                        best = take ? i : best;              // an int select: a cmov
                                        max = Math.max(max, v);              // a float select would be a jump (C2, x86)
                                    }
                                }
                            y[o] = best < 0 ? max : x[xb + best];            // the first maximum's own bits (±0)
                            argmax[o] = best;
                        }
                    }
                }
            }
        });
    }

    // 2×2 windows at stride 2 with no padding or dilation, all inside the input: the common down-sampling pool.
    private static boolean isPlain2x2(ConvGeometry g) {
        return g.kernel[0] == 1 && g.stride[0] == 1 && g.pad[0] == 0 && g.kernel[1] == 2 && g.kernel[2] == 2 && g.stride[1] == 2
                && g.stride[2] == 2 && g.pad[1] == 0 && g.pad[2] == 0 && g.dilation[1] == 1 && g.dilation[2] == 1
                && 2 * g.out[1] <= g.in[1] && 2 * g.out[2] <= g.in[2];
    }

    /**
     * The general loop's result for {@link #isPlain2x2} geometries, with the four loads of a window independent of each
     * other and no window-sized loops or per-position tables. Same rule: in row-major window order, a value is taken
     * when greater than the maximum so far or NaN; the output is the taken element itself.
     */
    private static void max2x2(ConvGeometry g, int planes, float[] x, float[] y, int[] argmax) {
        int inH = g.in[1], inW = g.in[2], outH = g.out[1], outW = g.out[2], image = g.imageSize(), cols = g.columns();
        KernelThreads.forRange(planes, (long) planes * cols * 4, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int oh = 0; oh < outH; oh++) {
                    int r0 = 2 * oh * inW;
                    for (int ow = 0; ow < outW; ow++, o++) {
                        int i0 = r0 + 2 * ow, i2 = i0 + inW;
                        float a = x[xb + i0], b = x[xb + i0 + 1], c = x[xb + i2], d = x[xb + i2 + 1];
                        int best = i0;
                        best = b > a | b != b ? i0 + 1 : best;
                        float max = Math.max(a, b);
                        best = c > max | c != c ? i2 : best;
                        max = Math.max(max, c);
                        best = d > max | d != d ? i2 + 1 : best;
                        y[o] = x[xb + best];
                        argmax[o] = best;
                    }
                }
            }
        });
    }

    /**
     * y (planes, out…) = the mean over each window of x (planes, in…) with zero padding (dilation is ignored): divided by
     * divisorOverride when it is positive, else by the window's size clipped to the padded input when countIncludePad,
     * else by its number of input elements.
     */
    public static void avgForward(ConvGeometry g, int planes, boolean countIncludePad, int divisorOverride, float[] x, float[] y) {
        int image = g.imageSize(), cols = g.columns();
        int[] in = g.in, k = g.kernel, s = g.stride, p = g.pad, out = g.out;
        KernelThreads.forRange(planes, (long) planes * cols * g.kernelSize(), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int od = 0; od < out[0]; od++) {
                    int sd = od * s[0] - p[0], ed = Math.min(sd + k[0], in[0] + p[0]), d0 = Math.max(sd, 0), d1 = Math.min(ed, in[0]);
                    for (int oh = 0; oh < out[1]; oh++) {
                        int sh = oh * s[1] - p[1], eh = Math.min(sh + k[1], in[1] + p[1]), h0 = Math.max(sh, 0), h1 = Math.min(eh, in[1]);
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int sw = ow * s[2] - p[2], ew = Math.min(sw + k[2], in[2] + p[2]), w0 = Math.max(sw, 0), w1 = Math.min(ew, in[2]);
                            if (d0 >= d1 || h0 >= h1 || w0 >= w1) {
                                y[o] = 0f;
                                continue;
                            }
                            double sum = 0;
                            for (int id = d0; id < d1; id++)
                                for (int ih = h0; ih < h1; ih++) {
                                    int row = xb + (id * in[1] + ih) * in[2];
                                    for (int iw = w0; iw < w1; iw++) sum += x[row + iw];
                                }
                            y[o] = (float) (sum / divisor(divisorOverride, countIncludePad, (ed - sd) * (eh - sh) * (ew - sw),
                                    (d1 - d0) * (h1 - h0) * (w1 - w0)));
                        }
                    }
                }
            }
        });
    }

    /** dx (planes, in…) = the gradient of {@link #avgForward} given gy (planes, out…); dx is overwritten. */
    public static void avgBackward(ConvGeometry g, int planes, boolean countIncludePad, int divisorOverride, float[] gy, float[] dx) {
        int image = g.imageSize(), cols = g.columns();
        int[] in = g.in, k = g.kernel, s = g.stride, p = g.pad, out = g.out;
        KernelThreads.forRange(planes, (long) planes * cols * g.kernelSize(), (p0, p1) -> {
            Arrays.fill(dx, p0 * image, p1 * image, 0f);
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int od = 0; od < out[0]; od++) {
                    int sd = od * s[0] - p[0], ed = Math.min(sd + k[0], in[0] + p[0]), d0 = Math.max(sd, 0), d1 = Math.min(ed, in[0]);
                    for (int oh = 0; oh < out[1]; oh++) {
                        int sh = oh * s[1] - p[1], eh = Math.min(sh + k[1], in[1] + p[1]), h0 = Math.max(sh, 0), h1 = Math.min(eh, in[1]);
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int sw = ow * s[2] - p[2], ew = Math.min(sw + k[2], in[2] + p[2]), w0 = Math.max(sw, 0), w1 = Math.min(ew, in[2]);
                            if (d0 >= d1 || h0 >= h1 || w0 >= w1) continue;
                            float v = (float) (gy[o] / divisor(divisorOverride, countIncludePad, (ed - sd) * (eh - sh) * (ew - sw),
                                    (d1 - d0) * (h1 - h0) * (w1 - w0)));
                            for (int id = d0; id < d1; id++)
                                for (int ih = h0; ih < h1; ih++) {
                                    int row = xb + (id * in[1] + ih) * in[2];
                                    for (int iw = w0; iw < w1; iw++) dx[row + iw] += v;
                                }
                        }
                    }
                }
            }
        });
    }

    /**
     * Adaptive pooling, reading only g's image and output sizes: output i of a dim of size in → out covers
     * [floor(i·in/out), ceil((i+1)·in/out)). y gets the mean of each bin, or with argmax non-null its max and the max's
     * flat index (first of ties, NaN propagating).
     */
    public static void adaptiveForward(ConvGeometry g, int planes, float[] x, float[] y, int[] argmax) {
        int image = g.imageSize(), cols = g.columns();
        int[] in = g.in, out = g.out;
        KernelThreads.forRange(planes, (long) planes * image, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int od = 0; od < out[0]; od++) {
                    int d0 = binStart(od, in[0], out[0]), d1 = binEnd(od, in[0], out[0]);
                    for (int oh = 0; oh < out[1]; oh++) {
                        int h0 = binStart(oh, in[1], out[1]), h1 = binEnd(oh, in[1], out[1]);
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int w0 = binStart(ow, in[2], out[2]), w1 = binEnd(ow, in[2], out[2]);
                            if (argmax == null) {
                                double sum = 0;
                                for (int id = d0; id < d1; id++)
                                    for (int ih = h0; ih < h1; ih++) {
                                        int row = xb + (id * in[1] + ih) * in[2];
                                        for (int iw = w0; iw < w1; iw++) sum += x[row + iw];
                                    }
                                y[o] = (float) (sum / ((d1 - d0) * (h1 - h0) * (w1 - w0)));
                            } else {
                                int best = (d0 * in[1] + h0) * in[2] + w0;
                                float max = Float.NEGATIVE_INFINITY;
                                for (int id = d0; id < d1; id++)
                                    for (int ih = h0; ih < h1; ih++) {
                                        int row = (id * in[1] + ih) * in[2];
                                        for (int iw = w0; iw < w1; iw++) {
                                            float v = x[xb + row + iw];
                                            if (v > max || Float.isNaN(v)) {
                                                max = v;
                                                best = row + iw;
                                            }
                                        }
                                    }
                                y[o] = max;
                                argmax[o] = best;
                            }
                        }
                    }
                }
            }
        });
    }

    /** dx (planes, in…) = the gradient of adaptive average pooling given gy (planes, out…); dx is overwritten. */
    public static void adaptiveAvgBackward(ConvGeometry g, int planes, float[] gy, float[] dx) {
        int image = g.imageSize(), cols = g.columns();
        int[] in = g.in, out = g.out;
        KernelThreads.forRange(planes, (long) planes * image, (p0, p1) -> {
            Arrays.fill(dx, p0 * image, p1 * image, 0f);
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int od = 0; od < out[0]; od++) {
                    int d0 = binStart(od, in[0], out[0]), d1 = binEnd(od, in[0], out[0]);
                    for (int oh = 0; oh < out[1]; oh++) {
                        int h0 = binStart(oh, in[1], out[1]), h1 = binEnd(oh, in[1], out[1]);
                        for (int ow = 0; ow < out[2]; ow++, o++) {
                            int w0 = binStart(ow, in[2], out[2]), w1 = binEnd(ow, in[2], out[2]);
                            float v = gy[o] / ((d1 - d0) * (h1 - h0) * (w1 - w0));
                            for (int id = d0; id < d1; id++)
                                for (int ih = h0; ih < h1; ih++) {
                                    int row = xb + (id * in[1] + ih) * in[2];
                                    for (int iw = w0; iw < w1; iw++) dx[row + iw] += v;
                                }
                        }
                    }
                }
            }
        });
    }

    /**
     * Scatters src (planes, cols) into dst (planes, image) through flat per-plane indices: dst[p, index[p, i]] += src[p, i]
     * when accumulate (the backward pass of max pooling), else = (max-unpooling; a later duplicate wins). dst is zeroed
     * first. Indices must lie in [0, image); when accumulating, −1 (a window of padding only) is skipped.
     */
    public static void scatter(int planes, int cols, int image, float[] src, int[] index, boolean accumulate, float[] dst) {
        KernelThreads.forRange(planes, (long) planes * (cols + image), (p0, p1) -> {
            Arrays.fill(dst, p0 * image, p1 * image, 0f);
            for (int pl = p0; pl < p1; pl++) {
                int b = pl * image, o = pl * cols;
                if (accumulate) for (int i = 0; i < cols; i++) {
                    int j = index[o + i];
                    if (j >= 0) dst[b + j] += src[o + i];
                }
                else for (int i = 0; i < cols; i++) dst[b + index[o + i]] = src[o + i];
            }
        });
    }

    /** dst[p, i] = src[p, index[p, i]] for dst (planes, cols), src (planes, image): the adjoint of {@link #scatter}. */
    public static void gather(int planes, int cols, int image, float[] src, int[] index, float[] dst) {
        KernelThreads.forRange(planes, (long) planes * cols, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int b = pl * image, o = pl * cols;
                for (int i = 0; i < cols; i++) dst[o + i] = src[b + index[o + i]];
            }
        });
    }

    /** Start of adaptive bin i: floor(i·in/out). */
    public static int binStart(int i, int in, int out) { return (int) ((long) i * in / out); }

    /** End (exclusive) of adaptive bin i: ceil((i+1)·in/out). */
    public static int binEnd(int i, int in, int out) { return (int) (((long) (i + 1) * in + out - 1) / out); }

    private static double divisor(int divisorOverride, boolean countIncludePad, int padded, int inside) {
        return divisorOverride > 0 ? divisorOverride : countIncludePad ? padded : inside;
    }

    // First tap t with start + t·dil ≥ 0.
    private static int first(int start, int dil) { return start >= 0 ? 0 : (-start + dil - 1) / dil; }

    // One past the last tap t < k with start + t·dil < in.
    private static int last(int start, int dil, int k, int in) {
        int n = in - start;
        return n <= 0 ? 0 : Math.min(k, (n + dil - 1) / dil);
    }
}
