package dev.soma.autograd;

import dev.soma.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * A user-defined differentiable operation (torch.autograd.Function): subclasses give the forward computation
 * and its backward rule; {@link #apply} runs forward without recording and records one node for the whole op.
 */
public abstract class DifferentiableFunction {

    /** Computes the output from the inputs; runs with grad recording off. Save what backward needs in ctx. */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /** Returns dL/d(input_i) for each input (null where none), given dL/d(output). */
    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /** Runs the function on {@code inputs}, recording it for backward when any input requires grad. */
    public final Tensor apply(Tensor... inputs) {
        Context ctx = new Context(inputs);
        Tensor out;
        try (var g = GradMode.noGrad()) {
            out = forward(ctx, inputs);
        }
        if (out == null) throw new IllegalStateException(name() + ".forward returned null");
        Tensor result = out.detach();    // a fresh handle, so the node never attaches to an input or a shared tensor
        return Graph.record(name() + "Backward", result, inputs, (grad, needs) -> {
            ctx.needs = needs;
            Tensor[] gs = backward(ctx, grad);
            if (gs == null || gs.length != inputs.length)
                throw new IllegalStateException(name() + ".backward returned " + (gs == null ? "null" : gs.length + " gradients")
                        + " for " + inputs.length + " inputs");
            return gs;
        }, ctx.saved);
    }

    private String name() { return getClass().getSimpleName().isEmpty() ? "DifferentiableFunction" : getClass().getSimpleName(); }

    /** What forward leaves for backward: saved tensors (version-checked) and any other values. */
    public static final class Context {
        private final int inputCount;
        private Tensor[] saved = new Tensor[0];
        private final Map<String, Object> values = new HashMap<>();
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

        /** During backward: whether input i needs a gradient. */
        public boolean needsInputGrad(int i) {
            if (i < 0 || i >= inputCount) throw new IndexOutOfBoundsException("input " + i + " of " + inputCount);
            return needs == null || needs[i];
        }
    }
}
