package dev.soma.conformance

import dev.soma.tensor.Reductions

/** Family `reduction`: dim absent = every dim, an int or a list; keepdim defaults to False. */
object ReductionAdapters {
    fun register(r: AdapterRegistry) {
        r.function("sum") { a, x -> output(x["input"].sum(a.intsOrNull("dim"), a.bool("keepdim", false))) }
        r.function("mean") { a, x -> output(x["input"].mean(a.intsOrNull("dim"), a.bool("keepdim", false))) }
        r.function("amax") { a, x -> output(x["input"].amax(a.intsOrNull("dim"), a.bool("keepdim", false))) }
        r.function("amin") { a, x -> output(x["input"].amin(a.intsOrNull("dim"), a.bool("keepdim", false))) }
        r.function("var") { a, x -> output(Reductions.`var`(x["input"], a.intsOrNull("dim"), correction(a), a.bool("keepdim", false))) }
        r.function("std") { a, x -> output(Reductions.std(x["input"], a.intsOrNull("dim"), correction(a), a.bool("keepdim", false))) }
        r.function("logsumexp") { a, x -> output(x["input"].logsumexp(a.ints("dim"), a.bool("keepdim", false))) }
        r.function("prod") { a, x ->
            val dim = a.intOrNull("dim")
            val keepdim = a.bool("keepdim", false)
            output(if (dim == null) x["input"].prod() else x["input"].prod(dim, keepdim))
        }
        r.function("norm") { a, x ->
            val p = if (a.string("p", "fro") == "fro") 2f else a.float("p")
            output(x["input"].norm(p, a.intsOrNull("dim"), a.bool("keepdim", false)))
        }
        r.function("argmax") { a, x -> output(Reductions.argmax(x["input"], a.intOrNull("dim"), a.bool("keepdim", false))) }
        r.function("argmin") { a, x -> output(Reductions.argmin(x["input"], a.intOrNull("dim"), a.bool("keepdim", false))) }
        r.function("cumsum") { a, x -> output(x["input"].cumsum(a.int("dim"))) }
    }

    /** Bessel's correction from `unbiased` (1.13) or `correction` (2.x); default unbiased. */
    private fun correction(a: Attrs): Int {
        val c = a.intOrNull("correction")
        return c ?: if (a.bool("unbiased", true)) 1 else 0
    }
}
