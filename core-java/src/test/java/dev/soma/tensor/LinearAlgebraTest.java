package dev.soma.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.autograd.GradCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinearAlgebraTest {
    private static int[] s(int... shape) { return shape; }

    private static void assertValues(Tensor t, int[] shape, float... values) {
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(values, t.toFloatArray(), 1e-5f);
    }

    /** Actual against expected elementwise, relative to the expected magnitude (float32 GEMM vs double loops). */
    private static void assertClose(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++)
            assertEquals(e[i], a[i], 1e-4f * (1 + Math.abs(e[i])), "element " + i + " of " + Shape.str(expected.shape()));
    }

    private static Tensor randn(Generator g, int... shape) { return Tensor.randn(g, shape); }

    private static void assertMessage(Executable call, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }

    // ---------------------------------------------------------------- a reference written from the definition

    /**
     * torch.matmul by definition: a 1-d left operand is a row (its dim dropped after), a 1-d right operand a column,
     * batch dims broadcast by NumPy rules, and each product a triple loop in double.
     */
    static Tensor naiveMatmul(Tensor a, Tensor b) {
        int[] sa = a.shape(), sb = b.shape();
        boolean rowVec = sa.length == 1, colVec = sb.length == 1;
        int[] A = rowVec ? new int[] {1, sa[0]} : sa, B = colVec ? new int[] {sb[0], 1} : sb;
        int m = A[A.length - 2], k = A[A.length - 1], n = B[B.length - 1];
        if (B[B.length - 2] != k) throw new AssertionError("reference: inner dims differ");
        int rank = Math.max(A.length, B.length) - 2;
        int[] batch = new int[rank], batchA = new int[rank], batchB = new int[rank];
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - (A.length - 2)), ib = i - (rank - (B.length - 2));
            batchA[i] = ia < 0 ? 1 : A[ia];
            batchB[i] = ib < 0 ? 1 : B[ib];
            if (batchA[i] != batchB[i] && batchA[i] != 1 && batchB[i] != 1) throw new AssertionError("reference: no broadcast");
            batch[i] = Math.max(batchA[i], batchB[i]);
        }
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        int nb = 1;
        for (int d : batch) nb *= d;
        float[] out = new float[nb * m * n];
        int[] idx = new int[rank];
        for (int bi = 0; bi < nb; bi++) {
            int fa = 0, fb = 0;
            for (int d = 0; d < rank; d++) {
                fa = fa * batchA[d] + (batchA[d] == 1 ? 0 : idx[d]);
                fb = fb * batchB[d] + (batchB[d] == 1 ? 0 : idx[d]);
            }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) acc += (double) x[fa * m * k + i * k + p] * y[fb * k * n + p * n + j];
                    out[bi * m * n + i * n + j] = (float) acc;
                }
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) break;
                idx[d] = 0;
            }
        }
        int[] shape = Arrays.copyOf(batch, rank + (rowVec ? 0 : 1) + (colVec ? 0 : 1));
        if (!rowVec) shape[rank] = m;
        if (!colVec) shape[shape.length - 1] = n;
        return Tensor.of(out, shape);
    }

    // ---------------------------------------------------------------- values

    @Test
    void handCheckedProducts() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 2);
        assertValues(a.matmul(b), s(2, 2), 19, 22, 43, 50);
        assertValues(a.mm(b), s(2, 2), 19, 22, 43, 50);
        assertValues(Tensor.of(1f, 2f, 3f).matmul(Tensor.of(4f, 5f, 6f)), s(), 32);
        assertValues(Tensor.of(1f, 1f).matmul(a), s(2), 4, 6);
        assertValues(a.matmul(Tensor.of(1f, -1f)), s(2), -1, -1);
        assertValues(a.t().matmul(b), s(2, 2), 26, 30, 38, 44);
        assertValues(a.matmul(b.t()), s(2, 2), 17, 23, 39, 53);
        assertValues(Tensor.stack(a, b).bmm(Tensor.stack(b, a)), s(2, 2, 2), 19, 22, 43, 50, 23, 34, 31, 46);
    }

    static Stream<Arguments> rankCombinations() {
        return Stream.of(
                Arguments.of(s(3), s(3), s()),
                Arguments.of(s(1), s(1), s()),
                Arguments.of(s(3), s(3, 4), s(4)),
                Arguments.of(s(2, 3), s(3), s(2)),
                Arguments.of(s(2, 3), s(3, 4), s(2, 4)),
                Arguments.of(s(1, 1), s(1, 1), s(1, 1)),
                Arguments.of(s(3), s(2, 3, 4), s(2, 4)),
                Arguments.of(s(2, 3, 4), s(4), s(2, 3)),
                Arguments.of(s(4), s(2, 1, 4, 3), s(2, 1, 3)),
                Arguments.of(s(2, 1, 3, 4), s(5, 4, 2), s(2, 5, 3, 2)),
                Arguments.of(s(4, 2, 3), s(3, 5), s(4, 2, 5)),
                Arguments.of(s(2, 3), s(4, 3, 5), s(4, 2, 5)),
                Arguments.of(s(1, 2, 3), s(4, 3, 2), s(4, 2, 2)),
                Arguments.of(s(3, 1, 2, 3), s(1, 2, 3, 1), s(3, 2, 2, 1)),
                Arguments.of(s(2, 1, 1, 1, 2), s(3, 1, 2, 2), s(2, 3, 1, 1, 2)),
                Arguments.of(s(5), s(1, 5, 1), s(1, 1)));
    }

    @ParameterizedTest(name = "{0} @ {1}")
    @MethodSource("rankCombinations")
    void matmulFollowsNumPyRulesForEveryRank(int[] sa, int[] sb, int[] expected) {
        Generator g = new Generator(Arrays.hashCode(sa) * 31L + Arrays.hashCode(sb));
        Tensor a = randn(g, sa).requiresGrad(true), b = randn(g, sb).requiresGrad(true);
        Tensor out = a.matmul(b);
        assertArrayEquals(expected, out.shape());
        assertClose(naiveMatmul(a, b), out);
        assertTrue(GradCheck.check(t -> t[0].matmul(t[1]), a, b));
    }

    @Test
    void mmAndBmmAgreeWithTheReference() {
        Generator g = new Generator(5);
        Tensor a = randn(g, 7, 9), b = randn(g, 9, 6);
        assertClose(naiveMatmul(a, b), a.mm(b));
        Tensor x = randn(g, 3, 5, 4), y = randn(g, 3, 4, 2);
        assertClose(naiveMatmul(x, y), x.bmm(y));
        // Sizes around GEMM blocking boundaries.
        Tensor c = randn(g, 33, 17), d = randn(g, 17, 65);
        assertClose(naiveMatmul(c, d), c.matmul(d));
    }

    // ---------------------------------------------------------------- non-contiguous operands

    /** How a matrix operand reaches the op; each exercises a different branch before the GEMM call. */
    enum Layout {
        /** Row-major, lda = cols. */
        CONTIGUOUS,
        /** transpose(-1, -2) of a row-major leaf: column-major, the GEMM transpose flag. */
        TRANSPOSED,
        /** Narrowed columns: row-major with lda > cols. */
        ROW_PADDED,
        /** Narrowed, then transposed: column-major with lda > rows. */
        COLUMN_PADDED,
        /** Every second column: no unit stride, copied before GEMM. */
        STEPPED,
        /** One row expanded over all rows (row stride 0): copied before GEMM. */
        EXPANDED_ROWS,
        /** Leading batch dim expanded from 1 (batch stride 0), read in place. */
        EXPANDED_BATCH
    }

    private record Operand(Tensor leaf, Function<Tensor, Tensor> view) {}

    private static Operand operand(Generator g, int[] shape, Layout layout) {
        int r = shape.length, rows = shape[r - 2], cols = shape[r - 1];
        int[] leaf = shape.clone();
        Function<Tensor, Tensor> view;
        switch (layout) {
            case TRANSPOSED -> {
                leaf[r - 2] = cols;
                leaf[r - 1] = rows;
                view = t -> t.transpose(-1, -2);
            }
            case ROW_PADDED -> {
                leaf[r - 1] = cols + 3;
                view = t -> t.narrow(-1, 2, cols);
            }
            case COLUMN_PADDED -> {
                leaf[r - 2] = cols;
                leaf[r - 1] = rows + 2;
                view = t -> t.narrow(-1, 1, rows).transpose(-1, -2);
            }
            case STEPPED -> {
                leaf[r - 1] = 2 * cols;
                view = t -> t.slice(-1, 1, 2 * cols, 2);
            }
            case EXPANDED_ROWS -> {
                leaf[r - 2] = 1;
                view = t -> t.expand(shape);
            }
            case EXPANDED_BATCH -> {
                if (r >= 3) leaf[0] = 1;
                view = r >= 3 ? t -> t.expand(shape) : t -> t;
            }
            default -> view = t -> t;
        }
        return new Operand(Tensor.randn(g, leaf).requiresGrad(true), view);
    }

    static Stream<Arguments> layoutPairs() {
        int[][][] shapes = {
                {s(3, 4), s(4, 5)}, {s(1, 4), s(4, 1)}, {s(3, 1), s(1, 2)}, {s(2, 3, 4), s(2, 4, 2)}, {s(3, 2, 5), s(5, 1)}};
        List<Arguments> out = new ArrayList<>();
        for (int[][] p : shapes)
            for (Layout la : Layout.values())
                for (Layout lb : Layout.values()) out.add(Arguments.of(p[0], p[1], la, lb));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2} @ {1} {3}")
    @MethodSource("layoutPairs")
    void stridedAndTransposedOperandsGiveTheSameProduct(int[] sa, int[] sb, Layout la, Layout lb) {
        Generator g = new Generator(Arrays.hashCode(sa) + 7L * la.ordinal() + 101L * lb.ordinal());
        Operand a = operand(g, sa, la), b = operand(g, sb, lb);
        Tensor va = a.view.apply(a.leaf.detach()), vb = b.view.apply(b.leaf.detach());
        assertArrayEquals(sa, va.shape());
        assertArrayEquals(sb, vb.shape());
        assertClose(naiveMatmul(va, vb), va.matmul(vb));
        assertTrue(GradCheck.check(t -> a.view.apply(t[0]).matmul(b.view.apply(t[1])), a.leaf, b.leaf));
    }

    @Test
    void operandsAreNotModifiedAndTransposedViewsShareStorage() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        float[] before = a.toFloatArray();
        Tensor p = a.t().matmul(a);
        assertValues(p, s(3, 3), 17, 22, 27, 22, 29, 36, 27, 36, 45);
        assertArrayEquals(before, a.toFloatArray());
    }

    // ---------------------------------------------------------------- zero-size dims

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor a = Tensor.zeros(2, 0).requiresGrad(true), b = Tensor.zeros(0, 3).requiresGrad(true);
        Tensor out = a.matmul(b);
        assertValues(out, s(2, 3), 0, 0, 0, 0, 0, 0);
        out.sum().backward();
        assertValues(a.grad(), s(2, 0));
        assertValues(b.grad(), s(0, 3));
        assertValues(Tensor.zeros(0).matmul(Tensor.zeros(0)), s(), 0);
        assertValues(Tensor.zeros(4, 2, 0).bmm(Tensor.zeros(4, 0, 1)), s(4, 2, 1), 0, 0, 0, 0, 0, 0, 0, 0);
        assertValues(Tensor.full(s(3, 0), 5f).t().t().mm(Tensor.zeros(0, 2)), s(3, 2), 0, 0, 0, 0, 0, 0);
    }

    @Test
    void emptyOuterOrBatchDimensionsGiveEmptyResults() {
        Tensor a = Tensor.zeros(0, 2).requiresGrad(true), b = Tensor.ones(2, 3).requiresGrad(true);
        Tensor out = a.matmul(b);
        assertValues(out, s(0, 3));
        out.sum().backward();
        assertValues(a.grad(), s(0, 2));
        assertValues(b.grad(), s(2, 3), 0, 0, 0, 0, 0, 0);
        assertValues(Tensor.ones(2, 3).matmul(Tensor.ones(3, 0)), s(2, 0));
        assertValues(Tensor.ones(0, 2, 3).matmul(Tensor.ones(3, 4)), s(0, 2, 4));
        assertValues(Tensor.ones(3).matmul(Tensor.ones(0, 3, 2)), s(0, 2));
        assertValues(Tensor.ones(2, 0, 3).bmm(Tensor.ones(2, 3, 4)), s(2, 0, 4));
        assertValues(LinearAlgebra.linear(Tensor.ones(0, 3), Tensor.ones(4, 3), Tensor.ones(4)), s(0, 4));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void mismatchedInnerDimsNameBothShapes() {
        assertMessage(() -> Tensor.ones(2, 3).mm(Tensor.ones(4, 5)), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)",
                "[2, 3]", "[4, 5]");
        assertMessage(() -> Tensor.ones(2, 3).matmul(Tensor.ones(4, 5)), "2x3 and 4x5");
        assertMessage(() -> Tensor.ones(6, 2, 3).matmul(Tensor.ones(4, 5)), "2x3 and 4x5", "[6, 2, 3]", "[4, 5]");
        assertMessage(() -> Tensor.ones(3).matmul(Tensor.ones(4)), "inconsistent tensor size", "[3]", "[4]");
        assertMessage(() -> Tensor.ones(2, 3, 4).matmul(Tensor.ones(5)), "matmul", "[2, 3, 4]", "[5]");
        assertMessage(() -> Tensor.ones(5).matmul(Tensor.ones(2, 3, 4)), "matmul", "[5]", "[2, 3, 4]");
        assertMessage(() -> Tensor.ones(2, 3).matmul(Tensor.ones(4)), "matmul", "[2, 3]", "[4]");
        assertMessage(() -> Tensor.ones(2, 3, 4).matmul(Tensor.ones(3, 4, 6)), "[2, 3, 4]", "[3, 4, 6]", "broadcast");
        assertMessage(() -> Tensor.ones(2, 3, 4).bmm(Tensor.ones(2, 5, 6)), "3x4 and 5x6", "[2, 3, 4]", "[2, 5, 6]");
    }

    @Test
    void rankAndBatchErrors() {
        assertMessage(() -> Tensor.scalar(1f).matmul(Tensor.ones(3)), "matmul", "0D and 1D");
        assertMessage(() -> Tensor.ones(3).matmul(Tensor.scalar(1f)), "matmul", "1D and 0D");
        assertMessage(() -> Tensor.ones(3).mm(Tensor.ones(3, 2)), "mm", "2-D", "1-D");
        assertMessage(() -> Tensor.ones(2, 3).bmm(Tensor.ones(2, 3, 4)), "bmm", "3D", "2D");
        assertMessage(() -> Tensor.ones(2, 3, 4).bmm(Tensor.ones(3, 4, 6)), "bmm", "batches", "2", "3");
        assertMessage(() -> Tensor.ofLongs(new long[] {1, 2}, 2).matmul(Tensor.ones(2)), "matmul", "int64");
    }

    @Test
    void linearAndBilinearErrorsNameTheShapes() {
        assertMessage(() -> LinearAlgebra.linear(Tensor.ones(2, 3), Tensor.ones(4, 5), null), "linear", "[2, 3]", "[4, 5]");
        assertMessage(() -> LinearAlgebra.linear(Tensor.scalar(1f), Tensor.ones(4, 1), null), "linear", "[4, 1]");
        assertMessage(() -> LinearAlgebra.linear(Tensor.ones(2, 3), Tensor.ones(2, 2, 3), null), "linear", "2-D", "[2, 2, 3]");
        assertMessage(() -> LinearAlgebra.linear(Tensor.ones(2, 3), Tensor.ones(4, 3), Tensor.ones(3)), "bias", "[4]", "[3]");
        assertMessage(() -> LinearAlgebra.bilinear(Tensor.ones(2, 3), Tensor.ones(2, 4), Tensor.ones(5, 3, 3), null),
                "bilinear", "[2, 3]", "[2, 4]");
        assertMessage(() -> LinearAlgebra.bilinear(Tensor.ones(2, 3), Tensor.ones(3, 4), Tensor.ones(5, 3, 4), null),
                "bilinear", "leading", "[2, 3]", "[3, 4]");
        assertMessage(() -> LinearAlgebra.bilinear(Tensor.ones(3), Tensor.ones(4), Tensor.ones(3, 4), null), "bilinear", "3-D");
        assertMessage(() -> LinearAlgebra.bilinear(Tensor.ones(3), Tensor.ones(4), Tensor.ones(5, 3, 4), Tensor.ones(4)),
                "bias", "[5]", "[4]");
    }

    // ---------------------------------------------------------------- linear and bilinear

    @Test
    void linearByHand() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3), b = Tensor.of(10f, 20f);
        assertValues(LinearAlgebra.linear(x, w, b), s(2, 2), 8, 24, 8, 33);
        assertValues(LinearAlgebra.linear(x, w, null), s(2, 2), -2, 4, -2, 13);
        assertValues(LinearAlgebra.linear(Tensor.of(1f, 2f, 3f), w, b), s(2), 8, 24);
    }

    /** x Wᵀ + b from the reference matmul. */
    private static Tensor naiveLinear(Tensor x, Tensor w, Tensor b) {
        Tensor y = naiveMatmul(x, w.t().contiguousCopy());
        return b == null ? y : y.add(b);
    }

    static Stream<Arguments> linearShapes() {
        return Stream.of(
                Arguments.of(s(3), 4, true), Arguments.of(s(2, 3), 4, true), Arguments.of(s(2, 3), 1, false),
                Arguments.of(s(2, 3, 5, 3), 2, true), Arguments.of(s(4, 1), 3, false), Arguments.of(s(1, 2, 1, 6), 5, true));
    }

    @ParameterizedTest(name = "x {0}, out {1}, bias {2}")
    @MethodSource("linearShapes")
    void linearOverAnyLeadingDims(int[] xs, int out, boolean bias) {
        Generator g = new Generator(Arrays.hashCode(xs) + out);
        int in = xs[xs.length - 1];
        Tensor x = randn(g, xs).requiresGrad(true), w = randn(g, out, in).requiresGrad(true);
        Tensor b = bias ? randn(g, out).requiresGrad(true) : null;
        Tensor y = LinearAlgebra.linear(x, w, b);
        int[] ys = xs.clone();
        ys[ys.length - 1] = out;
        assertArrayEquals(ys, y.shape());
        assertClose(naiveLinear(x, w, b), y);
        if (bias) assertTrue(GradCheck.check(t -> LinearAlgebra.linear(t[0], t[1], t[2]), x, w, b));
        else assertTrue(GradCheck.check(t -> LinearAlgebra.linear(t[0], t[1], null), x, w));
    }

    @Test
    void bilinearByHand() {
        Tensor x1 = Tensor.of(1f, 2f), x2 = Tensor.of(3f, 4f, 5f);
        Tensor w = Tensor.of(new float[] {1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 1}, 2, 2, 3);
        assertValues(LinearAlgebra.bilinear(x1, x2, w, Tensor.of(1f, -1f)), s(2), 12, 35);
        assertValues(LinearAlgebra.bilinear(x1.unsqueeze(0), x2.unsqueeze(0), w, null), s(1, 2), 11, 36);
    }

    /** y[..., k] = Σ_ij x1[..., i] W[k, i, j] x2[..., j] + b[k], in double. */
    private static Tensor naiveBilinear(Tensor x1, Tensor x2, Tensor w, Tensor b) {
        int[] ws = w.shape();
        int outF = ws[0], in1 = ws[1], in2 = ws[2];
        float[] a = x1.toFloatArray(), c = x2.toFloatArray(), wv = w.toFloatArray(), bv = b == null ? null : b.toFloatArray();
        int rows = a.length / in1;
        float[] y = new float[rows * outF];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < outF; k++) {
                double acc = bv == null ? 0 : bv[k];
                for (int i = 0; i < in1; i++)
                    for (int j = 0; j < in2; j++) acc += (double) a[r * in1 + i] * wv[(k * in1 + i) * in2 + j] * c[r * in2 + j];
                y[r * outF + k] = (float) acc;
            }
        int[] shape = x1.shape();
        shape[shape.length - 1] = outF;
        return Tensor.of(y, shape);
    }

    static Stream<Arguments> bilinearShapes() {
        return Stream.of(
                Arguments.of(s(), 3, 2, 4, true), Arguments.of(s(5), 3, 4, 2, true), Arguments.of(s(2, 3), 2, 3, 1, false),
                Arguments.of(s(1), 1, 1, 1, true), Arguments.of(s(2, 1, 2), 4, 2, 3, false));
    }

    @ParameterizedTest(name = "lead {0}, in1 {1}, in2 {2}, out {3}, bias {4}")
    @MethodSource("bilinearShapes")
    void bilinearOverAnyLeadingDims(int[] lead, int in1, int in2, int out, boolean bias) {
        Generator g = new Generator(Arrays.hashCode(lead) * 1000L + in1 * 100 + in2 * 10 + out);
        int[] s1 = Arrays.copyOf(lead, lead.length + 1), s2 = Arrays.copyOf(lead, lead.length + 1);
        s1[lead.length] = in1;
        s2[lead.length] = in2;
        Tensor x1 = randn(g, s1).requiresGrad(true), x2 = randn(g, s2).requiresGrad(true);
        Tensor w = randn(g, out, in1, in2).requiresGrad(true), b = bias ? randn(g, out).requiresGrad(true) : null;
        Tensor y = LinearAlgebra.bilinear(x1, x2, w, b);
        assertClose(naiveBilinear(x1, x2, w, b), y);
        if (bias) assertTrue(GradCheck.check(t -> LinearAlgebra.bilinear(t[0], t[1], t[2], t[3]), x1, x2, w, b));
        else assertTrue(GradCheck.check(t -> LinearAlgebra.bilinear(t[0], t[1], t[2], null), x1, x2, w));
    }

    // ---------------------------------------------------------------- gradients of mm and bmm

    static Stream<Arguments> mmShapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(2, 3, 4), Arguments.of(5, 1, 3), Arguments.of(1, 6, 1),
                Arguments.of(4, 4, 2));
    }

    @ParameterizedTest(name = "({0}x{1}) @ ({1}x{2})")
    @MethodSource("mmShapes")
    void mmAndBmmPassGradcheck(int m, int k, int n) {
        Generator g = new Generator(m * 100L + k * 10 + n);
        Tensor a = randn(g, m, k).requiresGrad(true), b = randn(g, k, n).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].mm(t[1]), a, b));
        Tensor x = randn(g, 3, m, k).requiresGrad(true), y = randn(g, 3, k, n).requiresGrad(true);
        assertTrue(GradCheck.check(t -> t[0].bmm(t[1]), x, y));
        assertTrue(GradCheck.check(t -> t[0].transpose(1, 2).bmm(t[1].transpose(1, 2)),
                randn(g, 2, k, m).requiresGrad(true), randn(g, 2, n, k).requiresGrad(true)));
    }

    @Test
    void gradientsOfABroadcastBatchAreSummed() {
        Tensor a = Tensor.ones(1, 2, 3).requiresGrad(true), b = Tensor.ones(4, 3, 2).requiresGrad(true);
        a.matmul(b).sum().backward();
        assertValues(a.grad(), s(1, 2, 3), 8, 8, 8, 8, 8, 8);
        float[] twos = new float[24];
        Arrays.fill(twos, 2f);
        assertValues(b.grad(), s(4, 3, 2), twos);
        Tensor v = Tensor.of(1f, 2f).requiresGrad(true), m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        v.matmul(m).sum().backward();
        assertValues(v.grad(), s(2), 6, 15);
        assertValues(m.grad(), s(2, 3), 1, 1, 1, 2, 2, 2);
    }
}
