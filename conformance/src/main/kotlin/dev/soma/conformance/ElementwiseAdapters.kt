package dev.soma.conformance

import dev.soma.tensor.Tensor

/** Family `elementwise`: torch arithmetic, unary math, pow, clamp, maximum/minimum, where. */
object ElementwiseAdapters {
    fun register(r: AdapterRegistry) {
        r.function("add") { a, x -> output(if (a.has("alpha")) x["input"].add(x["other"], a.float("alpha")) else x["input"].add(x["other"])) }
        r.function("sub") { a, x -> output(if (a.has("alpha")) x["input"].sub(x["other"], a.float("alpha")) else x["input"].sub(x["other"])) }
        r.function("mul") { _, x -> output(x["input"].mul(x["other"])) }
        r.function("div") { _, x -> output(x["input"].div(x["other"])) }
        unary(r, "neg", Tensor::neg)
        unary(r, "exp", Tensor::exp)
        unary(r, "log", Tensor::log)
        unary(r, "log1p", Tensor::log1p)
        unary(r, "sqrt", Tensor::sqrt)
        unary(r, "rsqrt", Tensor::rsqrt)
        unary(r, "abs", Tensor::abs)
        unary(r, "square", Tensor::square)
        unary(r, "reciprocal", Tensor::reciprocal)
        unary(r, "sign", Tensor::sign)
        r.function("pow") { a, x ->
            output(x.optional("exponent")?.let { x["input"].pow(it) } ?: x["input"].pow(a.float("exponent")))
        }
        r.function("clamp") { a, x ->
            output(x["input"].clamp(a.float("min", Float.NEGATIVE_INFINITY), a.float("max", Float.POSITIVE_INFINITY)))
        }
        r.function("maximum") { _, x -> output(x["input"].maximum(x["other"])) }
        r.function("minimum") { _, x -> output(x["input"].minimum(x["other"])) }
        r.function("where") { _, x -> output(Tensor.where(x["condition"], x["input"], x["other"])) }
    }

    private fun unary(r: AdapterRegistry, op: String, f: (Tensor) -> Tensor) = r.function(op) { _, x -> output(f(x["input"])) }
}
