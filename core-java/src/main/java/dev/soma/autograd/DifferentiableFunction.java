package dev.soma.autograd;

import dev.soma.tensor.Tensor;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A user-defined differentiable operation (torch.autograd.Function): subclasses give the forward computation
 * and its backward rule; {@link #apply} runs forward without recording and records one node for the whole op.
 * A function with one output overrides {@link #forward} and {@link #backward}; one with several overrides
 * {@link #forwardMulti} and {@link #backwardMulti} and is called through {@link #applyMulti}.
 */
public abstract class DifferentiableFunction {

    /** Computes the output from the inputs; runs with grad recording off. Save what backward needs in ctx. */
    protected Tensor forward(Context ctx, Tensor... inputs) {
        throw new UnsupportedOperationException(name() + " overrides neither forward nor forwardMulti");
    }

    /** Returns dL/d(input_i) for each input (null where none), given dL/d(output). */
    protected Tensor[] backward(Context ctx, Tensor gradOutput) {
        throw new UnsupportedOperationException(name() + " overrides neither backward nor backwardMulti");
    }

    /** Computes several outputs from the inputs, with grad recording off; by default the one of {@link #forward}. */
    protected Tensor[] forwardMulti(Context ctx, Tensor... inputs) { return new Tensor[] {forward(ctx, inputs)}; }

    /**
     * Returns dL/d(input_i) for each input (null where none), given dL/d(output_k) for every output k: zeros where
     * an output got no gradient, or null after {@link Context#setMaterializeGrads}(false) and for outputs marked
     * non-differentiable. By default calls {@link #backward} with the one output's gradient.
     */
    protected Tensor[] backwardMulti(Context ctx, Tensor[] gradOutputs) { return backward(ctx, gradOutputs[0]); }

    /** Runs a one-output function on {@code inputs}, recording it for backward when any input requires grad. */
    public final Tensor apply(Tensor... inputs) {
        Tensor[] outs = applyMulti(inputs);
        if (outs.length != 1)
            throw new IllegalStateException(name() + " returned " + outs.length + " outputs: call applyMulti");
        return outs[0];
    }

    /** Runs the function on {@code inputs} and returns all its outputs, attached to one node that runs backward once. */
    public final Tensor[] applyMulti(Tensor... inputs) {
        Context ctx = new Context(inputs);
        Tensor[] outs;
        try (var g = GradMode.noGrad()) {
            outs = forwardMulti(ctx, inputs);
        }
        if (outs == null || outs.length == 0) throw new IllegalStateException(name() + ".forward returned no output");
        Tensor[] results = new Tensor[outs.length];
        boolean[] differentiable = new boolean[outs.length];
        for (int k = 0; k < outs.length; k++) {
            if (outs[k] == null) throw new IllegalStateException(name() + ".forward returned null for output " + k);
            results[k] = outs[k].detach();    // a fresh handle, so the node never attaches to an input or a shared tensor
            differentiable[k] = !ctx.nonDifferentiable.containsKey(outs[k]);
        }
        String name = name();
        MultiBackwardFn rule = (grads, needs) -> {
            ctx.needs = needs;
            Tensor[] gs = backwardMulti(ctx, grads);
            if (gs == null || gs.length != inputs.length)
                throw new IllegalStateException(name + ".backward returned " + (gs == null ? "null" : gs.length + " gradients")
                        + " for " + inputs.length + " inputs");
            return gs;
        };
        if (results.length == 1 && differentiable[0]) {
            Graph.record(name + "Backward", results[0], inputs, (grad, needs) -> rule.apply(new Tensor[] {grad}, needs), ctx.saved);
            return results;
        }
        return Graph.recordMulti(name + "Backward", results, differentiable, ctx.materializeGrads, inputs, rule, ctx.saved);
    }

    private String name() { return getClass().getSimpleName().isEmpty() ? "DifferentiableFunction" : getClass().getSimpleName(); }

    /** What forward leaves for backward: saved tensors (version-checked) and any other values. */
    public static final class Context {
        private final int inputCount;
        private Tensor[] saved = new Tensor[0];
        private final Map<String, Object> values = new HashMap<>();
        private final Map<Tensor, Boolean> nonDifferentiable = new IdentityHashMap<>();
        private boolean materializeGrads = true;
        private boolean[] needs;

        Context(Tensor[] inputs) { inputCount = inputs.length; }

        /** Keeps tensors for backward; modifying one in place before backward makes backward fail. */
        public void saveForBackward(Tensor... tensors) { saved = tensors.clone(); }

        /** The tensors given to {@link #saveForBackward}. */
        public Tensor[] savedTensors() { return saved.clone(); }

        /** Stores a non-tensor value for backward. */
        public void put(String key, Object value) { values.put(key, value); }

        /** A value stored with {@link #put}. */
        @SuppressWarnings("unchecked")
        public <T> T get(String key) { return (T) values.get(key); }

        /** Marks outputs returned by forward as non-differentiable (ctx.mark_non_differentiable): they never require grad. */
        public void markNonDifferentiable(Tensor... outputs) { for (Tensor t : outputs) nonDifferentiable.put(t, Boolean.TRUE); }

        /**
         * With false, backwardMulti sees null rather than zeros for an output that got no gradient
         * (ctx.set_materialize_grads); call it in forward.
         */
        public void setMaterializeGrads(boolean materialize) { materializeGrads = materialize; }

        /** During backward: whether input i needs a gradient. */
        public boolean needsInputGrad(int i) {
            if (i < 0 || i >= inputCount) throw new IndexOutOfBoundsException("input " + i + " of " + inputCount);
            return needs == null || needs[i];
        }
    }
}
