package dev.soma.kernel;

import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.F2D;

/**
 * Vector-API loops at the machine's preferred width (8 floats on AVX2, 16 on AVX-512); tails run the scalar
 * definitions. Sums convert each float vector to doubles (a species of half the float lanes' width) so they
 * keep the scalar kernel's double accumulation. Loaded only when jdk.incubator.vector is present ({@link Kernels}).
 *
 * <p>Every op's loop is its own small method with its operator written out: C2 intrinsifies a Vector-API call
 * only when the operator is a constant where the call is compiled, and gives up inlining in one large method
 * (measured: add through a VectorOperators parameter ran 4× slower, exp 30×, than these loops).
 *
 * <p>Loops call the Vector API directly, never through a small helper of ours: C2 always inlines the API's own
 * methods (a large compilation delays them rather than refusing), but refuses a helper once the compilation
 * passes its node budget, and every vector the helper returned is then boxed. That happened when RowOps' row loop
 * inlined sum, squaredDeviations and normalize and refused a one-line load helper: layer_norm ran at 6.3 ms a
 * call instead of 1.05 whenever it was the first vector code to be compiled.
 */
final class VectorFloatKernel implements FloatKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    /** Elements per chunk of the multi-pass loops: small enough to stay in L1 between passes, a multiple of L. */
    private static final int CHUNK = 512;
    /** A float's sign bit, as an int: OR-ing it in gives −|v| in one instruction. */
    private static final int SIGN_BIT = 0x80000000;

    static {
        if (Kernels.VECTOR_WANTED) VectorProfiles.prime();    // -Dsoma.vector=false: no vector kernel runs, nothing to prime
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int h = head(oo, n);
        if (h > 0) binaryRun(op, a, ao, b, bo, out, oo, out == a || out == b ? h : L);
        binaryRun(op, a, ao + h, b, bo + h, out, oo + h, n - h);
    }

    private void binaryRun(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
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
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int max(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    private static int min(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
        return i;
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int h = head(oo, n);
        if (h > 0) binaryScalarRun(op, a, ao, s, out, oo, out == a ? h : L);
        binaryScalarRun(op, a, ao + h, s, out, oo + h, n - h);
    }

    private void binaryScalarRun(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
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
        int h = head(oo, n);
        if (h > 0) scalarBinaryRun(op, s, b, bo, out, oo, out == b ? h : L);
        scalarBinaryRun(op, s, b, bo + h, out, oo + h, n - h);
    }

    private void scalarBinaryRun(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
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
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).add(s).intoArray(out, oo + i);
        return i;
    }

    private static int subS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).sub(s).intoArray(out, oo + i);
        return i;
    }

    private static int mulS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).mul(s).intoArray(out, oo + i);
        return i;
    }

    private static int divS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).div(s).intoArray(out, oo + i);
        return i;
    }

    private static int maxS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).max(s).intoArray(out, oo + i);
        return i;
    }

    private static int minS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, a, ao + i).min(s).intoArray(out, oo + i);
        return i;
    }

    private static int rsubS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) s.sub(FloatVector.fromArray(S, a, ao + i)).intoArray(out, oo + i);
        return i;
    }

    private static int rdivS(float[] a, int ao, FloatVector s, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) s.div(FloatVector.fromArray(S, a, ao + i)).intoArray(out, oo + i);
        return i;
    }

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int h = head(oo, n);
        if (h > 0) unaryRun(op, x, xo, out, oo, out == x ? h : L);
        unaryRun(op, x, xo + h, out, oo + h, n - h);
    }

    private void unaryRun(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int i = switch (op) {
            case RELU -> relu(x, xo, out, oo, n);
            case GELU -> gelu(x, xo, out, oo, n);
            case EXP -> exp(x, xo, 0f, out, oo, n);
            case LOG, TANH -> 0;    // the library's vector forms differ between JIT modes (see exp): scalar below
            case SQRT -> sqrt(x, xo, out, oo, n);
            case NEG -> neg(x, xo, out, oo, n);
            case ABS -> abs(x, xo, out, oo, n);
            case SQUARE -> square(x, xo, out, oo, n);
            case RECIPROCAL -> reciprocal(x, xo, out, oo, n);
            case SIGMOID -> sigmoid(x, xo, out, oo, n);
        };
        if (i < n && approximate(op)) {
            // The tail through the same vector code, zero-padded, so no element's bits depend on where it falls.
            float[] t = Workspace.get().tail(L);
            copyPadded(x, xo + i, n - i, t, 0);
            unaryRun(op, t, 0, t, 0, L);
            System.arraycopy(t, 0, out, oo + i, n - i);
            return;
        }
        for (; i < n; i++) out[oo + i] = ScalarFloatKernel.apply(op, x[xo + i]);
    }

    /** The last n &lt; L elements from src[from] into t[at .. at + L), zeros after them: a tail as one whole vector. */
    private static void copyPadded(float[] src, int from, int n, float[] t, int at) {
        System.arraycopy(src, from, t, at, n);
        Arrays.fill(t, at + n, at + L, 0f);
    }

    private static int relu(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(out, oo + i);
        return i;
    }

    /**
     * out = e^(x − shift) over whole vectors, returning how many elements were done. The library's vector exp is not used:
     * C2 replaces it by an intrinsic whose last bits differ from the interpreter's per-lane fallback, so results
     * would depend on when the JIT compiled the loop. This is plain arithmetic, the same bits in every mode:
     * x = k·ln2 + r with |r| ≤ ln2/2 (ln2 in two parts so r is exact), eʳ by its Taylor series to r⁷ (within about
     * 2 ulps), and 2ᵏ built in the exponent bits, offset by 60 for results below 2⁻¹²⁶ (then scaled down, fading
     * into subnormals) and by −2 near overflow. Below −104 the result is 0, above 88.7228 it is +∞; NaN stays NaN.
     */
    private static int exp(float[] x, int xo, float shift, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), log2e = FloatVector.broadcast(S, 1.44269504f);
        FloatVector negLn2Hi = FloatVector.broadcast(S, -0.693145751953125f);
        FloatVector negLn2Lo = FloatVector.broadcast(S, -1.428606765330187e-06f);
        for (; i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, xo + i).sub(shift);
            VectorMask<Float> tiny = e.compare(VectorOperators.LT, -69f), huge = e.compare(VectorOperators.GT, 80f);
            // Almost every vector has all its lanes in the normal range: it skips the offsets, clamps and blends,
            // which leave such lanes' bits unchanged.
            boolean special = tiny.or(huge).anyTrue();
            // Adding 1.5·2²³ + 127 (± the offset) rounds e·log₂e to k and leaves k + 127 in the low mantissa bits.
            FloatVector magic = FloatVector.broadcast(S, 12583039f);
            if (special) magic = magic.blend(12583099f, tiny).blend(12583037f, huge);
            FloatVector shifted = (special ? e.max(-104f).min(89f) : e).fma(log2e, magic);
            FloatVector k = shifted.sub(magic);
            FloatVector r = k.fma(negLn2Lo, k.fma(negLn2Hi, e));
            FloatVector q = r.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 120));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 24));
            q = q.fma(r, FloatVector.broadcast(S, 1f / 6));
            q = q.fma(r, FloatVector.broadcast(S, 0.5f));
            q = q.fma(r, one);
            q = q.fma(r, one);
            FloatVector twoK = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector y = q.mul(twoK);
            if (special)
                y = y.mul(one.blend(0x1p-60f, tiny).blend(4f, huge)).blend(0f, e.compare(VectorOperators.LT, -104f))
                        .blend(Float.POSITIVE_INFINITY, e.compare(VectorOperators.GT, 88.72283f));
            y.intoArray(out, oo + i);
        }
        return i;
    }


    private static int sqrt(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(out, oo + i);
        return i;
    }

    private static int neg(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).neg().intoArray(out, oo + i);
        return i;
    }

    private static int abs(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).abs().intoArray(out, oo + i);
        return i;
    }

    private static int reciprocal(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) one.div(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
        return i;
    }

    // 1/(1 + e⁻ˣ) in three passes over L1-sized chunks: negate, exp in place, then 1/(1 + e).
    private static int sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n);
        for (int c = 0; c < bound; c += CHUNK) {
            int m = Math.min(CHUNK, bound - c);
            neg(x, xo + c, out, oo + c, m);
            exp(out, oo + c, 0f, out, oo + c, m);
            onePlusReciprocal(out, oo + c, m);
        }
        return bound;
    }

    private static void onePlusReciprocal(float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < n; i += L) one.div(FloatVector.fromArray(S, y, yo + i).add(one)).intoArray(y, yo + i);
    }

    private static int square(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(out, oo + i);
        }
        return i;
    }

    // GELU's loops are written out whole: C2 inlines the Vector API's calls but not a helper of this size, and a
    // vector passed to a helper that is not inlined is boxed (measured: 2x slower). The exp is a short polynomial
    // instead of the library's, at a third of its cost, and it takes its argument in parts: −v²/2 split exactly as
    // nzz − zzlo, and the fit's moderate term p. Reducing by k·ln2 against nzz first keeps the error at a few ulps
    // even where the argument nears −87 (x ≈ −13), where rounding the sum first would cost hundreds. Only vectors
    // with a lane below −69 there (|v| > 11.7) pay for the range handling: results below 2⁻¹²⁶ are scaled through
    // 2⁶⁰ so they fade into subnormals, and arguments below −104 give 0. The result is max(v, −0) − |v|·Φ(−|v|),
    // one rounding where v·(1 − Φ(−|v|)) took two, and the exp's coefficients carry Φ's factor ½.
    // A vector whose lanes all lie in [−3, 3] (96% of them for N(0, 1) data) skips the fit's division: there
    // 2Φ(−|v|) = exp(−v²/2 + g(|v|)), g a degree-9 polynomial fitted to log(erfc(|v|/√2)) + v²/2 on [0, 3] by
    // reweighted least squares (error 2.5e-7 evaluated in float, below the fit's rounding; 2.3 ulps for |x| ≤ 1,
    // against 6.1 through the division); its constant term (5e-9) is left out, as g(0) = 0.
    private static int gelu(float[] x, int xo, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), log2e = FloatVector.broadcast(S, 1.44269504f);
        FloatVector negLn2Hi = FloatVector.broadcast(S, -0.693145751953125f);
        FloatVector negLn2Lo = FloatVector.broadcast(S, -1.428606765330187e-06f);
        FloatVector magic = FloatVector.broadcast(S, 12583039f);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector negAbs = v.reinterpretAsInts().lanewise(VectorOperators.OR, SIGN_BIT).reinterpretAsFloats();
            FloatVector h = v.mul(0.5f);
            FloatVector nzz = h.mul(v).neg(), zzlo = h.fma(v, nzz);     // v²/2 = −nzz + zzlo exactly
            // Φ(−|v|) = t·exp(−zz + p)/2: t = 1 and p = g(|v|) near 0, else the fit of GeluMath.cdf for erfc(z),
            // z = |v|/√2, t = 1/(1 + z/2), Horner's rule.
            // p is pm·pp, multiplied out where the exp reduction adds it, which saves the fit's last step.
            FloatVector t, p, pm;
            boolean near = negAbs.compare(VectorOperators.GE, -3f).allTrue();
            if (near) {
                t = one;
                pm = negAbs;
                p = negAbs.fma(FloatVector.broadcast(S, -3.7923283002783137e-07f), FloatVector.broadcast(S, -6.8131284933770075e-06f));
                p = p.fma(negAbs, FloatVector.broadcast(S, -5.229724774835631e-05f));
                p = p.fma(negAbs, FloatVector.broadcast(S, -0.00019610379240475595f));
                p = p.fma(negAbs, FloatVector.broadcast(S, -5.5923355830600485e-06f));
                p = p.fma(negAbs, FloatVector.broadcast(S, 0.004811851307749748f));
                p = p.fma(negAbs, FloatVector.broadcast(S, 0.03635057434439659f));
                p = p.fma(negAbs, FloatVector.broadcast(S, 0.18169382214546204f));
                p = p.fma(negAbs, FloatVector.broadcast(S, 0.7978848814964294f));
            } else {
                pm = one;
                t = one.div(negAbs.fma(FloatVector.broadcast(S, -0.353553390593273762f), one));
                p = t.fma(FloatVector.broadcast(S, 0.17087277f), FloatVector.broadcast(S, -0.82215223f));
                p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
                p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
                p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
                p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
                p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
                p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
                p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
                p = p.fma(t, FloatVector.broadcast(S, -1.26551223f));
            }
            FloatVector ea = p.fma(pm, nzz);                         // rounded: only chooses k
            boolean special = !near && ea.compare(VectorOperators.LT, -69f).anyTrue();
            FloatVector m = special ? magic.blend(12583099f, ea.compare(VectorOperators.LT, -69f)) : magic;
            FloatVector shifted = (special ? ea.max(-104f) : ea).fma(log2e, m);
            FloatVector k = shifted.sub(m);
            FloatVector r = p.fma(pm, k.fma(negLn2Hi, nzz));
            r = k.fma(negLn2Lo, r).sub(zzlo);
            // e^r/2 for |r| ≤ ln2/2: a degree-6 near-minimax fit (relative error 1.9e-9 in exact arithmetic, where
            // Taylor's degree 7 reached 5e-9), one step shorter.
            FloatVector q = r.fma(FloatVector.broadcast(S, 0.0006918396684341133f), FloatVector.broadcast(S, 0.004187428392469883f));
            q = q.fma(r, FloatVector.broadcast(S, 0.020834114402532578f));
            q = q.fma(r, FloatVector.broadcast(S, 0.08333209902048111f));
            q = q.fma(r, FloatVector.broadcast(S, 0.24999995529651642f));
            q = q.fma(r, FloatVector.broadcast(S, 0.5f));
            q = q.fma(r, FloatVector.broadcast(S, 0.5f));
            FloatVector half = q.mul(shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            if (special) half = half.mul(one.blend(0x1p-60f, ea.compare(VectorOperators.LT, -69f))).blend(0f, ea.compare(VectorOperators.LT, -104f));
            FloatVector res = negAbs.fma(near ? half : t.mul(half), v.max(-0f));
            if (special) res = res.blend(v, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));    // not ∞ − ∞·0
            res.intoArray(out, oo + i);
        }
        return i;
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int h = head(oo, n);
        if (h > 0) unaryBackwardRun(op, x, xo, g, go, out, oo, out == x || out == g ? h : L);
        unaryBackwardRun(op, x, xo + h, g, go + h, out, oo + h, n - h);
    }

    private void unaryBackwardRun(UnaryOp op, float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int i = switch (op) {
            case RELU -> reluBackward(x, xo, g, go, out, oo, n);
            case GELU -> geluBackward(x, xo, g, go, out, oo, n);
            case EXP -> mul(g, go, x, xo, out, oo, n);
            case SIGMOID -> sigmoidBackward(x, xo, g, go, out, oo, n);
            case TANH -> tanhBackward(x, xo, g, go, out, oo, n);
            default -> 0;    // rare in backward: the scalar loop below
        };
        if (i < n && approximate(op)) {
            float[] t = Workspace.get().tail(2 * L);
            copyPadded(x, xo + i, n - i, t, 0);
            copyPadded(g, go + i, n - i, t, L);
            unaryBackwardRun(op, t, 0, t, L, t, 0, L);
            System.arraycopy(t, 0, out, oo + i, n - i);
            return;
        }
        for (; i < n; i++) out[oo + i] = ScalarFloatKernel.derivative(op, x[xo + i], g[go + i]);
    }

    private static int reluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            VectorMask<Float> off = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.LE, 0f);
            FloatVector.fromArray(S, g, go + i).blend(0f, off).intoArray(out, oo + i);
        }
        return i;
    }

    // g·(Φ(v) + v·φ(v)): Φ as in gelu, and φ(v) = e^(−v²/2)/√(2π) through the same exp.
    private static int geluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f), log2e = FloatVector.broadcast(S, 1.44269504f);
        FloatVector negLn2Hi = FloatVector.broadcast(S, -0.693145751953125f);
        FloatVector negLn2Lo = FloatVector.broadcast(S, -1.428606765330187e-06f);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector x2 = v.mul(v);
            FloatVector zz = x2.mul(0.5f), zzlo = v.fma(v, x2.neg()).mul(0.5f);    // v²/2 = zz + zzlo exactly
            // Φ(v) = erfc(|v|/√2)/2 (or 1 − that): the fit of GeluMath.cdf, Horner's rule with constant coefficients.
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
            FloatVector eaerfcExp = p.sub(zz);                              // rounded: only chooses k
            VectorMask<Float> tinyerfcExp = eaerfcExp.compare(VectorOperators.LT, -69f);
            FloatVector magicerfcExp = FloatVector.broadcast(S, 12583039f).blend(12583099f, tinyerfcExp);
            FloatVector shiftederfcExp = eaerfcExp.max(-104f).fma(log2e, magicerfcExp);
            FloatVector kerfcExp = shiftederfcExp.sub(magicerfcExp);
            FloatVector rerfcExp = kerfcExp.fma(negLn2Hi, zz.neg()).add(p);
            rerfcExp = kerfcExp.fma(negLn2Lo, rerfcExp).sub(zzlo);
            FloatVector qerfcExp = rerfcExp.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
            qerfcExp = qerfcExp.fma(rerfcExp, FloatVector.broadcast(S, 1f / 120));
            qerfcExp = qerfcExp.fma(rerfcExp, FloatVector.broadcast(S, 1f / 24));
            qerfcExp = qerfcExp.fma(rerfcExp, FloatVector.broadcast(S, 1f / 6));
            qerfcExp = qerfcExp.fma(rerfcExp, FloatVector.broadcast(S, 0.5f));
            qerfcExp = qerfcExp.fma(rerfcExp, one);
            qerfcExp = qerfcExp.fma(rerfcExp, one);
            FloatVector twoKerfcExp = shiftederfcExp.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector erfcExp = qerfcExp.mul(twoKerfcExp).mul(one.blend(0x1p-60f, tinyerfcExp)).blend(0f, eaerfcExp.compare(VectorOperators.LT, -104f));
            FloatVector half = t.mul(erfcExp).mul(0.5f);
            FloatVector cdf = half.blend(one.sub(half), v.compare(VectorOperators.GE, 0f));
            FloatVector eadensity = zz.neg();                              // rounded: only chooses k
            VectorMask<Float> tinydensity = eadensity.compare(VectorOperators.LT, -69f);
            FloatVector magicdensity = FloatVector.broadcast(S, 12583039f).blend(12583099f, tinydensity);
            FloatVector shifteddensity = eadensity.max(-104f).fma(log2e, magicdensity);
            FloatVector kdensity = shifteddensity.sub(magicdensity);
            FloatVector rdensity = kdensity.fma(negLn2Hi, zz.neg());
            rdensity = kdensity.fma(negLn2Lo, rdensity).sub(zzlo);
            FloatVector qdensity = rdensity.fma(FloatVector.broadcast(S, 1f / 5040), FloatVector.broadcast(S, 1f / 720));
            qdensity = qdensity.fma(rdensity, FloatVector.broadcast(S, 1f / 120));
            qdensity = qdensity.fma(rdensity, FloatVector.broadcast(S, 1f / 24));
            qdensity = qdensity.fma(rdensity, FloatVector.broadcast(S, 1f / 6));
            qdensity = qdensity.fma(rdensity, FloatVector.broadcast(S, 0.5f));
            qdensity = qdensity.fma(rdensity, one);
            qdensity = qdensity.fma(rdensity, one);
            FloatVector twoKdensity = shifteddensity.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector density = qdensity.mul(twoKdensity).mul(one.blend(0x1p-60f, tinydensity)).blend(0f, eadensity.compare(VectorOperators.LT, -104f));
            FloatVector pdf = density.mul((float) GeluMath.INV_SQRT_2PI);
            v.fma(pdf, cdf).mul(FloatVector.fromArray(S, g, go + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sigmoidBackward(float[] y, int yo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector.fromArray(S, g, go + i).mul(v).mul(v.neg().add(1f)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int tanhBackward(float[] y, int yo, float[] g, int go, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector.fromArray(S, g, go + i).mul(v.mul(v).neg().add(1f)).intoArray(out, oo + i);
        }
        return i;
    }

    @Override
    public double sum(float[] x, int xo, int n) {
        // Lower and upper halves in two accumulators; sumFour adds each row in this same order.
        DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector u = FloatVector.fromArray(S, x, xo + i);
            s0 = s0.add((DoubleVector) u.convertShape(F2D, D, 0));
            s1 = s1.add((DoubleVector) u.rearrange(UPPER_HALF).convertShape(F2D, D, 0));
        }
        double s = sumLanes(s0.add(s1));
        for (; i < n; i++) s += x[xo + i];
        return s;
    }

    @Override
    public void sumRows(float[] x, int xo, int rowStride, int rows, int n, double[] out, int oo) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) sumFour(x, xo + r * rowStride, rowStride, n, out, oo + r);
        for (; r < rows; r++) out[oo + r] = sum(x, xo + r * rowStride, n);
    }

    /** The rows x0 + j·st for j &lt; 4, each added in sum's order. */
    private static void sumFour(float[] x, int x0, int st, int n, double[] out, int oo) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int x1 = x0 + st, x2 = x1 + st, x3 = x2 + st, i = 0;
        for (; i <= n - L; i += L) {
            FloatVector u = FloatVector.fromArray(S, x, x0 + i), v = FloatVector.fromArray(S, x, x1 + i), w = FloatVector.fromArray(S, x, x2 + i), z = FloatVector.fromArray(S, x, x3 + i);
            a0 = a0.add((DoubleVector) u.convertShape(F2D, D, 0));
            a1 = a1.add((DoubleVector) u.rearrange(UPPER_HALF).convertShape(F2D, D, 0));
            b0 = b0.add((DoubleVector) v.convertShape(F2D, D, 0));
            b1 = b1.add((DoubleVector) v.rearrange(UPPER_HALF).convertShape(F2D, D, 0));
            c0 = c0.add((DoubleVector) w.convertShape(F2D, D, 0));
            c1 = c1.add((DoubleVector) w.rearrange(UPPER_HALF).convertShape(F2D, D, 0));
            d0 = d0.add((DoubleVector) z.convertShape(F2D, D, 0));
            d1 = d1.add((DoubleVector) z.rearrange(UPPER_HALF).convertShape(F2D, D, 0));
        }
        // sumLanes' tree written out: in a compile this large C2 refuses the helper and boxes every vector passed to it.
        DoubleVector va = a0.add(a1), vb = b0.add(b1), vc = c0.add(c1), vd = d0.add(d1);
        if (DL >= 32) { va = va.add(va.rearrange(FOLD_16)); vb = vb.add(vb.rearrange(FOLD_16)); vc = vc.add(vc.rearrange(FOLD_16)); vd = vd.add(vd.rearrange(FOLD_16)); }
        if (DL >= 16) { va = va.add(va.rearrange(FOLD_8)); vb = vb.add(vb.rearrange(FOLD_8)); vc = vc.add(vc.rearrange(FOLD_8)); vd = vd.add(vd.rearrange(FOLD_8)); }
        if (DL >= 8) { va = va.add(va.rearrange(FOLD_4)); vb = vb.add(vb.rearrange(FOLD_4)); vc = vc.add(vc.rearrange(FOLD_4)); vd = vd.add(vd.rearrange(FOLD_4)); }
        if (DL >= 4) { va = va.add(va.rearrange(FOLD_2)); vb = vb.add(vb.rearrange(FOLD_2)); vc = vc.add(vc.rearrange(FOLD_2)); vd = vd.add(vd.rearrange(FOLD_2)); }
        if (DL >= 2) { va = va.add(va.rearrange(FOLD_1)); vb = vb.add(vb.rearrange(FOLD_1)); vc = vc.add(vc.rearrange(FOLD_1)); vd = vd.add(vd.rearrange(FOLD_1)); }
        double sa = va.lane(0), sb = vb.lane(0), sc = vc.lane(0), sd = vd.lane(0);
        for (int j = i; j < n; j++) {
            sa += x[x0 + j];
            sb += x[x1 + j];
            sc += x[x2 + j];
            sd += x[x3 + j];
        }
        out[oo] = sa;
        out[oo + 1] = sb;
        out[oo + 2] = sc;
        out[oo + 3] = sd;
    }

    @Override
    public void accumulate(float[] x, int xo, int rowStride, int rows, double[] acc, int ao, int n) {
        // Four rows per pass: acc is loaded and stored once for four rows, whose sum forms in registers.
        int r = 0;
        for (; r + 4 <= rows; r += 4) accumulateFour(x, xo + r * rowStride, rowStride, acc, ao, n);
        for (; r < rows; r++) accumulateOne(x, xo + r * rowStride, acc, ao, n);
    }

    private static void accumulateFour(float[] x, int xo, int st, double[] acc, int ao, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector u0 = FloatVector.fromArray(S, x, xo + i), u1 = FloatVector.fromArray(S, x, xo + st + i), u2 = FloatVector.fromArray(S, x, xo + 2 * st + i), u3 = FloatVector.fromArray(S, x, xo + 3 * st + i);
            DoubleVector lo = ((DoubleVector) u0.convertShape(F2D, D, 0)).add(u1.convertShape(F2D, D, 0))
                    .add(u2.convertShape(F2D, D, 0)).add(u3.convertShape(F2D, D, 0));
            DoubleVector hi = ((DoubleVector) u0.rearrange(UPPER_HALF).convertShape(F2D, D, 0))
                    .add(u1.rearrange(UPPER_HALF).convertShape(F2D, D, 0))
                    .add(u2.rearrange(UPPER_HALF).convertShape(F2D, D, 0))
                    .add(u3.rearrange(UPPER_HALF).convertShape(F2D, D, 0));
            DoubleVector.fromArray(D, acc, ao + i).add(lo).intoArray(acc, ao + i);
            DoubleVector.fromArray(D, acc, ao + i + DL).add(hi).intoArray(acc, ao + i + DL);
        }
        ScalarFloatKernel.accumulateFour(x, xo, st, acc, ao, i, n);
    }

    private static void accumulateOne(float[] x, int xo, double[] acc, int ao, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector u = FloatVector.fromArray(S, x, xo + i);
            DoubleVector.fromArray(D, acc, ao + i).add(u.convertShape(F2D, D, 0)).intoArray(acc, ao + i);
            DoubleVector.fromArray(D, acc, ao + i + DL).add(u.rearrange(UPPER_HALF).convertShape(F2D, D, 0)).intoArray(acc, ao + i + DL);
        }
        for (; i < n; i++) acc[ao + i] += x[xo + i];
    }

    @Override
    public void accumulateProducts(float[] a, int aOff, float[] b, int bo, double[] acc, int ao, int n) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) {
            FloatVector u = FloatVector.fromArray(S, a, aOff + i), v = FloatVector.fromArray(S, b, bo + i);
            DoubleVector ul = (DoubleVector) u.convertShape(F2D, D, 0), uh = (DoubleVector) u.rearrange(UPPER_HALF).convertShape(F2D, D, 0);
            ul.fma(v.convertShape(F2D, D, 0), DoubleVector.fromArray(D, acc, ao + i)).intoArray(acc, ao + i);
            uh.fma(v.rearrange(UPPER_HALF).convertShape(F2D, D, 0), DoubleVector.fromArray(D, acc, ao + i + DL)).intoArray(acc, ao + i + DL);
        }
        for (; i < n; i++) acc[ao + i] += (double) a[aOff + i] * b[bo + i];
    }

    @Override
    public double squaredDeviations(float[] x, int xo, int n, double mean) {
        int bound = S.loopBound(n), i = 0;
        DoubleVector s = DoubleVector.zero(D), t = DoubleVector.zero(D), m = DoubleVector.broadcast(D, mean);
        for (; i < bound; i += L) {
            FloatVector u = FloatVector.fromArray(S, x, xo + i);
            DoubleVector d = ((DoubleVector) u.convertShape(F2D, D, 0)).sub(m);
            DoubleVector e = ((DoubleVector) u.rearrange(UPPER_HALF).convertShape(F2D, D, 0)).sub(m);
            s = d.fma(d, s);
            t = e.fma(e, t);
        }
        double r = sumLanes(s.add(t));
        for (; i < n; i++) {
            double d = x[xo + i] - mean;
            r += d * d;
        }
        return r;
    }

    @Override
    public void meanAndVariance(float[] x, int xo, int n, double[] out, int oo) {
        double shift = n == 0 ? Double.NaN : x[xo];
        DoubleVector k = DoubleVector.broadcast(D, shift), s0 = DoubleVector.zero(D), s1 = s0, q0 = s0, q1 = s0;
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector u = FloatVector.fromArray(S, x, xo + i);
            DoubleVector d0 = ((DoubleVector) u.convertShape(F2D, D, 0)).sub(k);
            DoubleVector d1 = ((DoubleVector) u.rearrange(UPPER_HALF).convertShape(F2D, D, 0)).sub(k);
            s0 = s0.add(d0);
            s1 = s1.add(d1);
            q0 = d0.fma(d0, q0);
            q1 = d1.fma(d1, q1);
        }
        // sumLanes' tree written out: inlined into a row loop, C2 may refuse the helper and box what it is passed.
        DoubleVector sv = s0.add(s1), qv = q0.add(q1);
        if (DL >= 32) { sv = sv.add(sv.rearrange(FOLD_16)); qv = qv.add(qv.rearrange(FOLD_16)); }
        if (DL >= 16) { sv = sv.add(sv.rearrange(FOLD_8)); qv = qv.add(qv.rearrange(FOLD_8)); }
        if (DL >= 8) { sv = sv.add(sv.rearrange(FOLD_4)); qv = qv.add(qv.rearrange(FOLD_4)); }
        if (DL >= 4) { sv = sv.add(sv.rearrange(FOLD_2)); qv = qv.add(qv.rearrange(FOLD_2)); }
        if (DL >= 2) { sv = sv.add(sv.rearrange(FOLD_1)); qv = qv.add(qv.rearrange(FOLD_1)); }
        ScalarFloatKernel.moments(x, xo, shift, sv.lane(0), qv.lane(0), i, n, out, oo);
    }

    @Override
    public double dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = S.loopBound(n), i = 0;
        DoubleVector s = DoubleVector.zero(D), t = DoubleVector.zero(D);
        for (; i < bound; i += L) {
            FloatVector u = FloatVector.fromArray(S, a, ao + i), v = FloatVector.fromArray(S, b, bo + i);
            DoubleVector ul = (DoubleVector) u.convertShape(F2D, D, 0), uh = (DoubleVector) u.rearrange(UPPER_HALF).convertShape(F2D, D, 0);
            s = ul.fma(v.convertShape(F2D, D, 0), s);
            t = uh.fma(v.rearrange(UPPER_HALF).convertShape(F2D, D, 0), t);
        }
        double r = sumLanes(s.add(t));
        for (; i < n; i++) r += (double) a[ao + i] * b[bo + i];
        return r;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        int bound = S.loopBound(n), i = 0;
        float m = x[xo];
        if (bound > 0) {
            FloatVector mv = FloatVector.fromArray(S, x, xo);
            for (i = L; i < bound; i += L) mv = mv.max(FloatVector.fromArray(S, x, xo + i));
            m = mv.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    @Override
    public double expShifted(float[] x, int xo, float shift, float[] out, int oo, int n) {
        int i = exp(x, xo, shift, out, oo, n);
        if (i < n) {    // the tail through the same code, zero-padded, as unary's
            float[] t = Workspace.get().tail(L);
            copyPadded(x, xo + i, n - i, t, 0);
            exp(t, 0, shift, t, 0, L);
            System.arraycopy(t, 0, out, oo + i, n - i);
        }
        return sum(out, oo, n);
    }

    @Override
    public void normalize(float[] x, int xo, float mean, float scale, float[] w, float[] b, float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector mv = FloatVector.broadcast(S, mean), sv = FloatVector.broadcast(S, scale);
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i).sub(mv).mul(sv);
            if (w != null) v = v.mul(FloatVector.fromArray(S, w, i));
            if (b != null) v = v.add(FloatVector.fromArray(S, b, i));
            v.intoArray(out, oo + i);
        }
        ScalarFloatKernel.normalize(x, xo, mean, scale, w, b, out, oo, i, n);
    }

    @Override
    public void axpy(int n, float s, float[] x, int xo, float[] y, int yo) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).fma(sv, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] = Math.fma(s, x[xo + i], y[yo + i]);
    }

    @Override
    public void sumAndDot(float[] a, int ao, float[] b, int bo, int n, double[] acc, int accOffset) {
        int bound = S.loopBound(n), i = 0;
        DoubleVector s = DoubleVector.zero(D), d = DoubleVector.zero(D);
        for (; i < bound; i += L) {
            FloatVector u = FloatVector.fromArray(S, a, ao + i), v = FloatVector.fromArray(S, b, bo + i);
            DoubleVector ul = (DoubleVector) u.convertShape(F2D, D, 0), uh = (DoubleVector) u.rearrange(UPPER_HALF).convertShape(F2D, D, 0);
            s = s.add(ul).add(uh);
            d = ul.fma(v.convertShape(F2D, D, 0), d);
            d = uh.fma(v.rearrange(UPPER_HALF).convertShape(F2D, D, 0), d);
        }
        double st = sumLanes(s), dt = sumLanes(d);
        for (; i < n; i++) {
            float v = a[ao + i];
            st += v;
            dt += (double) v * b[bo + i];
        }
        acc[accOffset] = st;
        acc[accOffset + 1] = dt;
    }

    @Override
    public void shiftScaleAdd(float[] x, int xo, float shift, float scale, float[] g, int go, float gScale, float add,
                              float[] out, int oo, int n) {
        int bound = S.loopBound(n), i = 0;
        FloatVector sh = FloatVector.broadcast(S, shift), sc = FloatVector.broadcast(S, scale);
        FloatVector ad = FloatVector.broadcast(S, add), gs = FloatVector.broadcast(S, gScale);
        if (g == null) for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(sh).mul(sc).add(ad).intoArray(out, oo + i);
        else for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).sub(sh).mul(sc).add(FloatVector.fromArray(S, g, go + i).mul(gs)).add(ad).intoArray(out, oo + i);
        ScalarFloatKernel.shiftScaleAdd(x, xo, shift, scale, g, go, gScale, add, out, oo, i, n);
    }

    // Ops whose vector code rounds differently from the scalar definitions: their tails go through the vector code.
    private static boolean approximate(UnaryOp op) { return op == UnaryOp.GELU || op == UnaryOp.EXP || op == UnaryOp.SIGMOID; }


    /**
     * How many elements of a run of n starting at index i come before the first one on a vector-size boundary,
     * assuming the array object starts on such a boundary: multi-megabyte arrays do, as the collector gives each
     * a heap region of its own, and those are where alignment pays (measured on AVX-512: relu over 16 MB took
     * 0.32 ms with every store straddling two cache lines and 0.20 ms aligned). Runs too short to matter get 0. The
     * entry points cover the head with one unaligned vector (or element by element when the output is an
     * input, where computing an element twice would read the first result) and then run aligned.
     */
    static int head(int i, int n) {
        return n < 4 * L ? 0 : Math.floorMod(-(FIRST_ELEMENT / Float.BYTES + i), L);
    }

    /** Bytes from a float[] object's start to its element 0 (16 with HotSpot's compressed class pointers). */
    private static final int FIRST_ELEMENT = firstElementOffset();

    private static int firstElementOffset() {
        try {    // jdk.unsupported is readable without flags; only a public constant is read
            return Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 16;
        }
    }

    // The lanes' sum by a fixed tree: each step adds the upper half of the lanes still in play onto the lower half.
    // reduceLanes(ADD) leaves the order open, and the intrinsic and the interpreter order it differently, which would
    // make sums depend on when the JIT compiled them. The tree takes log2(DL) dependent adds where lane by lane took DL.
    private static double sumLanes(DoubleVector v) {
        if (DL >= 32) v = v.add(v.rearrange(FOLD_16));
        if (DL >= 16) v = v.add(v.rearrange(FOLD_8));
        if (DL >= 8) v = v.add(v.rearrange(FOLD_4));
        if (DL >= 4) v = v.add(v.rearrange(FOLD_2));
        if (DL >= 2) v = v.add(v.rearrange(FOLD_1));
        return v.lane(0);
    }

    private static final VectorShuffle<Double> FOLD_16 = fold(16), FOLD_8 = fold(8), FOLD_4 = fold(4), FOLD_2 = fold(2), FOLD_1 = fold(1);

    /** Lane j takes lane j + half for j &lt; half; the lanes above are don't-cares, kept in range. */
    private static VectorShuffle<Double> fold(int half) {
        return VectorShuffle.fromOp(D, j -> (j + half) % DL);
    }

    /*
     * A float vector's upper half moves down by this constant shuffle before it is converted to doubles, which is
     * cheaper than convertShape's part 1 (a slice). Only full-width float vectors are converted: converting a
     * half-width species runs, until C2 compiles the caller, through a fallback that stores that second vector class
     * through FloatVector.intoArray; the shared store's profile, now bimorphic, made C2 compile some kernels' stores
     * lane by lane (layer_norm 3-4x slower for a whole run). Sending a half-width conversion through
     * VectorProfiles.prime from the start is worse: gelu took 4.0 and 6.9 ms instead of 1.2 in the two JVMs tried.
     * The shuffle is the price, and it is what separates sum(1) from PyTorch's: on Zen 5, 4096 row sums of 1024
     * floats (two threads, median of 10 rounds) take 0.163 ms with it, 0.122 with half-width loads and 0.114 adding
     * floats unconverted, against PyTorch's 0.125-0.130. Two other full-width forms lose: loading the upper half
     * again at an offset of 8 (no faster than the shuffle; every second load splits a line), and moving a float's
     * bits into a double's places with shifts and masks (the value times 2^-896, exact for finite floats; 0.141, and
     * infinities and NaNs would need a check of their own). Adding on the FMA pipes (x.fma(1, acc)) gained nothing.
     * Widening a half-width load with reinterpretShape and converting that full-width vector is no way round: in one
     * W9 run of three, sum(1) itself then took 0.66 ms instead of 0.17-0.18; with that form added to
     * VectorProfiles.prime it held in seven runs, but W9's sum(1) gained only 8% (0.155-0.179 ms, against 0.180-0.219
     * alternating with this shuffle).
     */
    private static final VectorShuffle<Float> UPPER_HALF = VectorShuffle.fromOp(S, j -> (j + DL) % L);

}
