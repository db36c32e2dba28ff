package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/**
 * One recorded operation of the dynamic graph (PyTorch's grad_fn): its inputs, its backward rule, and the
 * tensors the rule reads, with their versions at record time so an in-place change is caught. A node has one
 * output or several (split, chunk, unbind, max(dim)); each output tensor knows its index among them.
 */
public final class Node {
    private final String name;
    final Tensor[] inputs;
    final boolean[] needsGrad;
    private BackwardFn fn;              // the rule of a single-output node
    private MultiBackwardFn multiFn;    // the rule of a node recorded with several outputs
    final boolean multi;
    private final int outputCount;
    private final int[][] outputShapes;  // multi only: shape of output k, or null where k is not differentiable
    private final boolean materializeGrads;
    private Tensor[] saved;
    private int[] savedVersions;

    Node(String name, Tensor[] inputs, BackwardFn fn, Tensor[] saved) {
        this(name, inputs, fn, null, false, 1, null, true, saved);
    }

    Node(String name, Tensor[] inputs, MultiBackwardFn fn, int[][] outputShapes, boolean materializeGrads, Tensor[] saved) {
        this(name, inputs, null, fn, true, outputShapes.length, outputShapes, materializeGrads, saved);
    }

    private Node(String name, Tensor[] inputs, BackwardFn fn, MultiBackwardFn multiFn, boolean multi, int outputCount,
                 int[][] outputShapes, boolean materializeGrads, Tensor[] saved) {
        this.name = name;
        this.inputs = inputs;
        this.fn = fn;
        this.multiFn = multiFn;
        this.multi = multi;
        this.outputCount = outputCount;
        this.outputShapes = outputShapes;
        this.materializeGrads = materializeGrads;
        this.needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needsGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) savedVersions[i] = saved[i].version();
    }

    /** The op's name as PyTorch prints it, e.g. {@code MulBackward}. */
    public String name() { return name; }

    /** How many outputs the op produced (1 for most ops; k for split into k pieces, 2 for max(dim)). */
    public int outputCount() { return outputCount; }

    /** The op's inputs in argument order (null where an optional input was absent); their grad_fns lead back through the graph. */
    public java.util.List<Tensor> inputs() { return java.util.Collections.unmodifiableList(java.util.Arrays.asList(inputs)); }

    /** The tensors the backward rule keeps alive until it runs (none once released), as PyTorch's saved tensors. */
    public java.util.List<Tensor> savedTensors() { return java.util.List.of(saved); }

    /** Runs a single-output node's backward rule after checking that nothing it reads was modified in place. */
    Tensor[] apply(Tensor grad) {
        checkRunnable(fn == null);
        return fn.apply(grad, needsGrad);
    }

    /**
     * Runs a multi-output node's rule on one gradient per output (null where an output got none), materialising
     * those as zeros of the output's shape unless the node was recorded without materialised grads.
     */
    Tensor[] applyMulti(Tensor[] grads) {
        checkRunnable(multiFn == null);
        if (materializeGrads)
            for (int k = 0; k < grads.length; k++)
                if (grads[k] == null && outputShapes[k] != null) grads[k] = Tensor.zeros(outputShapes[k]);
        return multiFn.apply(grads, needsGrad);
    }

    private void checkRunnable(boolean released) {
        if (released)
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access "
                    + "saved tensors after they have already been freed) at " + name
                    + ". Specify retainGraph=true if you need to backward through the graph a second time.");
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].isClosed())
                throw new IllegalStateException("a tensor of shape " + java.util.Arrays.toString(saved[i].shape())
                        + " saved by " + name + " for the backward pass was closed (Tensor.close()) before backward ran");
            if (saved[i].version() != savedVersions[i])
                throw new IllegalStateException("one of the variables needed for gradient computation has been modified "
                        + "by an inplace operation: a tensor of shape " + java.util.Arrays.toString(saved[i].shape())
                        + " saved by " + name + " is at version " + saved[i].version() + "; expected version "
                        + savedVersions[i] + " instead.");
        }
    }

    /** Drops the backward rule and saved tensors so intermediate buffers can be collected. */
    void release() {
        fn = null;
        multiFn = null;
        saved = new Tensor[0];
        savedVersions = new int[0];
    }

    @Override public String toString() { return "<" + name + ">"; }
}
