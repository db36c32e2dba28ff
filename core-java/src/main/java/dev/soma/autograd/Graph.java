package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/** Records graph nodes: every differentiable op calls {@link #record} with its output and backward rule. */
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
        out.attachGradFn(new Node(name, inputs, fn, saved));
        return out;
    }

    /** Records a node whose rule reads only its own inputs (all of them saved). */
    public static Tensor record(String name, Tensor out, BackwardFn fn, Tensor... inputs) {
        return record(name, out, inputs, fn, inputs);
    }
}
