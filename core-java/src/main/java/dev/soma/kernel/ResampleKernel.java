package dev.soma.kernel;

/**
 * Separable resampling of planes (interpolate's nearest and (bi/tri)linear modes): each of the three (depth, height,
 * width) axes has a table telling which one or two source positions every output position reads and with what weight;
 * 1-d and 2-d inputs have identity tables on their missing leading axes. Planes split over the kernel threads; the
 * backward pass scatters each plane's gradient in a fixed order, so results do not depend on the thread count.
 */
public final class ResampleKernel {
    private ResampleKernel() {}

    /**
     * One axis's table: output o reads source {@code lo[o]} with weight 1 − frac[o] and, when {@code taps} is 2,
     * {@code hi[o]} with weight frac[o].
     */
    public record Axis(int in, int out, int taps, int[] lo, int[] hi, float[] frac) {
        /** An axis of size 1 kept as is (the missing leading axes of 1-d and 2-d inputs). */
        public static Axis identity() { return new Axis(1, 1, 1, new int[1], new int[1], new float[1]); }

        /**
         * Nearest neighbour: src = min(floor(dst·scale), in − 1), or with {@code exact} (mode nearest-exact)
         * min(floor((dst + 0.5)·scale), in − 1); scale is in/out or 1/scale_factor, in float as PyTorch computes it.
         */
        public static Axis nearest(int in, int out, float scale, boolean exact) {
            int[] lo = new int[out];
            for (int o = 0; o < out; o++)
                lo[o] = Math.min((int) Math.floor(exact ? (o + 0.5f) * scale : o * scale), in - 1);
            return new Axis(in, out, 1, lo, lo, new float[out]);
        }

        /**
         * Linear: src = dst·scale with align_corners (scale (in − 1)/(out − 1)), else max(0, (dst + 0.5)·scale − 0.5)
         * (scale in/out or 1/scale_factor); reads floor(src) and the next position (clipped to the last), weighted by
         * the fraction.
         */
        public static Axis linear(int in, int out, float scale, boolean alignCorners) {
            int[] lo = new int[out], hi = new int[out];
            float[] frac = new float[out];
            for (int o = 0; o < out; o++) {
                float src = alignCorners ? o * scale : Math.max(0f, (o + 0.5f) * scale - 0.5f);
                int i = Math.min((int) Math.floor(src), in - 1);
                lo[o] = i;
                hi[o] = i + (i < in - 1 ? 1 : 0);
                frac[o] = Math.min(Math.max(src - i, 0f), 1f);
            }
            return new Axis(in, out, 2, lo, hi, frac);
        }

        private int at(int o, int tap) { return tap == 0 ? lo[o] : hi[o]; }

        private float weight(int o, int tap) { return taps == 1 ? 1f : tap == 0 ? 1f - frac[o] : frac[o]; }
    }

    /** y (planes, out…) = the resampling of x (planes, in…) through the three axis tables. */
    public static void forward(int planes, Axis d, Axis h, Axis w, float[] x, float[] y) {
        int image = d.in * h.in * w.in, cols = d.out * h.out * w.out;
        KernelThreads.forRange(planes, (long) planes * cols * d.taps * h.taps * w.taps, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int od = 0; od < d.out; od++)
                    for (int oh = 0; oh < h.out; oh++)
                        for (int ow = 0; ow < w.out; ow++, o++) {
                            float acc = 0f;
                            for (int a = 0; a < d.taps; a++) {
                                float accD = 0f;
                                int rowD = d.at(od, a) * h.in;
                                for (int b = 0; b < h.taps; b++) {
                                    int row = xb + (rowD + h.at(oh, b)) * w.in;
                                    float accH = w.taps == 1 ? x[row + w.lo[ow]]
                                            : w.weight(ow, 0) * x[row + w.lo[ow]] + w.weight(ow, 1) * x[row + w.hi[ow]];
                                    accD += h.weight(oh, b) * accH;
                                }
                                acc += d.weight(od, a) * accD;
                            }
                            y[o] = acc;
                        }
            }
        });
    }

    /** dx (planes, in…) = the gradient of {@link #forward} given gy (planes, out…); dx is overwritten. */
    public static void backward(int planes, Axis d, Axis h, Axis w, float[] gy, float[] dx) {
        int image = d.in * h.in * w.in, cols = d.out * h.out * w.out;
        KernelThreads.forRange(planes, (long) planes * cols * d.taps * h.taps * w.taps, (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * image, p1 * image, 0f);
            for (int pl = p0; pl < p1; pl++) {
                int xb = pl * image, o = pl * cols;
                for (int od = 0; od < d.out; od++)
                    for (int oh = 0; oh < h.out; oh++)
                        for (int ow = 0; ow < w.out; ow++, o++) {
                            float g = gy[o];
                            for (int a = 0; a < d.taps; a++) {
                                float gd = d.weight(od, a) * g;
                                int rowD = d.at(od, a) * h.in;
                                for (int b = 0; b < h.taps; b++) {
                                    float gh = h.weight(oh, b) * gd;
                                    int row = xb + (rowD + h.at(oh, b)) * w.in;
                                    for (int c = 0; c < w.taps; c++) dx[row + w.at(ow, c)] += w.weight(ow, c) * gh;
                                }
                            }
                        }
            }
        });
    }
}
