package dev.soma.kernel;

/** Plain-Java loops: the fallback when jdk.incubator.vector is absent, and the twin the vector kernel is tested against. */
final class ScalarFloatKernel implements FloatKernel {
    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; }
            default -> { for (int i = 0; i < n; i++) out[oo + i] = op.apply(a[ao + i], b[bo + i]); }
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + s; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s; }
            default -> { for (int i = 0; i < n; i++) out[oo + i] = op.apply(a[ao + i], s); }
        }
    }

    @Override
    public void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = op.apply(s, b[bo + i]);
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = apply(op, x[xo + i]);
    }

    static float apply(UnaryOp op, float v) {
        return switch (op) {
            case RELU -> Math.max(v, 0f);
            case GELU -> (float) (v * GeluMath.cdf(v));
            case EXP -> (float) Math.exp(v);
            case LOG -> (float) Math.log(v);
            case SQRT -> (float) Math.sqrt(v);
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SQUARE -> v * v;
            case RECIPROCAL -> 1f / v;
            case SIGMOID -> (float) (1 / (1 + Math.exp(-v)));
            case TANH -> (float) Math.tanh(v);
        };
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = derivative(op, x[xo + i], g[go + i]);
    }

    static float derivative(UnaryOp op, float v, float g) {
        return switch (op) {
            case RELU -> v <= 0f ? 0f : g;    // a NaN input passes g, as PyTorch's threshold_backward
            case GELU -> (float) (g * (GeluMath.cdf(v) + v * GeluMath.pdf(v)));
            case EXP -> g * v;
            case LOG -> g / v;
            case SQRT -> g / (2f * (float) Math.sqrt(v));
            case NEG -> -g;
            case ABS -> v > 0f ? g : v < 0f ? -g : 0f;
            case SQUARE -> g * 2f * v;
            case RECIPROCAL -> -g / (v * v);
            case SIGMOID -> g * v * (1f - v);
            case TANH -> g * (1f - v * v);
        };
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xo + i];
        return s;
    }

    @Override
    public void accumulate(float[] x, int xo, int rowStride, int rows, double[] acc, int ao, int n) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) accumulateFour(x, xo + r * rowStride, rowStride, acc, ao, 0, n);
        for (; r < rows; r++) {
            int o = xo + r * rowStride;
            for (int i = 0; i < n; i++) acc[ao + i] += x[o + i];
        }
    }

    /**
     * acc[ao+i] += ((x0 + x1) + x2) + x3 in double for from &le; i &lt; n, x0..x3 from four rows st apart: the order
     * both twins use.
     */
    static void accumulateFour(float[] x, int xo, int st, double[] acc, int ao, int from, int n) {
        for (int i = from; i < n; i++) {
            int o = xo + i;
            acc[ao + i] += (double) x[o] + x[o + st] + x[o + 2 * st] + x[o + 3 * st];
        }
    }

    @Override
    public void accumulateProducts(float[] a, int aOff, float[] b, int bo, double[] acc, int ao, int n) {
        for (int i = 0; i < n; i++) acc[ao + i] += (double) a[aOff + i] * b[bo + i];
    }

    @Override
    public void meanAndVariance(float[] x, int xo, int n, double[] out, int oo) {
        moments(x, xo, n == 0 ? Double.NaN : x[xo], 0, 0, 0, n, out, oo);
    }

    /**
     * Adds d = x − shift and d² for elements [from, n) onto the sums s and q of the elements before, then writes
     * {@link #meanAndVariance}'s mean and variance; the vector kernel finishes its tail here.
     */
    static void moments(float[] x, int xo, double shift, double s, double q, int from, int n, double[] out, int oo) {
        for (int i = from; i < n; i++) {
            double d = x[xo + i] - shift;
            s += d;
            q += d * d;
        }
        out[oo] = shift + s / n;
        out[oo + 1] = Math.max(0, (q - s * s / n) / n);
    }

    @Override
    public double squaredDeviations(float[] x, int xo, int n, double mean) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = x[xo + i] - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[ao + i] * b[bo + i];
        return s;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    @Override
    public double expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += out[oo + i] = (float) Math.exp(x[xo + i] - shift);
        return s;
    }

    @Override
    public void normalize(float[] x, int xo, float mean, float scale, float[] w, float[] b, float[] out, int oo, int n) {
        normalize(x, xo, mean, scale, w, b, out, oo, 0, n);
    }

    /** {@link #normalize} for elements [from, n): the vector kernel's tail runs the same definition. */
    static void normalize(float[] x, int xo, float mean, float scale, float[] w, float[] b, float[] out, int oo, int from, int n) {
        for (int i = from; i < n; i++) {
            float v = (x[xo + i] - mean) * scale;
            if (w != null) v *= w[i];
            if (b != null) v += b[i];
            out[oo + i] = v;
        }
    }

    @Override
    public void axpy(int n, float s, float[] x, int xo, float[] y, int yo) {
        for (int i = 0; i < n; i++) y[yo + i] = Math.fma(s, x[xo + i], y[yo + i]);
    }

    @Override
    public void sumAndDot(float[] a, int ao, float[] b, int bo, int n, double[] acc, int accOffset) {
        double s = 0, d = 0;
        for (int i = 0; i < n; i++) {
            float v = a[ao + i];
            s += v;
            d += (double) v * b[bo + i];
        }
        acc[accOffset] = s;
        acc[accOffset + 1] = d;
    }

    @Override
    public void shiftScaleAdd(float[] x, int xo, float shift, float scale, float[] g, int go, float gScale, float add,
                              float[] out, int oo, int n) {
        shiftScaleAdd(x, xo, shift, scale, g, go, gScale, add, out, oo, 0, n);
    }

    /** {@link #shiftScaleAdd} for elements [from, n): the vector kernel's tail runs the same definition. */
    static void shiftScaleAdd(float[] x, int xo, float shift, float scale, float[] g, int go, float gScale, float add,
                              float[] out, int oo, int from, int n) {
        if (g == null) for (int i = from; i < n; i++) out[oo + i] = (x[xo + i] - shift) * scale + add;
        else for (int i = from; i < n; i++) out[oo + i] = (x[xo + i] - shift) * scale + g[go + i] * gScale + add;
    }
}
