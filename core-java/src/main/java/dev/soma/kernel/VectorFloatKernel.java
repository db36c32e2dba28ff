package dev.soma.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API loops at the machine's preferred width (8 floats on AVX2, 16 on AVX-512); tails run the scalar
 * definitions. Sums convert each float vector to doubles (a species of half the float lanes' width) so they
 * keep the scalar kernel's double accumulation. Loaded only when jdk.incubator.vector is present ({@link Kernels}).
 */
final class VectorFloatKernel implements FloatKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats that convert to one double vector: as many lanes as D, half its width. */
    private static final VectorSpecies<Float> H = VectorSpecies.of(float.class, VectorShape.forBitSize(D.length() * 32));
    private static final int DL = D.length();

    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) fa(a, ao + i).add(fa(b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) fa(a, ao + i).sub(fa(b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) fa(a, ao + i).mul(fa(b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) fa(a, ao + i).div(fa(b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) fa(a, ao + i).max(fa(b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) fa(a, ao + i).min(fa(b, bo + i)).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], b[bo + i]);
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector sv = FloatVector.broadcast(S, s);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) fa(a, ao + i).add(sv).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) fa(a, ao + i).sub(sv).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) fa(a, ao + i).mul(sv).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) fa(a, ao + i).div(sv).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) fa(a, ao + i).max(sv).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) fa(a, ao + i).min(sv).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], s);
    }

    @Override
    public void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector sv = FloatVector.broadcast(S, s);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) sv.add(fa(b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < bound; i += L) sv.sub(fa(b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < bound; i += L) sv.mul(fa(b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < bound; i += L) sv.div(fa(b, bo + i)).intoArray(out, oo + i); }
            case MAX -> { for (; i < bound; i += L) sv.max(fa(b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < bound; i += L) sv.min(fa(b, bo + i)).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.apply(s, b[bo + i]);
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        switch (op) {
            case RELU -> { for (; i < bound; i += L) fa(x, xo + i).max(0f).intoArray(out, oo + i); }
            case GELU -> { for (; i < bound; i += L) { FloatVector v = fa(x, xo + i); v.mul(cdf(v)).intoArray(out, oo + i); } }
            case EXP -> { for (; i < bound; i += L) fa(x, xo + i).lanewise(VectorOperators.EXP).intoArray(out, oo + i); }
            case LOG -> { for (; i < bound; i += L) fa(x, xo + i).lanewise(VectorOperators.LOG).intoArray(out, oo + i); }
            case SQRT -> { for (; i < bound; i += L) fa(x, xo + i).sqrt().intoArray(out, oo + i); }
            case NEG -> { for (; i < bound; i += L) fa(x, xo + i).neg().intoArray(out, oo + i); }
            case ABS -> { for (; i < bound; i += L) fa(x, xo + i).abs().intoArray(out, oo + i); }
            case SQUARE -> { for (; i < bound; i += L) { FloatVector v = fa(x, xo + i); v.mul(v).intoArray(out, oo + i); } }
            case RECIPROCAL -> { for (; i < bound; i += L) FloatVector.broadcast(S, 1f).div(fa(x, xo + i)).intoArray(out, oo + i); }
            case SIGMOID -> { for (; i < bound; i += L) sigmoid(fa(x, xo + i)).intoArray(out, oo + i); }
            case TANH -> { for (; i < bound; i += L) fa(x, xo + i).lanewise(VectorOperators.TANH).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = ScalarFloatKernel.apply(op, x[xo + i]);
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        switch (op) {
            case RELU -> {
                for (; i < bound; i += L) {
                    VectorMask<Float> off = fa(x, xo + i).compare(VectorOperators.LE, 0f);
                    fa(g, go + i).blend(0f, off).intoArray(out, oo + i);
                }
            }
            case GELU -> {
                FloatVector invSqrt2Pi = FloatVector.broadcast(S, (float) GeluMath.INV_SQRT_2PI);
                for (; i < bound; i += L) {
                    FloatVector v = fa(x, xo + i);
                    FloatVector pdf = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP).mul(invSqrt2Pi);
                    v.fma(pdf, cdf(v)).mul(fa(g, go + i)).intoArray(out, oo + i);
                }
            }
            case EXP -> { for (; i < bound; i += L) fa(g, go + i).mul(fa(x, xo + i)).intoArray(out, oo + i); }
            case SIGMOID -> {
                for (; i < bound; i += L) {
                    FloatVector y = fa(x, xo + i);
                    fa(g, go + i).mul(y).mul(y.neg().add(1f)).intoArray(out, oo + i);
                }
            }
            case TANH -> {
                for (; i < bound; i += L) {
                    FloatVector y = fa(x, xo + i);
                    fa(g, go + i).mul(y.mul(y).neg().add(1f)).intoArray(out, oo + i);
                }
            }
            default -> { }    // the rest are rare in backward: scalar below
        }
        for (; i < n; i++) out[oo + i] = ScalarFloatKernel.derivative(op, x[xo + i], g[go + i]);
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        int bound = n - n % (2 * DL), i = 0;
        DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
        for (; i < bound; i += 2 * DL) {
            s0 = s0.add(toDouble(x, xo + i));
            s1 = s1.add(toDouble(x, xo + i + DL));
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[xo + i];
        return s;
    }

    @Override
    public void accumulate(float[] x, int xo, double[] acc, int ao, int n) {
        int bound = n - n % DL, i = 0;
        for (; i < bound; i += DL) DoubleVector.fromArray(D, acc, ao + i).add(toDouble(x, xo + i)).intoArray(acc, ao + i);
        for (; i < n; i++) acc[ao + i] += x[xo + i];
    }

    @Override
    public double squaredDeviations(float[] x, int xo, int n, double mean) {
        int bound = n - n % DL, i = 0;
        DoubleVector s = DoubleVector.zero(D), m = DoubleVector.broadcast(D, mean);
        for (; i < bound; i += DL) {
            DoubleVector d = toDouble(x, xo + i).sub(m);
            s = d.fma(d, s);
        }
        double t = s.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double d = x[xo + i] - mean;
            t += d * d;
        }
        return t;
    }

    @Override
    public double dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = n - n % DL, i = 0;
        DoubleVector s = DoubleVector.zero(D);
        for (; i < bound; i += DL) s = toDouble(a, ao + i).fma(toDouble(b, bo + i), s);
        double t = s.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) t += (double) a[ao + i] * b[bo + i];
        return t;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        int bound = S.loopBound(n), i = 0;
        float m = x[xo];
        if (bound > 0) {
            FloatVector mv = fa(x, xo);
            for (i = L; i < bound; i += L) mv = mv.max(fa(x, xo + i));
            m = mv.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    @Override
    public double expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector sh = FloatVector.broadcast(S, shift);
        for (; i < bound; i += L) fa(x, xo + i).sub(sh).lanewise(VectorOperators.EXP).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = (float) Math.exp(x[xo + i] - shift);
        return sum(out, oo, n);
    }

    @Override
    public void normalize(float[] x, int xo, float mean, float scale, float[] w, float[] b, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector mv = FloatVector.broadcast(S, mean), sv = FloatVector.broadcast(S, scale);
        for (; i < bound; i += L) {
            FloatVector v = fa(x, xo + i).sub(mv).mul(sv);
            if (w != null) v = v.mul(fa(w, i));
            if (b != null) v = v.add(fa(b, i));
            v.intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            float v = (x[xo + i] - mean) * scale;
            if (w != null) v *= w[i];
            if (b != null) v += b[i];
            out[oo + i] = v;
        }
    }

    @Override
    public void axpy(int n, float s, float[] x, int xo, float[] y, int yo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).fma(sv, fa(y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] = Math.fma(s, x[xo + i], y[yo + i]);
    }

    private static FloatVector fa(float[] a, int i) { return FloatVector.fromArray(S, a, i); }

    private static DoubleVector toDouble(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(H, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    private static FloatVector sigmoid(FloatVector v) {
        return FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    // Φ(v) in float, the same fit as GeluMath.cdf.
    private static FloatVector cdf(FloatVector v) {
        FloatVector z = v.abs().mul((float) GeluMath.INV_SQRT2);
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(FloatVector.broadcast(S, 0.5f), FloatVector.broadcast(S, 1f)));
        double[] c = GeluMath.P;
        FloatVector p = FloatVector.broadcast(S, (float) c[0]);
        for (int k = 1; k < c.length; k++) p = p.fma(t, FloatVector.broadcast(S, (float) c[k]));
        FloatVector half = t.mul(z.mul(z).neg().add(p).lanewise(VectorOperators.EXP)).mul(0.5f);
        return half.blend(half.neg().add(1f), v.compare(VectorOperators.GE, 0f));
    }
}
