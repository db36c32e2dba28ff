package dev.soma.dsl

import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor

/** Zeros of the given shape: `zeros(2, 3)`. */
fun zeros(vararg shape: Int): Tensor = Tensor.zeros(*shape)

/** Ones of the given shape. */
fun ones(vararg shape: Int): Tensor = Tensor.ones(*shape)

/** A tensor filled with [value]. */
fun full(vararg shape: Int, value: Float): Tensor = Tensor.full(shape, value)

/** Standard normal values: `randn(4, 3072)`, or from a seeded generator `randn(4, 3, generator = Generator(1))`. */
fun randn(vararg shape: Int, generator: Generator = Generator.defaultGenerator()): Tensor = Tensor.randn(generator, *shape)

/** Uniform values in [0, 1). */
fun rand(vararg shape: Int, generator: Generator = Generator.defaultGenerator()): Tensor = Tensor.rand(generator, *shape)

/** start, start + step, … before end. */
fun arange(start: Double, end: Double, step: Double = 1.0): Tensor = Tensor.arange(start, end, step)

/** 0, 1, … below end. */
fun arange(end: Int): Tensor = Tensor.arange(end.toDouble())

/** The n×n identity. */
fun eye(n: Int): Tensor = Tensor.eye(n)

/** An int64 tensor of class indices or other integers. */
fun longTensorOf(vararg values: Long, shape: IntArray = intArrayOf(values.size)): Tensor = Tensor.ofLongs(values, *shape)

/**
 * Indexing with Ints and ranges, as Python slicing: an Int selects (and drops) a dim, an IntRange keeps the
 * positions it covers (Kotlin ranges include their end): `x[0, 1..3]` is torch's `x[0, 1:4]`, a view. With an Int
 * for every dim, `x[i, j]` is the element itself (a Float).
 */
operator fun Tensor.get(vararg index: Any): Tensor {
    require(index.size <= dim()) { "too many indices for a tensor of shape ${shape()}: ${index.size}" }
    var t = this
    var d = 0
    for (i in index) {
        when (i) {
            is Int -> t = t.select(d, i)
            is IntRange -> {
                val size = t.size(d)
                val first = if (i.first < 0) i.first + size else i.first
                val last = if (i.last < 0) i.last + size else i.last
                require(first in 0..size && last < size) { "range $i is out of bounds for dimension $d with size $size" }
                t = t.slice(d, first, maxOf(first, last + 1), 1)
                d++
            }
            else -> throw IllegalArgumentException("index must be an Int or an IntRange, got ${i::class.simpleName}")
        }
    }
    return t
}
