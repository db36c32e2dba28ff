package dev.soma.dsl

import dev.soma.tensor.Tensor

/** Whether every element is close to [other]'s, broadcasting (torch.allclose with rtol 1e-5, atol 1e-8): `a allclose b`. */
infix fun Tensor.allclose(other: Tensor): Boolean = allClose(other)

/** torch.allclose with PyTorch's argument names and defaults. */
fun Tensor.allclose(other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Boolean = false): Boolean =
    allClose(other, rtol, atol, equalNan)

/** Element-wise closeness as a bool tensor (torch.isclose): |a − b| ≤ atol + rtol·|b|, NaN close to NaN only with [equalNan]. */
fun Tensor.isclose(other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8, equalNan: Boolean = false): Tensor =
    isClose(other, rtol, atol, equalNan)
