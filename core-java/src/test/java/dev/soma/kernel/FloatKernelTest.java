package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two FloatKernel twins against each other and against references computed here in double, over lengths that
 * straddle every vector width (8 floats on AVX2, 16 on AVX-512, half as many doubles) and with nonzero, distinct
 * offsets so that no operand is aligned like another.
 *
 * <p>Exact ops (ADD, SUB, MUL, DIV, MAX, MIN, RELU, NEG, ABS, SQUARE, RECIPROCAL, SQRT, their backward rules, and
 * max, normalize, axpy, which round every step the same way in both twins) must agree bit for bit
 * ({@link Float#floatToIntBits}, which folds every NaN into one), with NaN, ±0, ±∞ and subnormals in the inputs.
 *
 * <p>Transcendental ops are held to bounds measured here (AVX-512, JDK 17, after a warm-up so C2 has compiled the
 * vector loops; then 2²⁰ points per op), then given a margin. Error is in ulps of the float nearest the double
 * reference (GELU's through erf, {@link Erf#normalCdf}), over inputs whose results are normal floats:
 * <pre>
 *            measured max (scalar / vector)          asserted      inputs
 *   EXP         0.50 / 0.50                             2            [−87, 88.5]; also expShifted
 *   LOG         0.50 / 0.50                             2            [e⁻⁸⁵, e⁸⁵]
 *   TANH        0.50 / 0.50                             3            [−10, 10]
 *   SIGMOID     0.50 / 2.37                             4            [−80, 30]: the vector divides in float
 *   GELU        2.24 / 6.6 (|x| ≤ 1), 1.9 (x ≥ 1),      10           [−13, 12]
 *                      2.9·(1 + x²) (x ≤ −1)            + 4·x² for x &lt; 0
 * </pre>
 * Vector EXP, LOG and TANH measured correctly rounded on this JDK; the bound of 2 leaves room for JVMs whose C2
 * uses approximate (≤ 1 ulp) vector math stubs. The scalar GELU carries the erfc fit's 1.2e-7 relative error
 * (GeluMath). The vector GELU evaluates Φ in float, and −z² (z = |x|/√2) rounds by about x²·2⁻²⁴, which becomes
 * relative error of e^(−z²): 297 ulps at x = −13, still 2e-5 relative (x·(1 + erf(x/√2))/2 in float gives 0 there).
 *
 * <p>Derivatives are evaluated from float inputs in float, so their error is bounded against the size of the
 * terms rather than of the result (1 − y² cancels for y near ±1): |got − ref| ≤ k·2⁻²⁴·m, with m given by
 * {@link #magnitude}; measured k ≤ 2.0 (vector GELU 3.13), asserted {@link #DERIVATIVE_K}. All backward rules but
 * GELU's round the same float steps in both twins and must agree bit for bit.
 *
 * <p>Sums (sum, accumulate, squaredDeviations, dot, expShifted's total) agree with a double reference within
 * 1e-12 of the sum of the terms' magnitudes; accumulate, one double add per element, exactly.
 */
class FloatKernelTest {
    private static final FloatKernel SCALAR = Kernels.SCALAR_FLOAT;
    private static final FloatKernel VECTOR = Kernels.VECTOR_FLOAT;
    private static final FloatKernel[] TWINS = {SCALAR, VECTOR};
    private static final int[] SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000};
    /** Operand and output offsets, distinct so that lanes never line up alike. */
    private static final int AO = 3, BO = 5, OO = 2;
    private static final float SENTINEL = -7.77e7f;
    private static final float[] SPECIALS = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL / 3, -Float.MIN_NORMAL * 0.75f, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.5f, 3f};
    private static final float[] SCALARS = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -2.5f, 1.75f};

    static final double DERIVATIVE_K = 6;

    @BeforeAll
    static void warmUp() {
        assertNotNull(VECTOR, "Surefire's argLine adds jdk.incubator.vector; the vector kernel must load in tests");
        // Let C2 compile the vector loops (and use its intrinsics) before errors are measured: interpreted, the
        // Vector API falls back to Math.exp & co. lane by lane and would hide the vector code's own rounding.
        float[] x = new float[1024], y = new float[1024], g = new float[1024];
        Random r = new Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 3;
            g[i] = (float) r.nextGaussian();
        }
        for (int rep = 0; rep < 400; rep++)
            for (UnaryOp op : UnaryOp.values()) {
                VECTOR.unary(op, x, 0, y, 0, x.length);
                VECTOR.unaryBackward(op, x, 0, g, 0, y, 0, x.length);
            }
    }

    // ---------------------------------------------------------------- inputs

    /** n values from offset off: mostly random of widely varying magnitude, about a third specials. */
    private static float[] mixed(Random r, int off, int n) {
        float[] a = new float[off + n];
        for (int i = 0; i < a.length; i++)
            a[i] = r.nextInt(3) == 0 ? SPECIALS[r.nextInt(SPECIALS.length)] : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
        return a;
    }

    private static float[] uniform(Random r, int off, int n, double lo, double hi) {
        float[] a = new float[off + n];
        for (int i = 0; i < a.length; i++) a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return a;
    }

    private static float[] gaussian(Random r, int off, int n) {
        float[] a = new float[off + n];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(7) - 3));
        return a;
    }

    private static float[] output(int n) {
        float[] o = new float[OO + n + 3];
        java.util.Arrays.fill(o, SENTINEL);
        return o;
    }

    private static String name(FloatKernel k) { return k == SCALAR ? "scalar" : "vector"; }

    // ---------------------------------------------------------------- checks

    private static void assertBits(float expected, float actual, String what) {
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual))
            fail(what + ": expected " + expected + " (0x" + Integer.toHexString(Float.floatToIntBits(expected)) + "), got "
                    + actual + " (0x" + Integer.toHexString(Float.floatToIntBits(actual)) + ")");
    }

    /** Only [OO, OO+n) was written. */
    private static void assertUntouchedOutside(float[] out, int n, String what) {
        for (int i = 0; i < out.length; i++)
            if (i < OO || i >= OO + n) assertBits(SENTINEL, out[i], what + ": wrote outside the range at " + i);
    }

    /** The error of got in ulps of the float nearest ref; 0 when both are the same NaN or infinity. */
    static double ulps(float got, double ref) {
        if (Double.isNaN(ref)) return Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        float rf = (float) ref;
        if (Float.isInfinite(rf) || Float.isInfinite(got) || Float.isNaN(got)) return got == rf ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs(got - ref) / Math.ulp(rf);
    }

    // ---------------------------------------------------------------- binary ops: exact

    /** The PyTorch value in double, rounded once to float (exact for +, −, ·, / since double has over 2·24+2 bits). */
    static float reference(BinaryOp op, float a, float b) {
        double x = a, y = b;
        return switch (op) {
            case ADD -> (float) (x + y);
            case SUB -> (float) (x - y);
            case MUL -> (float) (x * y);
            case DIV -> (float) (x / y);
            // torch.maximum / minimum: NaN if either is NaN, and +0 above −0.
            case MAX -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : a > b ? a : b > a ? b : (isNegZero(a) ? b : a);
            case MIN -> Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : a < b ? a : b < a ? b : (isNegZero(a) ? a : b);
        };
    }

    private static boolean isNegZero(float v) { return Float.floatToRawIntBits(v) == 0x80000000; }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryIsExactInBothTwins(BinaryOp op) {
        Random r = new Random(op.ordinal());
        for (int n : SIZES) {
            float[] a = mixed(r, AO, n), b = mixed(r, BO, n);
            for (FloatKernel k : TWINS) {
                float[] out = output(n);
                k.binary(op, a, AO, b, BO, out, OO, n);
                for (int i = 0; i < n; i++)
                    assertBits(reference(op, a[AO + i], b[BO + i]), out[OO + i],
                            name(k) + " " + op + "(" + a[AO + i] + ", " + b[BO + i] + ") n=" + n + " i=" + i);
                assertUntouchedOutside(out, n, name(k) + " " + op + " n=" + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryWithAScalarOnEitherSideIsExactInBothTwins(BinaryOp op) {
        Random r = new Random(100 + op.ordinal());
        for (int n : SIZES) {
            float[] a = mixed(r, AO, n);
            for (float s : SCALARS) {
                for (FloatKernel k : TWINS) {
                    float[] out = output(n), out2 = output(n);
                    k.binaryScalar(op, a, AO, s, out, OO, n);
                    k.scalarBinary(op, s, a, AO, out2, OO, n);
                    for (int i = 0; i < n; i++) {
                        assertBits(reference(op, a[AO + i], s), out[OO + i], name(k) + " binaryScalar " + op + "(" + a[AO + i] + ", " + s + ")");
                        assertBits(reference(op, s, a[AO + i]), out2[OO + i], name(k) + " scalarBinary " + op + "(" + s + ", " + a[AO + i] + ")");
                    }
                    assertUntouchedOutside(out, n, name(k) + " binaryScalar " + op);
                    assertUntouchedOutside(out2, n, name(k) + " scalarBinary " + op);
                }
            }
        }
    }

    @Test
    void maxAndMinFollowTorchMaximumOnNaNAndSignedZero() {
        float nan = Float.NaN;
        for (FloatKernel k : TWINS) {
            // 17 elements: a full vector (8 or 16 lanes) and a scalar tail both see each case.
            float[] a = new float[17], b = new float[17];
            for (int i = 0; i < 17; i++) {
                int c = i % 4;
                a[i] = c == 0 ? nan : c == 1 ? 2f : c == 2 ? -0f : 0f;
                b[i] = c == 0 ? 1f : c == 1 ? nan : c == 2 ? 0f : -0f;
            }
            float[] max = new float[17], min = new float[17];
            k.binary(BinaryOp.MAX, a, 0, b, 0, max, 0, 17);
            k.binary(BinaryOp.MIN, a, 0, b, 0, min, 0, 17);
            for (int i = 0; i < 17; i++) {
                int c = i % 4;
                if (c < 2) {
                    assertTrue(Float.isNaN(max[i]), name(k) + ": max with a NaN is NaN at " + i);
                    assertTrue(Float.isNaN(min[i]), name(k) + ": min with a NaN is NaN at " + i);
                } else {
                    assertBits(0f, max[i], name(k) + ": max(±0, ∓0) = +0 at " + i);
                    assertBits(-0f, min[i], name(k) + ": min(±0, ∓0) = −0 at " + i);
                }
            }
        }
    }

    // ---------------------------------------------------------------- unary ops

    private static boolean exact(UnaryOp op) {
        return switch (op) {
            case RELU, NEG, ABS, SQUARE, RECIPROCAL, SQRT -> true;
            default -> false;
        };
    }

    /** The op in double precision from the float input; GELU through erf (Erf.normalCdf), not the kernels' fit. */
    static double reference(UnaryOp op, float v) {
        double x = v;
        return switch (op) {
            case RELU -> Float.isNaN(v) ? Double.NaN : x > 0 ? x : 0.0;    // relu(NaN) = NaN, relu(−0) = +0 (Math.max)
            case GELU -> x * Erf.normalCdf(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case TANH -> Math.tanh(x);
        };
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"RELU", "NEG", "ABS", "SQUARE", "RECIPROCAL", "SQRT"})
    void exactUnaryOpsAgreeBitForBitWithTheReference(UnaryOp op) {
        Random r = new Random(200 + op.ordinal());
        for (int n : SIZES) {
            float[] x = mixed(r, AO, n);
            for (FloatKernel k : TWINS) {
                float[] out = output(n);
                k.unary(op, x, AO, out, OO, n);
                for (int i = 0; i < n; i++)
                    assertBits((float) reference(op, x[AO + i]), out[OO + i], name(k) + " " + op + "(" + x[AO + i] + ") n=" + n + " i=" + i);
                assertUntouchedOutside(out, n, name(k) + " " + op);
            }
        }
    }

    /**
     * The vector kernel aligns its stores to the vector size, so a run's first elements go through a different
     * path depending on where the run starts, and in place (output = input) through another: an element's bits
     * must depend on neither. Every start offset up to two vectors, out of place and in place, against the
     * same elements computed at offset 0.
     */
    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryResultsDoNotDependOnWhereTheRunStartsOrOnWritingInPlace(UnaryOp op) {
        Random r = new Random(250 + op.ordinal());
        int n = 300, span = 40;
        float[] x = op == UnaryOp.LOG || op == UnaryOp.SQRT ? uniform(r, 0, n, 0.01, 50) : uniform(r, 0, n, -12, 12);
        float[] g = gaussian(r, 0, n);
        float[] forward = new float[n], backward = new float[n];
        VECTOR.unary(op, x, 0, forward, 0, n);
        VECTOR.unaryBackward(op, x, 0, g, 0, backward, 0, n);
        for (int off = 0; off < span; off++) {
            float[] xs = new float[off + n], gs = new float[off + n], out = new float[off + n];
            System.arraycopy(x, 0, xs, off, n);
            System.arraycopy(g, 0, gs, off, n);
            VECTOR.unary(op, xs, off, out, off, n);
            float[] inPlace = xs.clone();
            VECTOR.unary(op, inPlace, off, inPlace, off, n);
            float[] back = new float[off + n], backInPlace = gs.clone();
            VECTOR.unaryBackward(op, xs, off, gs, off, back, off, n);
            VECTOR.unaryBackward(op, xs, off, backInPlace, off, backInPlace, off, n);
            for (int i = 0; i < n; i++) {
                String at = op + " x=" + x[i] + " starting at " + off + ", element " + i;
                assertBits(forward[i], out[off + i], at);
                assertBits(forward[i], inPlace[off + i], at + " in place");
                assertBits(backward[i], back[off + i], at + " backward");
                assertBits(backward[i], backInPlace[off + i], at + " backward into g");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryResultsDoNotDependOnWhereTheRunStartsOrOnWritingInPlace(BinaryOp op) {
        Random r = new Random(260 + op.ordinal());
        int n = 300;
        float[] a = mixed(r, 0, n), b = mixed(r, 0, n);
        for (int off = 0; off < 40; off++) {
            float[] as = new float[off + n], bs = new float[off + n];
            System.arraycopy(a, 0, as, off, n);
            System.arraycopy(b, 0, bs, off, n);
            float[] intoA = as.clone(), intoB = bs.clone(), scalarIntoA = as.clone(), intoScalar = bs.clone();
            VECTOR.binary(op, intoA, off, bs, off, intoA, off, n);
            VECTOR.binary(op, as, off, intoB, off, intoB, off, n);
            VECTOR.binaryScalar(op, scalarIntoA, off, 1.75f, scalarIntoA, off, n);
            VECTOR.scalarBinary(op, -2.5f, intoScalar, off, intoScalar, off, n);
            for (int i = 0; i < n; i++) {
                String at = op + "(" + a[i] + ", " + b[i] + ") starting at " + off + ", element " + i;
                assertBits(reference(op, a[i], b[i]), intoA[off + i], at + " into a");
                assertBits(reference(op, a[i], b[i]), intoB[off + i], at + " into b");
                assertBits(reference(op, a[i], 1.75f), scalarIntoA[off + i], at + " with a scalar, in place");
                assertBits(reference(op, -2.5f, b[i]), intoScalar[off + i], at + " scalar first, in place");
            }
        }
    }

    @Test
    void reluKeepsNaNAndZeroesNegativeZero() {
        for (FloatKernel k : TWINS) {
            float[] x = new float[17], out = new float[17];
            for (int i = 0; i < 17; i++) x[i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? -0f : -3f;
            k.unary(UnaryOp.RELU, x, 0, out, 0, 17);
            for (int i = 0; i < 17; i++)
                if (i % 3 == 0) assertTrue(Float.isNaN(out[i]), name(k) + ": relu(NaN) = NaN");
                else assertBits(0f, out[i], name(k) + ": relu(" + x[i] + ") = +0");
        }
    }

    /** Inputs where each transcendental op's result is a normal float, and the bound asserted on them. */
    private static float[] domain(UnaryOp op, Random r, int n) {
        return switch (op) {
            case EXP -> uniform(r, AO, n, -87, 88.5);
            case LOG -> {
                float[] x = uniform(r, AO, n, -85, 85);
                for (int i = 0; i < x.length; i++) x[i] = (float) Math.exp(x[i]);
                yield x;
            }
            case TANH -> uniform(r, AO, n, -10, 10);
            case SIGMOID -> uniform(r, AO, n, -80, 30);
            case GELU -> uniform(r, AO, n, -13, 12);
            default -> throw new AssertionError(op);
        };
    }

    /**
     * The asserted ulp bound at x. The vector GELU evaluates −z² (z = |x|/√2) in float, whose rounding error
     * (about x²·2⁻²⁴ absolute) becomes relative error of e^(−z²): its bound grows with x² on the negative side.
     */
    static double ulpBound(UnaryOp op, float x) {
        return switch (op) {
            case EXP, LOG -> 2;
            case TANH -> 3;
            case SIGMOID -> 4;
            case GELU -> x >= 0 ? 10 : 10 + 4.0 * x * x;
            default -> 0;
        };
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "TANH", "SIGMOID", "GELU"})
    void transcendentalOpsStayWithinTheirUlpBound(UnaryOp op) {
        Random r = new Random(300 + op.ordinal());
        for (int n : SIZES) {
            for (int rep = 0; rep < (n < 100 ? 20 : 4); rep++) {
                float[] x = domain(op, r, n);
                // near zero, where tanh, sigmoid and gelu are flattest or steepest in relative terms
                if (n > 0 && rep % 2 == 1 && op != UnaryOp.LOG) x[AO + r.nextInt(n)] = (float) (r.nextGaussian() * 1e-6);
                for (int t = 0; t < 2; t++) {
                    float[] out = output(n);
                    TWINS[t].unary(op, x, AO, out, OO, n);
                    for (int i = 0; i < n; i++) {
                        double e = ulps(out[OO + i], reference(op, x[AO + i]));
                        if (!(e <= ulpBound(op, x[AO + i])))
                            fail(name(TWINS[t]) + " " + op + "(" + x[AO + i] + ") = " + out[OO + i] + ", reference "
                                    + reference(op, x[AO + i]) + ": " + e + " ulps > " + ulpBound(op, x[AO + i]));
                    }
                    assertUntouchedOutside(out, n, name(TWINS[t]) + " " + op);
                }
            }
        }
    }

    @Test
    void transcendentalOpsOnSpecialValues() {
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {Float.NaN, inf, -inf, 0f, -0f, -1f, 1f, Float.NaN, inf, -inf, 0f, -0f, -1f, 1f, Float.NaN, inf, -inf};
        int n = x.length;
        for (FloatKernel k : TWINS) {
            float[] exp = new float[n], log = new float[n], tanh = new float[n], sig = new float[n], gelu = new float[n];
            k.unary(UnaryOp.EXP, x, 0, exp, 0, n);
            k.unary(UnaryOp.LOG, x, 0, log, 0, n);
            k.unary(UnaryOp.TANH, x, 0, tanh, 0, n);
            k.unary(UnaryOp.SIGMOID, x, 0, sig, 0, n);
            k.unary(UnaryOp.GELU, x, 0, gelu, 0, n);
            for (int i = 0; i < n; i++) {
                String at = name(k) + " at x=" + x[i] + " (index " + i + ")";
                if (Float.isNaN(x[i])) {
                    for (float[] o : new float[][] {exp, log, tanh, sig, gelu}) assertTrue(Float.isNaN(o[i]), at + ": NaN in, NaN out");
                    continue;
                }
                assertEquals((float) Math.exp(x[i]), exp[i], at + ": exp");
                if (x[i] < 0) assertTrue(Float.isNaN(log[i]), at + ": log of a negative");
                else assertEquals((float) Math.log(x[i]), log[i], at + ": log");
                assertEquals((float) Math.tanh(x[i]), tanh[i], at + ": tanh");
                assertEquals((float) (1 / (1 + Math.exp(-x[i]))), sig[i], at + ": sigmoid");
                if (x[i] == inf) assertEquals(inf, gelu[i], at + ": gelu(+∞)");
                else if (x[i] == 0) assertBits(x[i], gelu[i], at + ": gelu(±0) = ±0");
            }
        }
    }

    // ---------------------------------------------------------------- unary backward

    /** The derivative rule in double from the float inputs (x, or the op's output y where backwardFromOutput). */
    static double derivativeReference(UnaryOp op, float v, float g) {
        double x = v, d = g;
        return switch (op) {
            case RELU -> Float.isNaN(v) ? g : x <= 0 ? 0 : g;    // threshold_backward: NaN input passes g
            case GELU -> d * (Erf.normalCdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
            case EXP -> d * x;
            case LOG -> d / x;
            case SQRT -> d / (2 * Math.sqrt(x));
            case NEG -> -d;
            case ABS -> x > 0 ? d : x < 0 ? -d : 0;
            case SQUARE -> 2 * d * x;
            case RECIPROCAL -> -d / (x * x);
            case SIGMOID -> d * x * (1 - x);
            case TANH -> d * (1 - x * x);
        };
    }

    /** The size of the terms a float evaluation of the rule rounds: the scale its error is bounded against. */
    static double magnitude(UnaryOp op, float v, float g) {
        double x = v, d = Math.abs(g);
        return switch (op) {
            case RELU, NEG, ABS -> 0;
            case GELU -> d * (1 + Math.abs(x) * Math.exp(-0.5 * x * x));
            case EXP, SQUARE -> Math.abs(d * x);
            case LOG -> Math.abs(d / x);
            case SQRT -> d / (2 * Math.sqrt(Math.abs(x)));
            case RECIPROCAL -> d / (x * x);
            case SIGMOID -> d * Math.abs(x) * (1 + Math.abs(x));
            case TANH -> d * (1 + x * x);
        };
    }

    /** Backward inputs: what the forward would have seen (x) or produced (y). */
    private static float[] backwardInput(UnaryOp op, Random r, int n) {
        return switch (op) {
            case RELU, NEG, ABS -> mixed(r, AO, n);
            case LOG, SQRT, RECIPROCAL -> {
                float[] x = uniform(r, AO, n, -20, 20);
                for (int i = 0; i < x.length; i++) x[i] = (float) Math.exp(x[i]) * (op == UnaryOp.RECIPROCAL && i % 2 == 0 ? -1 : 1);
                yield x;
            }
            case SQUARE, GELU -> uniform(r, AO, n, -10, 10);
            case EXP -> { float[] x = uniform(r, AO, n, -30, 30); for (int i = 0; i < x.length; i++) x[i] = (float) Math.exp(x[i]); yield x; }
            case SIGMOID -> uniform(r, AO, n, 0, 1);
            case TANH -> uniform(r, AO, n, -1, 1);
        };
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryBackwardAgreesWithTheReference(UnaryOp op) {
        Random r = new Random(400 + op.ordinal());
        for (int n : SIZES) {
            for (int rep = 0; rep < (n < 100 ? 10 : 3); rep++) {
                float[] x = backwardInput(op, r, n);
                boolean passesSpecials = op == UnaryOp.RELU || op == UnaryOp.NEG || op == UnaryOp.ABS;
                float[] g = passesSpecials ? mixed(r, BO, n) : gaussian(r, BO, n);
                float[][] outs = new float[2][];
                for (int t = 0; t < 2; t++) {
                    FloatKernel k = TWINS[t];
                    float[] out = outs[t] = output(n);
                    k.unaryBackward(op, x, AO, g, BO, out, OO, n);
                    for (int i = 0; i < n; i++) {
                        float xv = x[AO + i], gv = g[BO + i], got = out[OO + i];
                        String at = name(k) + " " + op + " backward x=" + xv + " g=" + gv + " n=" + n + " i=" + i;
                        double ref = derivativeReference(op, xv, gv);
                        if (op == UnaryOp.RELU || op == UnaryOp.NEG || op == UnaryOp.ABS) {
                            assertBits((float) ref, got, at);
                            continue;
                        }
                        double e = Math.abs(got - ref) / (Math.scalb(1.0, -24) * magnitude(op, xv, gv));
                        if (got == ref) e = 0;
                        if (!(e <= DERIVATIVE_K)) fail(at + ": got " + got + ", reference " + ref + ", " + e + " units > " + DERIVATIVE_K);
                    }
                    assertUntouchedOutside(out, n, name(k) + " " + op + " backward");
                }
                // Everything but GELU rounds the same float steps in both twins.
                if (op != UnaryOp.GELU)
                    for (int i = 0; i < n; i++)
                        assertBits(outs[0][OO + i], outs[1][OO + i], op + " backward twins at x=" + x[AO + i] + " g=" + g[BO + i]);
            }
        }
    }

    @Test
    void reluBackwardOnSpecialInputs() {
        float[] x = {Float.NaN, 0f, -0f, -Float.MIN_VALUE, Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2f, -2f,
                Float.NaN, 0f, -0f, -Float.MIN_VALUE, Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 2f};
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, 5f);
        float[] expected = {5, 0, 0, 0, 5, 5, 0, 5, 0, 5, 0, 0, 0, 5, 5, 0, 5};
        for (FloatKernel k : TWINS) {
            float[] out = new float[x.length];
            k.unaryBackward(UnaryOp.RELU, x, 0, g, 0, out, 0, x.length);
            for (int i = 0; i < x.length; i++) assertBits(expected[i], out[i], name(k) + " relu backward at x=" + x[i]);
        }
    }

    // ---------------------------------------------------------------- sums in double

    private static void assertSum(double ref, double got, double scale, String what) {
        if (!(Math.abs(got - ref) <= 1e-12 * scale))
            fail(what + ": got " + got + ", reference " + ref + " (difference " + Math.abs(got - ref) + ", allowed " + 1e-12 * scale + ")");
    }

    @Test
    void meanAndVarianceInOnePassAgreeWithTheTwoPassDoubleReference() {
        Random r = new Random(510);
        for (int n : SIZES) {
            // Centred rows, and rows whose mean lies far from their spread (the shifted sums must not cancel).
            for (double offset : new double[] {0, 3e4}) {
                float[] a = gaussian(r, AO, n);
                for (int i = 0; i < n; i++) a[AO + i] += (float) offset;
                double mean = 0, abs = 0, var = 0;
                for (int i = 0; i < n; i++) {
                    mean += a[AO + i];
                    abs += Math.abs(a[AO + i]);
                }
                mean /= n;
                for (int i = 0; i < n; i++) var += (a[AO + i] - mean) * (a[AO + i] - mean);
                var /= n;
                for (FloatKernel k : TWINS) {
                    String at = name(k) + " n=" + n + " offset=" + offset;
                    double[] out = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
                    k.meanAndVariance(a, AO, n, out, 1);
                    assertEquals(SENTINEL, out[0], at + ": wrote before its place");
                    assertEquals(SENTINEL, out[3], at + ": wrote after its place");
                    if (n == 0) {
                        assertTrue(Double.isNaN(out[1]) && Double.isNaN(out[2]), at + ": the moments of nothing are NaN");
                        continue;
                    }
                    assertSum(mean, out[1], abs / n, at + " mean");
                    assertEquals(var, out[2], 1e-9 * (var + 1e-30), at + " variance");
                }
            }
        }
        // One pass over a row with a NaN or an infinity gives NaN, as the two passes do.
        for (FloatKernel k : TWINS) {
            for (float special : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                for (int at : new int[] {0, 20}) {
                    float[] a = gaussian(r, 0, 40);
                    a[at] = special;
                    double[] out = new double[2];
                    k.meanAndVariance(a, 0, 40, out, 0);
                    assertTrue(Double.isNaN(out[1]), name(k) + ": variance with " + special + " at " + at + " is " + out[1]);
                }
            }
        }
    }

    @Test
    void sumsAccumulateInDouble() {
        Random r = new Random(500);
        for (int n : SIZES) {
            for (int rep = 0; rep < 5; rep++) {
                float[] a = gaussian(r, AO, n), b = gaussian(r, BO, n);
                double mean = r.nextGaussian();
                double sum = 0, abs = 0, sq = 0, sqAbs = 0, dot = 0, dotAbs = 0;
                for (int i = 0; i < n; i++) {
                    double x = a[AO + i], y = b[BO + i];
                    sum += x;
                    abs += Math.abs(x);
                    sq += (x - mean) * (x - mean);
                    dot += x * y;
                    dotAbs += Math.abs(x * y);
                }
                sqAbs = sq;
                double[] acc0 = new double[OO + n];
                for (int i = 0; i < acc0.length; i++) acc0[i] = r.nextGaussian();
                for (FloatKernel k : TWINS) {
                    String at = name(k) + " n=" + n;
                    assertSum(sum, k.sum(a, AO, n), abs, at + " sum");
                    assertSum(sq, k.squaredDeviations(a, AO, n, mean), sqAbs, at + " squaredDeviations");
                    assertSum(dot, k.dot(a, AO, b, BO, n), dotAbs, at + " dot");
                    double[] acc = acc0.clone();
                    k.accumulate(a, AO, acc, OO, n);
                    for (int i = 0; i < acc.length; i++) {
                        if (i < OO) assertEquals(acc0[i], acc[i], at + " accumulate wrote before the range");
                        else assertEquals(acc0[i] + a[AO + i - OO], acc[i], at + " accumulate at " + i);    // one double add each
                    }
                }
            }
        }
    }

    @Test
    void accumulateOfSeveralRowsAddsEachColumnInDoubleAndTheTwinsAgreeExactly() {
        Random r = new Random(502);
        for (int n : SIZES) {
            for (int rows : new int[] {0, 1, 3, 4, 5, 8, 11}) {
                int stride = n + 3;    // rows apart by more than their length: the gaps must not be read
                float[] x = gaussian(r, AO, rows * stride);
                for (int q = 0; q < rows; q++) for (int i = n; i < stride; i++) x[AO + q * stride + i] = Float.NaN;
                double[] acc0 = new double[OO + n + 2];
                for (int i = 0; i < acc0.length; i++) acc0[i] = r.nextGaussian();
                double[][] got = new double[2][];
                for (int t = 0; t < 2; t++) {
                    FloatKernel k = TWINS[t];
                    String at = name(k) + " n=" + n + " rows=" + rows;
                    double[] acc = acc0.clone();
                    k.accumulate(x, AO, stride, rows, acc, OO, n);
                    for (int i = 0; i < acc.length; i++) {
                        if (i < OO || i >= OO + n) {
                            assertEquals(acc0[i], acc[i], at + " wrote outside the range at " + i);
                            continue;
                        }
                        double ref = acc0[i], abs = Math.abs(acc0[i]);
                        for (int q = 0; q < rows; q++) {
                            ref += x[AO + q * stride + i - OO];
                            abs += Math.abs(x[AO + q * stride + i - OO]);
                        }
                        assertSum(ref, acc[i], abs, at + " column " + (i - OO));
                    }
                    got[t] = acc;
                }
                for (int i = 0; i < got[0].length; i++)
                    assertEquals(got[0][i], got[1][i], "twins differ, n=" + n + " rows=" + rows + " at " + i);
            }
        }
    }

    @Test
    void sumRowsGivesEachRowsSumExactly() {
        // Rows are grouped into calls depending on how outputs split over threads; a row's value must not change.
        Random r = new Random(501);
        for (int n : SIZES) {
            for (int rows : new int[] {0, 1, 3, 4, 5, 8, 9, 13}) {
                int stride = n + 3;
                float[] x = gaussian(r, 0, AO + rows * stride);
                for (FloatKernel k : TWINS) {
                    String at = name(k) + " n=" + n + " rows=" + rows;
                    double[] out = new double[OO + rows + 1];
                    Arrays.fill(out, SENTINEL);
                    k.sumRows(x, AO, stride, rows, n, out, OO);
                    for (int j = 0; j < rows; j++) {
                        int xo = AO + j * stride;
                        assertEquals(k.sum(x, xo, n), out[OO + j], at + " row " + j);
                        double ref = 0, abs = 0;
                        for (int i = 0; i < n; i++) { ref += x[xo + i]; abs += Math.abs(x[xo + i]); }
                        assertSum(ref, out[OO + j], abs, at + " row " + j + " against double");
                    }
                    assertEquals(SENTINEL, out[OO - 1], at + ": wrote before out's range");
                    assertEquals(SENTINEL, out[OO + rows], at + ": wrote past out's range");
                }
            }
        }
    }

    @Test
    void sumAndDotGivesBothSumsInOnePass() {
        Random r = new Random(501);
        for (int n : SIZES) {
            float[] a = gaussian(r, AO, n), b = gaussian(r, BO, n);
            double sum = 0, abs = 0, dot = 0, dotAbs = 0;
            for (int i = 0; i < n; i++) {
                double x = a[AO + i], y = b[BO + i];
                sum += x;
                abs += Math.abs(x);
                dot += x * y;
                dotAbs += Math.abs(x * y);
            }
            for (FloatKernel k : TWINS) {
                String at = name(k) + " n=" + n;
                double[] acc = {9, 9, 9, 9};
                k.sumAndDot(a, AO, b, BO, n, acc, 1);
                assertEquals(9, acc[0], at + " wrote before its pair");
                assertEquals(9, acc[3], at + " wrote after its pair");
                assertSum(sum, acc[1], abs, at + " sum");
                assertSum(dot, acc[2], dotAbs, at + " dot");
                k.sumAndDot(a, AO, a, AO, n, acc, 0);
                assertSum(k.dot(a, AO, a, AO, n), acc[1], dotAbs + 1, at + " sum of squares");
            }
        }
    }

    @Test
    void accumulateProductsAddsExactProductsInDouble() {
        Random r = new Random(503);
        for (int n : SIZES) {
            float[] a = gaussian(r, AO, n), b = gaussian(r, BO, n);
            double[] acc0 = new double[OO + n + 2];
            for (int i = 0; i < acc0.length; i++) acc0[i] = r.nextGaussian();
            for (FloatKernel k : TWINS) {
                double[] acc = acc0.clone();
                k.accumulateProducts(a, AO, b, BO, acc, OO, n);
                for (int i = 0; i < acc.length; i++) {
                    double expected = i < OO || i >= OO + n ? acc0[i] : acc0[i] + (double) a[AO + i - OO] * b[BO + i - OO];
                    assertEquals(expected, acc[i], name(k) + " n=" + n + " at " + i);     // float products are exact in double
                }
            }
        }
    }

    @Test
    void shiftScaleAddIsExactInBothTwins() {
        Random r = new Random(502);
        for (int n : SIZES) {
            float[] x = gaussian(r, AO, n), g = gaussian(r, BO, n);
            float shift = (float) r.nextGaussian(), scale = (float) r.nextGaussian(), gs = (float) r.nextGaussian(), add = (float) r.nextGaussian();
            for (FloatKernel k : TWINS) {
                float[] out = output(n), plain = output(n);
                k.shiftScaleAdd(x, AO, shift, scale, g, BO, gs, add, out, OO, n);
                k.shiftScaleAdd(x, AO, shift, scale, null, 0, 0f, add, plain, OO, n);
                for (int i = 0; i < n; i++) {
                    assertBits((x[AO + i] - shift) * scale + g[BO + i] * gs + add, out[OO + i], name(k) + " n=" + n + " at " + i);
                    assertBits((x[AO + i] - shift) * scale + add, plain[OO + i], name(k) + " n=" + n + " without g at " + i);
                }
                assertUntouchedOutside(out, n, name(k) + " n=" + n);
                assertUntouchedOutside(plain, n, name(k) + " n=" + n + " without g");
            }
        }
    }

    @Test
    void sumsOfSpecialValues() {
        for (FloatKernel k : TWINS) {
            float[] x = new float[40];
            x[33] = Float.NaN;
            assertTrue(Double.isNaN(k.sum(x, 0, 40)), name(k) + ": NaN in a sum");
            x[33] = Float.POSITIVE_INFINITY;
            assertEquals(Double.POSITIVE_INFINITY, k.sum(x, 0, 40), name(k));
            x[5] = Float.NEGATIVE_INFINITY;
            assertTrue(Double.isNaN(k.sum(x, 0, 40)), name(k) + ": +∞ + −∞");
            // Float.MAX_VALUE sums do not overflow in double.
            java.util.Arrays.fill(x, Float.MAX_VALUE);
            assertEquals(40.0 * Float.MAX_VALUE, k.sum(x, 0, 40), 1e-12 * 40.0 * Float.MAX_VALUE, name(k));
            assertEquals(0.0, k.sum(x, 3, 0), name(k) + ": empty sum");
            assertEquals(0.0, k.dot(x, 3, x, 1, 0), name(k) + ": empty dot");
        }
    }

    // ---------------------------------------------------------------- max, expShifted, normalize, axpy

    @Test
    void maxIsExactAndNaNWins() {
        Random r = new Random(600);
        for (int n : SIZES) {
            if (n == 0) continue;
            for (int rep = 0; rep < 20; rep++) {
                float[] x = rep % 4 == 0 ? mixed(r, AO, n) : gaussian(r, AO, n);
                if (rep % 4 == 1) for (int i = AO; i < x.length; i++) x[i] = r.nextBoolean() ? 0f : -0f;
                if (rep % 4 == 2) x[AO + r.nextInt(n)] = Float.NaN;
                float ref = Float.NEGATIVE_INFINITY;
                boolean nan = false;
                for (int i = 0; i < n; i++) {
                    float v = x[AO + i];
                    nan |= Float.isNaN(v);
                    if (v > ref || (v == 0 && ref == 0 && !isNegZero(v))) ref = v;
                }
                if (nan) ref = Float.NaN;
                for (FloatKernel k : TWINS) assertBits(ref, k.max(x, AO, n), name(k) + " max n=" + n + " rep " + rep);
            }
        }
    }

    @Test
    void expShiftedWritesExponentialsAndReturnsTheirSum() {
        Random r = new Random(700);
        for (int n : SIZES) {
            for (int rep = 0; rep < 5; rep++) {
                float[] x = uniform(r, AO, n, -30, 10);
                float shift = n == 0 ? 0 : x[AO + r.nextInt(n)];
                for (int t = 0; t < 2; t++) {
                    float[] out = output(n);
                    double total = TWINS[t].expShifted(x, AO, shift, out, OO, n);
                    double sumOut = 0, abs = 0;
                    for (int i = 0; i < n; i++) {
                        // The shifted value is rounded to float first, as the kernels (and PyTorch) do.
                        double e = ulps(out[OO + i], Math.exp(x[AO + i] - shift));
                        assertTrue(e <= ulpBound(UnaryOp.EXP, 0), name(TWINS[t]) + " exp(" + x[AO + i] + " − " + shift + "): " + e + " ulps");
                        sumOut += out[OO + i];
                        abs += Math.abs(out[OO + i]);
                    }
                    assertSum(sumOut, total, abs, name(TWINS[t]) + " expShifted total n=" + n);
                    assertUntouchedOutside(out, n, name(TWINS[t]) + " expShifted");
                }
            }
        }
    }

    @Test
    void normalizeIsTheSameFloatStepsInBothTwins() {
        Random r = new Random(800);
        for (int n : SIZES) {
            float[] x = gaussian(r, AO, n), w = gaussian(r, 0, n), b = gaussian(r, 0, n);
            float mean = (float) r.nextGaussian(), scale = (float) Math.exp(r.nextGaussian());
            for (int mode = 0; mode < 4; mode++) {
                float[] wm = (mode & 1) != 0 ? w : null, bm = (mode & 2) != 0 ? b : null;
                float[][] outs = new float[2][];
                for (int t = 0; t < 2; t++) {
                    float[] out = outs[t] = output(n);
                    TWINS[t].normalize(x, AO, mean, scale, wm, bm, out, OO, n);
                    for (int i = 0; i < n; i++) {
                        double ref = ((double) x[AO + i] - mean) * scale * (wm == null ? 1 : wm[i]) + (bm == null ? 0 : bm[i]);
                        double size = Math.abs(((double) x[AO + i] - mean) * scale * (wm == null ? 1 : wm[i])) + (bm == null ? 0 : Math.abs(bm[i]))
                                + Math.abs(x[AO + i]) * Math.abs(scale * (wm == null ? 1 : wm[i]));
                        assertEquals(ref, out[OO + i], 4 * Math.scalb(size, -24), name(TWINS[t]) + " normalize mode " + mode + " n=" + n + " i=" + i);
                    }
                    assertUntouchedOutside(out, n, name(TWINS[t]) + " normalize");
                }
                for (int i = 0; i < n; i++) assertBits(outs[0][OO + i], outs[1][OO + i], "normalize twins mode " + mode + " n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void axpyIsOneFusedMultiplyAddPerElement() {
        Random r = new Random(900);
        for (int n : SIZES) {
            float[] x = mixed(r, AO, n), y0 = mixed(r, OO, n);
            for (float s : new float[] {2.5f, -0f, Float.NaN, (float) r.nextGaussian()}) {
                for (FloatKernel k : TWINS) {
                    float[] y = java.util.Arrays.copyOf(y0, y0.length + 2);
                    y[y.length - 1] = y[y.length - 2] = SENTINEL;
                    k.axpy(n, s, x, AO, y, OO);
                    for (int i = 0; i < y.length; i++) {
                        // Math.fma(float…) is the correctly rounded s·x + y: the single rounding both twins promise.
                        float expected = i < OO || i >= OO + n ? (i < y0.length ? y0[i] : SENTINEL) : Math.fma(s, x[AO + i - OO], y0[i]);
                        assertBits(expected, y[i], name(k) + " axpy s=" + s + " n=" + n + " i=" + i);
                    }
                }
            }
        }
    }
}
