package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * A tensor registered on a module as a learnable weight (torch.nn.Parameter): a leaf that requires grad by
 * default and shares storage with the tensor it was made from.
 */
public final class Parameter extends Tensor {
    /** A parameter over {@code data}'s storage, requiring grad. */
    public Parameter(Tensor data) { this(data, true); }

    /** A parameter over {@code data}'s storage; frozen when {@code requiresGrad} is false. */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.detach());
        requiresGrad(requiresGrad);
    }
}
