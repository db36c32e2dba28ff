package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * A test layer with two required inputs and one optional: s_n = (x1_n · W · x2_n) · scale_n, (N, a), (N, b) and an
 * optional (N) → (N). Small enough to check on paper; exercises the several-input contract of {@link Module}.
 */
public final class PairScore extends Module {
    private static final List<String> INPUTS = List.of("x1", "x2", "scale");
    public final int in1, in2;
    public final Parameter weight;

    public PairScore(int in1, int in2) {
        this.in1 = in1;
        this.in2 = in2;
        weight = registerParameter("weight", Tensor.zeros(in1, in2));
    }

    @Override public List<String> inputNames() { return INPUTS; }

    @Override public int requiredInputs() { return 2; }

    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        Tensor s = inputs[0].matmul(weight).mul(inputs[1]).sum(-1);
        return inputs.length > 2 && inputs[2] != null ? s.mul(inputs[2]) : s;
    }

    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] a = inputShapes[0], b = inputShapes[1];
        if (a.length != 2 || b.length != 2 || a[1] != in1 || b[1] != in2 || a[0] != b[0])
            throw new IllegalArgumentException(this + ": expected (N, " + in1 + ") and (N, " + in2 + "), got "
                    + java.util.Arrays.toString(a) + " and " + java.util.Arrays.toString(b));
        if (inputShapes.length > 2 && inputShapes[2] != null && !java.util.Arrays.equals(inputShapes[2], new int[] {a[0]}))
            throw new IllegalArgumentException(this + ": expected scale (" + a[0] + "), got " + java.util.Arrays.toString(inputShapes[2]));
        return new int[] {a[0]};
    }

    /** N·a·b for x1·W, then N·b for the row dot products (the optional scale is element-wise, not counted). */
    @Override public long macs(int[]... inputShapes) {
        int n = outputShape(inputShapes)[0];
        return (long) n * in1 * in2 + (long) n * in2;
    }

    @Override protected String extraRepr() { return "in1=" + in1 + ", in2=" + in2; }

    @Override public Config config() { return Config.of("PairScore").put("in1", in1).put("in2", in2); }
}
