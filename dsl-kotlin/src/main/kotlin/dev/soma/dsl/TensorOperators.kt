package dev.soma.dsl

import dev.soma.autograd.GradMode
import dev.soma.tensor.Tensor

// Arithmetic operators over core tensor ops: each is one forwarding call, so autograd and broadcasting
// behave exactly as the Java API does.

operator fun Tensor.plus(other: Tensor): Tensor = add(other)
operator fun Tensor.plus(value: Float): Tensor = add(value)
operator fun Float.plus(t: Tensor): Tensor = t.add(this)

operator fun Tensor.minus(other: Tensor): Tensor = sub(other)
operator fun Tensor.minus(value: Float): Tensor = sub(value)
operator fun Float.minus(t: Tensor): Tensor = t.rsub(this)

operator fun Tensor.times(other: Tensor): Tensor = mul(other)
operator fun Tensor.times(value: Float): Tensor = mul(value)
operator fun Float.times(t: Tensor): Tensor = t.mul(this)

operator fun Tensor.div(other: Tensor): Tensor = this.div(other)
operator fun Tensor.div(value: Float): Tensor = this.div(value)
operator fun Float.div(t: Tensor): Tensor = t.rdiv(this)

operator fun Tensor.unaryMinus(): Tensor = neg()

/** Matrix product as an infix call: `a matmul b` (torch.matmul). */
infix fun Tensor.matmul(other: Tensor): Tensor = this.matmul(other)

/** The element at an index, one Int per dimension: `x[0, 2]`. */
operator fun Tensor.get(vararg index: Int): Float = this.get(*index)

/** The shape as a property: `x.shape`. */
val Tensor.shape: List<Int> get() = shape().toList()

/** The gradient as a property: `x.grad`. */
val Tensor.grad: Tensor? get() = grad()

/** Runs [block] with graph recording off (torch.no_grad). */
inline fun <T> noGrad(block: () -> T): T = GradMode.noGrad().use { block() }

/** A float tensor of [values] with the given [shape] (1-d when no shape is given). */
fun tensorOf(vararg values: Float, shape: IntArray = intArrayOf(values.size)): Tensor = Tensor.of(values, *shape)
