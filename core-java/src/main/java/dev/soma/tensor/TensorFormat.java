package dev.soma.tensor;

import java.util.Locale;

/**
 * Prints tensors as PyTorch does ({@code tensor([[1.0000, 2.5000], …])}, integers as {@code 1.}, scientific
 * notation for wide ranges, "..." beyond 1000 elements), followed by the shape and the autograd state.
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000, EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        float[] v = t.toFloatArray();
        boolean summarize = v.length > THRESHOLD;
        String[] cells = new String[v.length];
        fill(t, v, cells);
        int width = 0;
        for (int i = 0; i < v.length; i++) if (!summarize || shown(t.shape, i)) width = Math.max(width, cells[i].length());
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.shape.length == 0) sb.append(cells[0]);
        else nest(sb, t.shape, 0, 0, cells, width, summarize, 7);
        if (t.shape.length > 0) sb.append(", shape=").append(Shape.str(t.shape));
        if (t.dtype != DType.FLOAT32) sb.append(", dtype=torch.").append(t.dtype.torchName());
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn().name()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    private static void fill(Tensor t, float[] v, String[] cells) {
        if (t.dtype == DType.BOOL) {
            for (int i = 0; i < v.length; i++) cells[i] = v[i] != 0f ? "True" : "False";
            return;
        }
        if (t.dtype == DType.INT64) {
            for (int i = 0; i < v.length; i++) cells[i] = Long.toString((long) v[i]);
            return;
        }
        boolean ints = true;
        double maxAbs = 0, minAbs = Double.MAX_VALUE;
        for (float x : v) {
            if (!Float.isFinite(x)) continue;
            if (x != Math.rint(x)) ints = false;
            double a = Math.abs(x);
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) minAbs = Math.min(minAbs, a);
        }
        boolean sci = maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || (!ints && minAbs < 1e-4));
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (Float.isNaN(x)) cells[i] = "nan";
            else if (Float.isInfinite(x)) cells[i] = x > 0 ? "inf" : "-inf";
            else if (sci) cells[i] = String.format(Locale.ROOT, "%.4e", x);
            else if (ints) cells[i] = String.format(Locale.ROOT, "%.0f.", x);
            else cells[i] = String.format(Locale.ROOT, "%.4f", x);
        }
    }

    /** Whether flat index i is among the edge items of every dimension. */
    private static boolean shown(int[] shape, int i) {
        for (int d = shape.length - 1; d >= 0; d--) {
            int k = i % shape[d];
            i /= shape[d];
            if (shape[d] > 2 * EDGE && k >= EDGE && k < shape[d] - EDGE) return false;
        }
        return true;
    }

    private static void nest(StringBuilder sb, int[] shape, int dim, int base, String[] cells, int width, boolean summarize,
                             int indent) {
        sb.append('[');
        int n = shape[dim];
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) stride *= shape[d];
        for (int k = 0; k < n; k++) {
            if (summarize && n > 2 * EDGE && k == EDGE) {
                sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                k = n - EDGE - 1;
                continue;
            }
            if (dim == shape.length - 1) {
                String c = cells[base + k];
                sb.append(" ".repeat(width - c.length())).append(c);
            } else {
                nest(sb, shape, dim + 1, base + k * stride, cells, width, summarize, indent);
            }
            if (k < n - 1) {
                if (dim == shape.length - 1) sb.append(", ");
                else sb.append(",").append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }
}
