package dev.soma.autograd;

import dev.soma.tensor.Tensor;

/**
 * An op's backward rule: given dL/d(output) returns dL/d(input_i) for each recorded input, in order.
 * {@code needsGrad[i]} says whether input i wants a gradient; an entry may be null where it does not.
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor grad, boolean[] needsGrad);
}
