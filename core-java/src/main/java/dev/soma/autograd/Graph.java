package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/**
 * Records graph nodes: every differentiable op calls {@link #record} with its output and backward rule, or
 * {@link #recordMulti} when one op yields several tensors.
 */
public final class Graph {
    private Graph() {}

    /** True when an op over these inputs must record a node (grad mode on and some input requires grad). */
    public static boolean needed(Tensor... inputs) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /**
     * Attaches a node named {@code name} to {@code out} when {@link #needed}; {@code saved} lists the
     * tensors the backward rule reads (version-checked). Returns {@code out}.
     */
    public static Tensor record(String name, Tensor out, Tensor[] inputs, BackwardFn fn, Tensor... saved) {
        if (!needed(inputs)) return out;
        TensorAccess.attachGradFn(out, new Node(name, inputs, fn, saved), 0);
        return out;
    }

    /** Records a node whose rule reads only its own inputs (all of them saved). */
    public static Tensor record(String name, Tensor out, BackwardFn fn, Tensor... inputs) {
        return record(name, out, inputs, fn, inputs);
    }

    /**
     * Attaches one node to all of {@code outs} (fresh tensors without a grad_fn; output k gets output index k) when
     * {@link #needed}; its rule runs once with a gradient per output, zeros where an output got none. Non-float
     * outputs (such as int64 indices) stay out of the graph. Returns {@code outs}.
     */
    public static Tensor[] recordMulti(String name, Tensor[] outs, Tensor[] inputs, MultiBackwardFn fn, Tensor... saved) {
        return recordMulti(name, outs, null, true, inputs, fn, saved);
    }

    /**
     * As {@link #recordMulti(String, Tensor[], Tensor[], MultiBackwardFn, Tensor...)}, where {@code differentiable}
     * (null: every float output) says which outputs join the graph, and with {@code materializeGrads} false the rule
     * sees null, not zeros, for an output that got no gradient (torch.autograd.Function's set_materialize_grads).
     */
    public static Tensor[] recordMulti(String name, Tensor[] outs, boolean[] differentiable, boolean materializeGrads,
                                       Tensor[] inputs, MultiBackwardFn fn, Tensor... saved) {
        if (differentiable != null && differentiable.length != outs.length)
            throw new IllegalArgumentException(name + ": " + differentiable.length + " differentiable flags for " + outs.length + " outputs");
        if (!needed(inputs)) return outs;
        int[][] shapes = new int[outs.length][];
        for (int k = 0; k < outs.length; k++)
            if (outs[k].dtype().isFloatingPoint() && (differentiable == null || differentiable[k])) shapes[k] = outs[k].shape();
        Node node = new Node(name, inputs, fn, shapes, materializeGrads, saved);
        for (int k = 0; k < outs.length; k++) if (shapes[k] != null) TensorAccess.attachGradFn(outs[k], node, k);
        return outs;
    }
}
