package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Elementwise over random layouts: 1–5 dims of sizes 1–7, operands that are permuted, sliced (start, step) and
 * broadcast (stride 0) views at random offsets, written into a strided output view, element by element against a
 * scalar double reference (bitwise for exact ops, within FloatKernelTest's bounds otherwise), with nothing written
 * outside the output view. Large cases (70,000 elements, over four {@link Elementwise#BLOCK}s) run with 1 and 2
 * kernel threads and must give identical bits.
 */
class ElementwiseLayoutTest {
    private static final int CASES = 150;
    private int savedThreads;

    @BeforeEach void save() { savedThreads = KernelThreads.threads(); }

    @AfterEach void restore() { KernelThreads.setThreads(savedThreads); }

    private static String describe(int[] shape, View... views) {
        return "shape " + Arrays.toString(shape) + " " + Arrays.toString(views);
    }

    /** Storage of out outside its view still holds the sentinel. */
    private static void assertOnlyViewWritten(View out, String what) {
        boolean[] c = out.covered();
        for (int p = 0; p < c.length; p++)
            if (!c[p] && Float.floatToIntBits(out.data()[p]) != Float.floatToIntBits(View.SENTINEL))
                fail(what + ": wrote outside the output view at storage " + p);
    }

    private static void assertBits(float expected, float actual, String what) {
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) fail(what + ": expected " + expected + ", got " + actual);
    }

    private static double value(Random r) {
        int k = r.nextInt(20);
        return k == 0 ? Float.NaN : k == 1 ? -0.0 : k == 2 ? Float.POSITIVE_INFINITY : r.nextGaussian() * 4;
    }

    // ---------------------------------------------------------------- binary

    private static void runBinary(BinaryOp op, View a, View b, View out) {
        Elementwise.binary(op, a.data(), a.off(), a.strides(), b.data(), b.off(), b.strides(), out.shape(), out.data(), out.off(),
                out.strides());
    }

    private static void checkBinary(BinaryOp op, View a, View b, View out, String what) {
        View.forEachIndex(out.shape(), idx -> assertBits(FloatKernelTest.reference(op, a.get(idx), b.get(idx)), out.get(idx),
                what + " at " + Arrays.toString(idx)));
        assertOnlyViewWritten(out, what);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryOverRandomViewsAndBroadcasts(BinaryOp op) {
        Random r = new Random(10 + op.ordinal());
        for (int c = 0; c < CASES; c++) {
            int[] shape = View.randomShape(r, 5, 7);
            View a = View.random(r, shape, true).fill(() -> value(r)), b = View.random(r, shape, true).fill(() -> value(r));
            View out = View.random(r, shape, false);
            runBinary(op, a, b, out);
            checkBinary(op, a, b, out, op + " " + describe(shape, a, b, out));
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryOfOperandsConstantAlongTheRunFillsIt(BinaryOp op) {
        // Expanded scalars (mean's backward: g expanded times 1/count), and a column of each per row.
        float[] a = {Float.NaN, 2.5f, -3f}, b = {0.75f, -0f, 4f};
        int[] shape = {3, 40};
        float[] out = new float[3 * 40 + 5];
        Elementwise.binary(op, a, 1, new int[] {0, 0}, b, 2, new int[] {0, 0}, shape, out, 5, new int[] {40, 1});
        for (int i = 0; i < 120; i++) assertBits(FloatKernelTest.reference(op, a[1], b[2]), out[5 + i], op + " of scalars at " + i);
        Elementwise.binary(op, a, 0, new int[] {1, 0}, b, 0, new int[] {1, 0}, shape, out, 5, new int[] {40, 1});
        for (int i = 0; i < 120; i++) assertBits(FloatKernelTest.reference(op, a[i / 40], b[i / 40]), out[5 + i], op + " of columns at " + i);
        for (int i = 0; i < 5; i++) assertBits(0f, out[i], op + " wrote before the output");
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"SUB", "DIV", "MAX"})
    void rowOperandOnEitherSideAtEveryOutputAlignment(BinaryOp op) {
        // Enough rows that the repeated run is copied into alignment with the output first; the output at every offset
        // within a line, the row operand at offsets of its own, in place too.
        Random r = new Random(30 + op.ordinal());
        for (int len : new int[] {5, 37, 64, 100, 1024}) {
            for (int rows : new int[] {15, 16, 40}) {
                for (int oOff = 0; oOff < 17; oOff += 3) {
                    for (boolean rowFirst : new boolean[] {false, true}) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            int rowOff = r.nextInt(20), xOff = inPlace ? oOff : r.nextInt(20);
                            float[] row = new float[rowOff + len + 3];
                            for (int i = 0; i < row.length; i++) row[i] = (float) value(r);
                            float[] rowBefore = row.clone();
                            float[] out = new float[oOff + rows * len + 7];
                            Arrays.fill(out, View.SENTINEL);
                            float[] x = inPlace ? out : new float[xOff + rows * len];
                            for (int i = 0; i < rows * len; i++) x[xOff + i] = (float) value(r);
                            float[] xBefore = x.clone();
                            int[] shape = {rows, len}, rowStrides = {0, 1}, full = {len, 1};
                            String what = op + " len " + len + " rows " + rows + " out at " + oOff + (rowFirst ? " row op x" : " x op row")
                                    + (inPlace ? " in place" : "");
                            if (rowFirst) Elementwise.binary(op, row, rowOff, rowStrides, x, xOff, full, shape, out, oOff, full);
                            else Elementwise.binary(op, x, xOff, full, row, rowOff, rowStrides, shape, out, oOff, full);
                            for (int i = 0; i < rows * len; i++) {
                                float xv = xBefore[xOff + i], rv = row[rowOff + i % len];
                                assertBits(FloatKernelTest.reference(op, rowFirst ? rv : xv, rowFirst ? xv : rv), out[oOff + i], what + " at " + i);
                            }
                            for (int p = 0; p < oOff; p++) assertBits(View.SENTINEL, out[p], what + ": wrote before the output at " + p);
                            for (int p = oOff + rows * len; p < out.length; p++) assertBits(View.SENTINEL, out[p], what + ": wrote past the output at " + p);
                            for (int p = 0; p < row.length; p++) assertBits(rowBefore[p], row[p], what + ": changed the row operand at " + p);
                        }
                    }
                }
            }
        }
    }

    @Test
    void binaryInPlaceIntoItsFirstOperand() {
        Random r = new Random(20);
        for (int c = 0; c < CASES; c++) {
            int[] shape = View.randomShape(r, 5, 7);
            View a = View.random(r, shape, false).fill(() -> value(r)), b = View.random(r, shape, true).fill(() -> value(r));
            View before = a.copy();
            runBinary(BinaryOp.SUB, a, b, a);    // a.sub_(b)
            checkBinary(BinaryOp.SUB, before, b, a, "in-place sub " + describe(shape, a, b));
        }
    }

    // ---------------------------------------------------------------- unary and its backward

    private static double domainValue(UnaryOp op, Random r) {
        return switch (op) {
            case LOG, SQRT -> Math.exp(r.nextGaussian() * 3);
            case RELU, NEG, ABS, SQUARE, RECIPROCAL -> value(r);
            case SIGMOID, TANH -> r.nextDouble() * 1.8 - 0.9;    // a backward reads these as outputs
            default -> r.nextGaussian() * 3;
        };
    }

    private static void checkUnary(UnaryOp op, View x, View out, String what) {
        View.forEachIndex(out.shape(), idx -> {
            float v = x.get(idx), got = out.get(idx);
            double ref = FloatKernelTest.reference(op, v);
            if (FloatKernelTest.ulpBound(op, v) == 0) assertBits((float) ref, got, what + " at " + Arrays.toString(idx));
            else if (!(FloatKernelTest.ulps(got, ref) <= FloatKernelTest.ulpBound(op, v)))
                fail(what + " at " + Arrays.toString(idx) + ": " + op + "(" + v + ") = " + got + ", reference " + ref);
        });
        assertOnlyViewWritten(out, what);
    }

    private static void checkUnaryBackward(UnaryOp op, View x, View g, View out, String what) {
        View.forEachIndex(out.shape(), idx -> {
            float v = x.get(idx), gv = g.get(idx), got = out.get(idx);
            double ref = FloatKernelTest.derivativeReference(op, v, gv), m = FloatKernelTest.magnitude(op, v, gv);
            if (m == 0 || !Double.isFinite(ref) || !Double.isFinite(m)) assertBits((float) ref, got, what + " at " + Arrays.toString(idx));
            else if (!(Math.abs(got - ref) <= FloatKernelTest.DERIVATIVE_K * Math.scalb(m, -24)))
                fail(what + " at " + Arrays.toString(idx) + ": x=" + v + " g=" + gv + " got " + got + ", reference " + ref);
        });
        assertOnlyViewWritten(out, what);
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryAndBackwardOverRandomViews(UnaryOp op) {
        Random r = new Random(30 + op.ordinal());
        for (int c = 0; c < CASES; c++) {
            int[] shape = View.randomShape(r, 5, 7);
            View x = View.random(r, shape, true).fill(() -> domainValue(op, r));
            View out = View.random(r, shape, false);
            Elementwise.unary(op, x.data(), x.off(), x.strides(), shape, out.data(), out.off(), out.strides());
            checkUnary(op, x, out, op + " " + describe(shape, x, out));

            boolean passesSpecials = op == UnaryOp.RELU || op == UnaryOp.NEG || op == UnaryOp.ABS;
            View g = View.random(r, shape, true).fill(() -> passesSpecials ? value(r) : r.nextGaussian());
            View gx = View.random(r, shape, false);
            Elementwise.unaryBackward(op, x.data(), x.off(), x.strides(), g.data(), g.off(), g.strides(), shape, gx.data(), gx.off(),
                    gx.strides());
            checkUnaryBackward(op, x, g, gx, op + " backward " + describe(shape, x, g, gx));
        }
    }

    // ---------------------------------------------------------------- axpy

    @Test
    void axpyIntoStridedViews() {
        Random r = new Random(40);
        for (int c = 0; c < CASES; c++) {
            int[] shape = View.randomShape(r, 5, 7);
            View x = View.random(r, shape, true).fill(() -> value(r)), y = View.random(r, shape, false).fill(() -> value(r));
            View before = y.copy();
            float alpha = (float) r.nextGaussian();
            Elementwise.axpy(alpha, x.data(), x.off(), x.strides(), shape, y.data(), y.off(), y.strides());
            String what = "axpy " + describe(shape, x, y);
            View.forEachIndex(shape, idx -> assertBits(Math.fma(alpha, x.get(idx), before.get(idx)), y.get(idx), what + " at " + Arrays.toString(idx)));
            assertOnlyViewWritten(y, what);
        }
    }

    // ---------------------------------------------------------------- large: the parallel split

    /** Shapes of 70,000-odd elements whose inner runs do not line up with BLOCK or any vector width (groups of whole runs end at blocks and at dim ends). */
    private static final int[][] LARGE = {{70001}, {7, 10001}, {10001, 7}, {3, 5, 4667}, {2, 35003}, {35003, 2}, {5, 7, 2001}, {4, 3001, 13}};

    @Test
    @Tag("slow")
    void largeOpsGiveTheSameBitsWithOneAndTwoThreads() {
        Random r = new Random(50);
        for (int[] shape : LARGE) {
            for (int rep = 0; rep < 2; rep++) {
                View a = View.random(r, shape, rep == 1).fill(() -> r.nextGaussian() * 3);
                View b = View.random(r, shape, true).fill(() -> r.nextGaussian() * 3);
                View out = rep == 0 ? View.contiguous(r, shape) : View.random(r, shape, false);
                View y0 = out.copy().fill(() -> r.nextGaussian());
                String where = describe(shape, a, b, out);
                for (String op : new String[] {"MUL", "GELU", "SIGMOID", "EXP", "RELU", "GELU backward", "axpy"}) {
                    float[][] bits = new float[2][];
                    for (int threads = 1; threads <= 2; threads++) {
                        KernelThreads.setThreads(threads);
                        String what = op + " " + where + " threads " + threads;
                        View o = out.copy();
                        switch (op) {
                            case "MUL" -> {
                                runBinary(BinaryOp.MUL, a, b, o);
                                checkBinary(BinaryOp.MUL, a, b, o, what);
                            }
                            case "GELU backward" -> {
                                Elementwise.unaryBackward(UnaryOp.GELU, a.data(), a.off(), a.strides(), b.data(), b.off(), b.strides(), shape,
                                        o.data(), o.off(), o.strides());
                                checkUnaryBackward(UnaryOp.GELU, a, b, o, what);
                            }
                            case "axpy" -> {
                                View y = y0.copy();
                                Elementwise.axpy(0.75f, b.data(), b.off(), b.strides(), shape, y.data(), y.off(), y.strides());
                                View.forEachIndex(shape, idx -> assertBits(Math.fma(0.75f, b.get(idx), y0.get(idx)), y.get(idx), what));
                                o = y;
                            }
                            default -> {
                                UnaryOp u = UnaryOp.valueOf(op);
                                Elementwise.unary(u, a.data(), a.off(), a.strides(), shape, o.data(), o.off(), o.strides());
                                checkUnary(u, a, o, what);
                            }
                        }
                        bits[threads - 1] = o.data();
                    }
                    for (int p = 0; p < bits[0].length; p++)
                        if (Float.floatToIntBits(bits[0][p]) != Float.floatToIntBits(bits[1][p]))
                            fail(op + " differs with 1 and 2 threads at storage " + p + ": " + bits[0][p] + " vs " + bits[1][p] + ", " + where);
                }
            }
        }
    }
}
