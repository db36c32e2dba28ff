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
        int i = binaryLoop(op, a, ao, b, bo, out, oo, n);
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], b[bo + i]);
    }

    private static int binaryLoop(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        return switch (op) {
            case ADD -> binaryLoop(VectorOperators.ADD, a, ao, b, bo, out, oo, n);
            case SUB -> binaryLoop(VectorOperators.SUB, a, ao, b, bo, out, oo, n);
            case MUL -> binaryLoop(VectorOperators.MUL, a, ao, b, bo, out, oo, n);
            case DIV -> binaryLoop(VectorOperators.DIV, a, ao, b, bo, out, oo, n);
            case MAX -> binaryLoop(VectorOperators.MAX, a, ao, b, bo, out, oo, n);
            case MIN -> binaryLoop(VectorOperators.MIN, a, ao, b, bo, out, oo, n);
        };
    }

    private static int binaryLoop(VectorOperators.Binary op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).lanewise(op, fa(b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = withScalar(vectorOp(op), a, ao, s, false, out, oo, n);
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], s);
    }

    @Override
    public void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        int i = withScalar(vectorOp(op), b, bo, s, true, out, oo, n);
        for (; i < n; i++) out[oo + i] = op.apply(s, b[bo + i]);
    }

    private static VectorOperators.Binary vectorOp(BinaryOp op) {
        return switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            case MAX -> VectorOperators.MAX;
            case MIN -> VectorOperators.MIN;
        };
    }

    // op(x, s), or op(s, x) when scalarFirst.
    private static int withScalar(VectorOperators.Binary op, float[] x, int xo, float s, boolean scalarFirst, float[] out,
                                  int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector sv = FloatVector.broadcast(S, s);
        if (scalarFirst) for (; i < bound; i += L) sv.lanewise(op, fa(x, xo + i)).intoArray(out, oo + i);
        else for (; i < bound; i += L) fa(x, xo + i).lanewise(op, sv).intoArray(out, oo + i);
        return i;
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int i = switch (op) {
            case RELU -> relu(x, xo, out, oo, n);
            case GELU -> gelu(x, xo, out, oo, n);
            case EXP -> lanewise(VectorOperators.EXP, x, xo, out, oo, n);
            case LOG -> lanewise(VectorOperators.LOG, x, xo, out, oo, n);
            case SQRT -> lanewise(VectorOperators.SQRT, x, xo, out, oo, n);
            case NEG -> lanewise(VectorOperators.NEG, x, xo, out, oo, n);
            case ABS -> lanewise(VectorOperators.ABS, x, xo, out, oo, n);
            case TANH -> lanewise(VectorOperators.TANH, x, xo, out, oo, n);
            case SQUARE -> square(x, xo, out, oo, n);
            case RECIPROCAL -> reciprocal(x, xo, out, oo, n);
            case SIGMOID -> sigmoid(x, xo, out, oo, n);
        };
        for (; i < n; i++) out[oo + i] = ScalarFloatKernel.apply(op, x[xo + i]);
    }

    private static int lanewise(VectorOperators.Unary op, float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).lanewise(op).intoArray(out, oo + i);
        return i;
    }

    private static int relu(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).max(0f).intoArray(out, oo + i);
        return i;
    }

    private static int gelu(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = fa(x, xo + i);
            v.mul(cdf(v)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int square(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = fa(x, xo + i);
            v.mul(v).intoArray(out, oo + i);
        }
        return i;
    }

    private static int reciprocal(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) one.div(fa(x, xo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) sigmoid(fa(x, xo + i)).intoArray(out, oo + i);
        return i;
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int i = switch (op) {
            case RELU -> reluBackward(x, xo, g, go, out, oo, n);
            case GELU -> geluBackward(x, xo, g, go, out, oo, n);
            case EXP -> binaryLoop(BinaryOp.MUL, g, go, x, xo, out, oo, n);
            case SIGMOID -> sigmoidBackward(x, xo, g, go, out, oo, n);
            case TANH -> tanhBackward(x, xo, g, go, out, oo, n);
            default -> 0;    // rare in backward: the scalar loop below
        };
        for (; i < n; i++) out[oo + i] = ScalarFloatKernel.derivative(op, x[xo + i], g[go + i]);
    }

    private static int reluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            VectorMask<Float> off = fa(x, xo + i).compare(VectorOperators.LE, 0f);
            fa(g, go + i).blend(0f, off).intoArray(out, oo + i);
        }
        return i;
    }

    private static int geluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector invSqrt2Pi = FloatVector.broadcast(S, (float) GeluMath.INV_SQRT_2PI);
        for (; i < bound; i += L) {
            FloatVector v = fa(x, xo + i);
            FloatVector pdf = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP).mul(invSqrt2Pi);
            v.fma(pdf, cdf(v)).mul(fa(g, go + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sigmoidBackward(float[] y, int yo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = fa(y, yo + i);
            fa(g, go + i).mul(v).mul(v.neg().add(1f)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int tanhBackward(float[] y, int yo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = fa(y, yo + i);
            fa(g, go + i).mul(v.mul(v).neg().add(1f)).intoArray(out, oo + i);
        }
        return i;
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
