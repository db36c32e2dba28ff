package dev.soma.conformance

/** Family `activation`: the activation functions (torch.nn.functional names) and their modules. */
object ActivationAdapters {
    fun register(r: AdapterRegistry) {
        r.function("softmax") { a, x -> output(x["input"].softmax(a.int("dim"))) }
        r.function("log_softmax") { a, x -> output(x["input"].logSoftmax(a.int("dim"))) }
    }
}
