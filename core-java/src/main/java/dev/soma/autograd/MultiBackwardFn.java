package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/**
 * The backward rule of an op with several outputs: given dL/d(output_k) for every output k returns dL/d(input_i)
 * for each recorded input, in order. An output that got no gradient arrives as zeros of its shape, or as null when
 * the node was recorded without materialised grads; a non-differentiable output (e.g. int64 indices) is always null.
 */
@FunctionalInterface
public interface MultiBackwardFn {
    Tensor[] apply(Tensor[] grads, boolean[] needsGrad);
}
