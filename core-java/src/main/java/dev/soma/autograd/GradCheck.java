package dev.soma.autograd;

import dev.soma.tensor.DType;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Compares autograd's gradients with central finite differences (torch.autograd.gradcheck), for a random
 * upstream gradient per output so the whole vector-Jacobian product is checked. Differences accumulate in
 * float64. Like torch's gradcheck with its default raise_exception=True, a check returns true or throws
 * {@link GradCheckFailure}, which names the output, the input, the worst element and both values.
 */
public final class GradCheck {
    private static final long UPSTREAM_SEED = 1234;

    private GradCheck() {}

    /**
     * The element where analytical and numerical gradients disagree most relative to the tolerance
     * atol + rtol·|numerical|: which output (or weighted sum of outputs) was differentiated, which input, the element's
     * flat and multi-dimensional index, both values, and how many of that input's elements were out of tolerance.
     */
    public record Mismatch(String output, int input, int[] inputShape, int element, int[] index, double analytical,
                           double numerical, int failing, int total) {}

    /** Thrown when an analytical gradient disagrees with the numerical one; {@link #mismatch()} holds the worst element. */
    public static final class GradCheckFailure extends AssertionError {
        private final transient Mismatch mismatch;

        GradCheckFailure(String message, Mismatch mismatch) {
            super(message);
            this.mismatch = mismatch;
        }

        /** The worst element, or null when the failure is not about values (no output reached by any input). */
        public Mismatch mismatch() { return mismatch; }
    }

