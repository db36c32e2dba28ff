package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/**
 * One recorded operation of the dynamic graph (PyTorch's grad_fn): its inputs, its backward rule, and the
 * tensors the rule reads, with their versions at record time so an in-place change is caught.
 */
public final class Node {
    private final String name;
    final Tensor[] inputs;
    final boolean[] needsGrad;
    BackwardFn fn;
    private Tensor[] saved;
    private int[] savedVersions;

    Node(String name, Tensor[] inputs, BackwardFn fn, Tensor[] saved) {
        this.name = name;
        this.inputs = inputs;
        this.fn = fn;
        this.needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needsGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].version();
    }

    /** The op's name as PyTorch prints it, e.g. {@code MulBackward}. */
    public String name() { return name; }

    /** The op's inputs in argument order (null where an optional input was absent); their grad_fns lead back through the graph. */
    public java.util.List<Tensor> inputs() { return java.util.Collections.unmodifiableList(java.util.Arrays.asList(inputs)); }

    /** The tensors the backward rule keeps alive until it runs (none once released), as PyTorch's saved tensors. */
    public java.util.List<Tensor> savedTensors() { return java.util.List.of(saved); }

    /** Runs the backward rule after checking that nothing it reads was modified in place. */
    Tensor[] apply(Tensor grad) {
        if (fn == null)
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access "
                    + "saved tensors after they have already been freed) at " + name
                    + ". Specify retainGraph=true if you need to backward through the graph a second time.");
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].version() != savedVersions[i])
                throw new IllegalStateException("one of the variables needed for gradient computation has been modified "
                        + "by an inplace operation: a tensor of shape " + java.util.Arrays.toString(saved[i].shape())
                        + " saved by " + name + " is at version " + saved[i].version() + "; expected version "
                        + savedVersions[i] + " instead.");
        }
        return fn.apply(grad, needsGrad);
    }

    /** Drops the backward rule and saved tensors so intermediate buffers can be collected. */
    void release() {
        fn = null;
        saved = new Tensor[0];
        savedVersions = new int[0];
    }

    @Override public String toString() { return "<" + name + ">"; }
}
