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
 *
 * <p>Every op's loop is its own small method with its operator written out: C2 intrinsifies a Vector-API call
 * only when the operator is a constant where the call is compiled, and gives up inlining in one large method
 * (measured: add through a VectorOperators parameter ran 4× slower, exp 30×, than these loops).
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
        int i = switch (op) {
            case ADD -> add(a, ao, b, bo, out, oo, n);
            case SUB -> sub(a, ao, b, bo, out, oo, n);
            case MUL -> mul(a, ao, b, bo, out, oo, n);
            case DIV -> div(a, ao, b, bo, out, oo, n);
            case MAX -> max(a, ao, b, bo, out, oo, n);
            case MIN -> min(a, ao, b, bo, out, oo, n);
        };
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], b[bo + i]);
    }

    private static int add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).add(fa(b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).sub(fa(b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).mul(fa(b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).div(fa(b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int max(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).max(fa(b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int min(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).min(fa(b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = switch (op) {
            case ADD -> addS(a, ao, sv, out, oo, n);
            case SUB -> subS(a, ao, sv, out, oo, n);
            case MUL -> mulS(a, ao, sv, out, oo, n);
            case DIV -> divS(a, ao, sv, out, oo, n);
            case MAX -> maxS(a, ao, sv, out, oo, n);
            case MIN -> minS(a, ao, sv, out, oo, n);
        };
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], s);
    }

    @Override
    public void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = switch (op) {
            case ADD -> addS(b, bo, sv, out, oo, n);
            case SUB -> rsubS(b, bo, sv, out, oo, n);
            case MUL -> mulS(b, bo, sv, out, oo, n);
            case DIV -> rdivS(b, bo, sv, out, oo, n);
            case MAX -> maxS(b, bo, sv, out, oo, n);    // Math.max and min are symmetric, NaN and ±0 included
            case MIN -> minS(b, bo, sv, out, oo, n);
        };
        for (; i < n; i++) out[oo + i] = op.apply(s, b[bo + i]);
    }

    private static int addS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).add(s).intoArray(out, oo + i);
        return i;
    }

    private static int subS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).sub(s).intoArray(out, oo + i);
        return i;
    }

    private static int mulS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).mul(s).intoArray(out, oo + i);
        return i;
    }

    private static int divS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).div(s).intoArray(out, oo + i);
        return i;
    }

    private static int maxS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).max(s).intoArray(out, oo + i);
        return i;
    }

    private static int minS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(a, ao + i).min(s).intoArray(out, oo + i);
        return i;
    }

    private static int rsubS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) s.sub(fa(a, ao + i)).intoArray(out, oo + i);
        return i;
    }

    private static int rdivS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) s.div(fa(a, ao + i)).intoArray(out, oo + i);
        return i;
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int i = switch (op) {
            case RELU -> relu(x, xo, out, oo, n);
            case GELU -> gelu(x, xo, out, oo, n);
            case EXP -> exp(x, xo, out, oo, n);
            case LOG -> log(x, xo, out, oo, n);
            case SQRT -> sqrt(x, xo, out, oo, n);
            case NEG -> neg(x, xo, out, oo, n);
            case ABS -> abs(x, xo, out, oo, n);
            case SQUARE -> square(x, xo, out, oo, n);
            case RECIPROCAL -> reciprocal(x, xo, out, oo, n);
            case SIGMOID -> sigmoid(x, xo, out, oo, n);
            case TANH -> tanh(x, xo, out, oo, n);
        };
        for (; i < n; i++) out[oo + i] = ScalarFloatKernel.apply(op, x[xo + i]);
    }

    private static int relu(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).max(0f).intoArray(out, oo + i);
        return i;
    }

    private static int exp(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).lanewise(VectorOperators.EXP).intoArray(out, oo + i);
        return i;
    }

    private static int log(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).lanewise(VectorOperators.LOG).intoArray(out, oo + i);
        return i;
    }

    private static int tanh(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).lanewise(VectorOperators.TANH).intoArray(out, oo + i);
        return i;
    }

    private static int sqrt(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).sqrt().intoArray(out, oo + i);
        return i;
    }

    private static int neg(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).neg().intoArray(out, oo + i);
        return i;
    }

    private static int abs(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) fa(x, xo + i).abs().intoArray(out, oo + i);
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

    private static int square(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = fa(x, xo + i);
            v.mul(v).intoArray(out, oo + i);
        }
        return i;
    }

    // GELU's loops are written out whole: C2 inlines the Vector API's calls but not a helper of this size, and a
    // vector passed to a helper that is not inlined is boxed (measured: 2x slower than this). The exp is a short
    // polynomial (within about 2 ulps for arguments ≤ 0) instead of the library's, at a third of its cost; arguments
    // below −87 give e⁻⁸⁷ ≈ 1.6e−38, which the formula multiplies into nothing.
    private static int gelu(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) {
            FloatVector v = fa(x, xo + i);
            // Φ(v): the fit of GeluMath.cdf in float, Horner's rule with constant coefficients.
            FloatVector z = v.abs().mul((float) GeluMath.INV_SQRT2);
            FloatVector t = one.div(z.mul(0.5f).add(1f));
            FloatVector p = t.fma(FloatVector.broadcast(S, 0.17087277f), FloatVector.broadcast(S, -0.82215223f));
            p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
            p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
            p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
            p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
            p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
            p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
            p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
            p = p.fma(t, FloatVector.broadcast(S, -1.26551223f));
            FloatVector e = z.mul(z).neg().add(p).max(-87f);
            // e^e for e ≤ 0: e = k·ln2 + r, |r| ≤ ln2/2; adding 1.5·2²³ + 127 leaves k + 127 in the low mantissa bits.
            FloatVector shifted = e.mul(1.44269504f).add(12583039f);
            FloatVector k = shifted.sub(12583039f);
            FloatVector r = k.fma(FloatVector.broadcast(S, -1.428606765330187e-06f), k.fma(FloatVector.broadcast(S, -0.693145751953125f), e));
            FloatVector q = r.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 120));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 24));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 6));
            q = q.fma(r, FloatVector.broadcast(S, 0.5f));
            q = q.fma(r, FloatVector.broadcast(S, 1f));
            q = q.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector exp = q.mul(shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector half = t.mul(exp).mul(0.5f);
            FloatVector cdf = half.blend(one.sub(half), v.compare(VectorOperators.GE, 0f));
            v.mul(cdf).intoArray(out, oo + i);
        }
        return i;
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int i = switch (op) {
            case RELU -> reluBackward(x, xo, g, go, out, oo, n);
            case GELU -> geluBackward(x, xo, g, go, out, oo, n);
            case EXP -> mul(g, go, x, xo, out, oo, n);
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

    // g·(Φ(v) + v·φ(v)): Φ as in gelu, and φ(v) = e^(−v²/2)/√(2π) through the same exp polynomial.
    private static int geluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) {
            FloatVector v = fa(x, xo + i);
            // Φ(v): the fit of GeluMath.cdf in float, Horner's rule with constant coefficients.
            FloatVector z = v.abs().mul((float) GeluMath.INV_SQRT2);
            FloatVector t = one.div(z.mul(0.5f).add(1f));
            FloatVector p = t.fma(FloatVector.broadcast(S, 0.17087277f), FloatVector.broadcast(S, -0.82215223f));
            p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
            p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
            p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
            p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
            p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
            p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
            p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
            p = p.fma(t, FloatVector.broadcast(S, -1.26551223f));
            FloatVector e = z.mul(z).neg().add(p).max(-87f);
            // e^e for e ≤ 0: e = k·ln2 + r, |r| ≤ ln2/2; adding 1.5·2²³ + 127 leaves k + 127 in the low mantissa bits.
            FloatVector shifted = e.mul(1.44269504f).add(12583039f);
            FloatVector k = shifted.sub(12583039f);
            FloatVector r = k.fma(FloatVector.broadcast(S, -1.428606765330187e-06f), k.fma(FloatVector.broadcast(S, -0.693145751953125f), e));
            FloatVector q = r.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 120));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 24));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 6));
            q = q.fma(r, FloatVector.broadcast(S, 0.5f));
            q = q.fma(r, FloatVector.broadcast(S, 1f));
            q = q.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector exp = q.mul(shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector half = t.mul(exp).mul(0.5f);
            FloatVector cdf = half.blend(one.sub(half), v.compare(VectorOperators.GE, 0f));
            e = v.mul(v).mul(-0.5f).max(-87f);
            shifted = e.mul(1.44269504f).add(12583039f);
            k = shifted.sub(12583039f);
            r = k.fma(FloatVector.broadcast(S, -1.428606765330187e-06f), k.fma(FloatVector.broadcast(S, -0.693145751953125f), e));
            q = r.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 120));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 24));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 6));
            q = q.fma(r, FloatVector.broadcast(S, 0.5f));
            q = q.fma(r, FloatVector.broadcast(S, 1f));
            q = q.fma(r, FloatVector.broadcast(S, 1f));
            exp = q.mul(shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector pdf = exp.mul((float) GeluMath.INV_SQRT_2PI);
            v.fma(pdf, cdf).mul(fa(g, go + i)).intoArray(out, oo + i);
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
}
