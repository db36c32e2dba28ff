package dev.soma.conformance

import dev.soma.tensor.DType
import dev.soma.tensor.Tensor
import kotlin.math.abs

/**
 * Compares a framework tensor with a golden one: shapes and dtypes exactly, float values within
 * `atol + rtol·|expected|` elementwise, int64 and bool values exactly.
 */
object Checker {
    /** Null when [actual] matches [expected], else a sentence naming the first difference. */
    fun mismatch(actual: Tensor, expected: Tensor, tol: Tolerance): String? {
        if (!actual.shape().contentEquals(expected.shape()))
            return "shape ${actual.shape().contentToString()}, expected ${expected.shape().contentToString()}"
        if (actual.dtype() != expected.dtype())
            return "dtype ${actual.dtype().torchName()}, expected ${expected.dtype().torchName()}"
        val a = actual.toFloatArray()
        val e = expected.toFloatArray()
        val exact = expected.dtype() != DType.FLOAT32
        for (i in e.indices) {
            val ok = if (exact) a[i] == e[i] else abs(a[i].toDouble() - e[i]) <= tol.atol + tol.rtol * abs(e[i].toDouble())
            if (!ok) {
                val where = index(i, expected.shape()).contentToString()
                val bound = if (exact) "exact" else "|diff| ${abs(a[i].toDouble() - e[i])} > ${tol.atol + tol.rtol * abs(e[i].toDouble())}"
                return "at index $where got ${show(a[i], expected.dtype())}, expected ${show(e[i], expected.dtype())} ($bound)"
            }
        }
        return null
    }

    /** Throws an AssertionError `case: what: …` unless [actual] matches [expected]; a null [actual] is missing. */
    fun check(case: String, what: String, actual: Tensor?, expected: Tensor, tol: Tolerance) {
        if (actual == null) throw AssertionError("$case: $what: missing (expected shape ${expected.shape().contentToString()})")
        mismatch(actual, expected, tol)?.let { throw AssertionError("$case: $what: $it") }
    }

    /** Throws an AssertionError unless the number [actual] is within `atol + rtol·|expected|` of [expected]. */
    fun checkNumber(case: String, what: String, actual: Double, expected: Double, tol: Tolerance) {
        val bound = tol.atol + tol.rtol * abs(expected)
        if (!(abs(actual - expected) <= bound)) throw AssertionError("$case: $what: got $actual, expected $expected (|diff| > $bound)")
    }

    /** The row-major multi-index of flat position [flat] in [shape]. */
    fun index(flat: Int, shape: IntArray): IntArray {
        val out = IntArray(shape.size)
        var r = flat
        for (d in shape.indices.reversed()) { out[d] = r % shape[d]; r /= shape[d] }
        return out
    }

    private fun show(v: Float, type: DType): String = when (type) {
        DType.FLOAT32 -> v.toString()
        DType.BOOL -> (v != 0f).toString()
        else -> v.toLong().toString()
    }
}
