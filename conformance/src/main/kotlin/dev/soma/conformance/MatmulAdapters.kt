package dev.soma.conformance

import dev.soma.nn.Functional

/** Family `matmul`: torch.matmul (NumPy rules), bmm, F.linear and F.bilinear. */
object MatmulAdapters {
    fun register(r: AdapterRegistry) {
        r.function("matmul") { _, x -> output(x["input"].matmul(x["other"])) }
        r.function("bmm") { _, x -> output(x["input"].bmm(x["mat2"])) }
        r.function("linear") { _, x -> output(Functional.linear(x["input"], x["weight"], x.optional("bias"))) }
        r.function("bilinear") { _, x -> output(Functional.bilinear(x["input1"], x["input2"], x["weight"], x.optional("bias"))) }
    }
}