    /** Checks a one-output f at {@code inputs} with float32-friendly defaults (eps 1e-3, atol 1e-2, rtol 1e-2). */
    public static boolean check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, inputs, 1e-3, 1e-2, 1e-2);
    }

    /**
     * Checks every input that requires grad: analytical dL/dx from backward against (L(x+eps) − L(x−eps)) / 2eps,
     * with L = Σ f(x)·u for a fixed random u. Returns true, or throws {@link GradCheckFailure} naming the worst element.
     */
    public static boolean check(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol) {
        return run(in -> new Tensor[] {f.apply(in)}, inputs, eps, atol, rtol, false);
    }

    /** Checks a function with several outputs (max with indices, split, a multi-output DifferentiableFunction) with the defaults. */
    public static boolean checkMulti(Function<Tensor[], Tensor[]> f, Tensor... inputs) {
        return checkMulti(f, inputs, 1e-3, 1e-2, 1e-2);
    }

    /**
     * Checks a function with several outputs: backward from each differentiable output alone (the others' gradients
     * absent, as when a piece goes unused), then from the weighted sum of all of them (every gradient present at once),
     * each against finite differences of the same weighted outputs. Integer outputs (indices) are skipped; a float
     * output that does not require grad must have a zero numerical gradient. Returns true or throws {@link GradCheckFailure}.
     */
    public static boolean checkMulti(Function<Tensor[], Tensor[]> f, Tensor[] inputs, double eps, double atol, double rtol) {
        return run(f, inputs, eps, atol, rtol, true);
    }

    /** One backward pass to compare: the outputs it differentiates (weighted by their u) and how to name it. */
    private record Pass(int[] outputs, String name) {}

    private static boolean run(Function<Tensor[], Tensor[]> f, Tensor[] inputs, double eps, double atol, double rtol,
                               boolean multi) {
        boolean anyGrad = false;
        for (Tensor x : inputs) anyGrad |= x != null && x.requiresGrad();
        if (!anyGrad)
            throw new IllegalArgumentException("gradcheck: no input requires grad; expected at least one input with requiresGrad(true)");
        Tensor[] leaves = leaves(inputs);
        Tensor[] outs = outputs(f, leaves);
        int k = outs.length;
        boolean[] isFloat = new boolean[k], differentiable = new boolean[k];
        float[][] u = new float[k][];
        Generator gen = new Generator(UPSTREAM_SEED);
        List<Integer> diffOuts = new ArrayList<>();
        for (int o = 0; o < k; o++) {
            isFloat[o] = outs[o].dtype() == DType.FLOAT32;
            if (!isFloat[o]) continue;
            u[o] = new float[outs[o].numel()];
            for (int i = 0; i < u[o].length; i++) u[o][i] = (float) gen.nextGaussian();
            if (outs[o].requiresGrad()) {
                differentiable[o] = true;
                diffOuts.add(o);
            }
        }
        if (diffOuts.isEmpty())
            throw new GradCheckFailure("gradcheck: no output requires grad; no input that requires grad reached "
                    + (multi ? "any of the " + k + " outputs" : "the output"), null);

        List<Pass> passes = new ArrayList<>();
        for (int o : diffOuts) passes.add(new Pass(new int[] {o}, multi ? "output " + o + " of " + k : "the output"));
        if (diffOuts.size() > 1)
            passes.add(new Pass(diffOuts.stream().mapToInt(Integer::intValue).toArray(),
                    "the weighted sum of outputs " + diffOuts));

        // analytical[p][i]: dL_p/d(input i) from backward, L_p = Σ over p's outputs of Σ out·u
        float[][][] analytical = new float[passes.size()][][];
        for (int p = 0; p < passes.size(); p++) {
            if (p > 0) {
                leaves = leaves(inputs);
                outs = outputs(f, leaves);
            }
            backward(outs, passes.get(p).outputs(), u);
            analytical[p] = new float[leaves.length][];
            for (int i = 0; i < leaves.length; i++) {
                if (leaves[i] == null || !leaves[i].requiresGrad()) continue;
                Tensor g = leaves[i].grad();
                analytical[p][i] = g == null ? new float[leaves[i].numel()] : g.toFloatArray();
            }
        }

        Worst worst = new Worst();
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i] == null || !leaves[i].requiresGrad()) continue;
            float[] base = leaves[i].toFloatArray();
            int[] failing = new int[passes.size() + k];
            for (int j = 0; j < base.length; j++) {
                double[] plus = weightedOutputs(f, leaves, i, base, j, base[j] + eps, u);
                double[] minus = weightedOutputs(f, leaves, i, base, j, base[j] - eps, u);
                // Divide by the step actually taken after rounding to float, not the nominal 2·eps.
                double step = (double) (float) (base[j] + eps) - (double) (float) (base[j] - eps);
                for (int p = 0; p < passes.size(); p++) {
                    double numerical = 0;
                    for (int o : passes.get(p).outputs()) numerical += (plus[o] - minus[o]) / step;
                    double score = score(analytical[p][i][j], numerical, atol, rtol);
                    if (score > 1) failing[p]++;
                    worst.offer(score, passes.get(p).name(), i, j, analytical[p][i][j], numerical, failing, p);
                }
                for (int o = 0; o < k; o++) {          // a float output outside the graph must not depend on the input
                    if (!isFloat[o] || differentiable[o]) continue;
                    double numerical = (plus[o] - minus[o]) / step;
                    double score = score(0, numerical, atol, rtol);
                    if (score > 1) failing[passes.size() + o]++;
                    worst.offer(score, "output " + o + " of " + k + ", which does not require grad,", i, j, 0, numerical,
                            failing, passes.size() + o);
                }
            }
            worst.close(i, leaves[i].shape(), base.length);
        }
        if (worst.score > 1) {
            Mismatch m = worst.mismatch;
            throw new GradCheckFailure(String.format(Locale.ROOT,
                    "gradcheck: %s, input %d (shape %s): worst element %s (flat %d): analytical %.6g vs numerical %.6g"
                            + " (|difference| %.3g > atol %.3g + rtol %.3g·|numerical|); %d of %d elements out of tolerance",
                    m.output(), m.input(), Shape.str(m.inputShape()), Arrays.toString(m.index()), m.element(), m.analytical(),
                    m.numerical(), Math.abs(m.analytical() - m.numerical()), atol, rtol, m.failing(), m.total()), m);
        }
        return true;
    }

    /** |analytical − numerical| over the tolerance: above 1 fails; NaN on either side is the worst possible. */
    private static double score(double analytical, double numerical, double atol, double rtol) {
        double s = Math.abs(analytical - numerical) / (atol + rtol * Math.abs(numerical));
        return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
    }

    /** The worst element seen so far; its failing count is read when its input is done. */
    private static final class Worst {
        double score = Double.NEGATIVE_INFINITY;
        Mismatch mismatch;
        private String output;
        private int input = -1, element, slot;
        private double analytical, numerical;
        private int[] failing;

        void offer(double s, String out, int in, int j, double a, double n, int[] failingCounts, int countSlot) {
            if (!(s > score)) return;
            score = s;
            output = out; input = in; element = j; analytical = a; numerical = n; failing = failingCounts; slot = countSlot;
            mismatch = null;
        }

        void close(int in, int[] shape, int total) {
            if (input == in && mismatch == null)
                mismatch = new Mismatch(output, in, shape.clone(), element, unravel(element, shape), analytical, numerical,
                        failing[slot], total);
        }
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /** Fresh contiguous leaves with the inputs' values and requires-grad flags (null inputs stay null). */
    private static Tensor[] leaves(Tensor[] inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++)
            leaves[i] = inputs[i] == null ? null : inputs[i].contiguousCopy().requiresGrad(inputs[i].requiresGrad());
        return leaves;
    }

    private static Tensor[] outputs(Function<Tensor[], Tensor[]> f, Tensor[] args) {
        Tensor[] outs = f.apply(args);
        if (outs == null || outs.length == 0)
            throw new IllegalArgumentException("gradcheck: the function returned no output; expected at least one tensor");
        for (int o = 0; o < outs.length; o++)
            if (outs[o] == null)
                throw new IllegalArgumentException("gradcheck: the function returned null for output " + o + "; expected a tensor");
        return outs;
    }

    /** Backward from Σ over the given outputs of Σ out·u: one output directly with u as its gradient, several through a sum. */
    private static void backward(Tensor[] outs, int[] which, float[][] u) {
        if (which.length == 1) {
            int o = which[0];
            outs[o].backward(Tensor.of(u[o], outs[o].shape()));
            return;
        }
        Tensor loss = null;
        for (int o : which) {
            Tensor term = outs[o].mul(Tensor.of(u[o], outs[o].shape())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
    }

    /** Σ out_o·u_o for every float output o, with element j of input {@code which} moved to {@code value}; no grad. */
    private static double[] weightedOutputs(Function<Tensor[], Tensor[]> f, Tensor[] leaves, int which, float[] base, int j,
                                            double value, float[][] u) {
        float[] moved = base.clone();
        moved[j] = (float) value;
        Tensor[] args = leaves.clone();
        args[which] = Tensor.of(moved, leaves[which].shape());
        Tensor[] outs;
        try (var g = GradMode.noGrad()) {
            outs = outputs(f, args);
        }
        double[] dots = new double[u.length];
        for (int o = 0; o < u.length && o < outs.length; o++) {
            if (u[o] == null) continue;
            float[] v = outs[o].toFloatArray();
            if (v.length != u[o].length)
                throw new IllegalArgumentException("gradcheck: output " + o + " changed size from " + u[o].length + " to "
                        + v.length + " elements when an input moved by eps; expected shapes that do not depend on values");
            double s = 0;
            for (int e = 0; e < v.length; e++) s += (double) v[e] * u[o][e];
            dots[o] = s;
        }
        return dots;
    }
}
