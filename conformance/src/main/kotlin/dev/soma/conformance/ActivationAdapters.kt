package dev.soma.conformance

import dev.soma.nn.Functional
import dev.soma.nn.PReLU

/** Family `activation`: the activation functions (torch.nn.functional names) and the module PReLU (Maxout is registered with the linear family). */
object ActivationAdapters {
    fun register(r: AdapterRegistry) {
        r.function("relu") { _, x -> output(Functional.relu(x["input"])) }
        r.function("relu6") { _, x -> output(Functional.relu6(x["input"])) }
        r.function("leaky_relu") { a, x -> output(Functional.leakyRelu(x["input"], a.double("negative_slope", 0.01))) }
        r.function("elu") { a, x -> output(Functional.elu(x["input"], a.double("alpha", 1.0))) }
        r.function("selu") { _, x -> output(Functional.selu(x["input"])) }
        r.function("celu") { a, x -> output(Functional.celu(x["input"], a.double("alpha", 1.0))) }
        r.function("gelu") { a, x -> output(Functional.gelu(x["input"], a.string("approximate", "none"))) }
        r.function("silu") { _, x -> output(Functional.silu(x["input"])) }
        r.function("mish") { _, x -> output(Functional.mish(x["input"])) }
        r.function("sigmoid") { _, x -> output(Functional.sigmoid(x["input"])) }
        r.function("tanh") { _, x -> output(Functional.tanh(x["input"])) }
        r.function("softplus") { a, x -> output(Functional.softplus(x["input"], a.double("beta", 1.0), a.double("threshold", 20.0))) }
        r.function("hardtanh") { a, x -> output(Functional.hardtanh(x["input"], a.double("min_val", -1.0), a.double("max_val", 1.0))) }
        r.function("hardsigmoid") { _, x -> output(Functional.hardsigmoid(x["input"])) }
        r.function("hardswish") { _, x -> output(Functional.hardswish(x["input"])) }
        r.function("softsign") { _, x -> output(Functional.softsign(x["input"])) }
        r.function("logsigmoid") { _, x -> output(Functional.logsigmoid(x["input"])) }
        r.function("prelu") { _, x -> output(Functional.prelu(x["input"], x["weight"])) }
        r.function("glu") { a, x -> output(Functional.glu(x["input"], a.int("dim", -1))) }
        r.function("softmax") { a, x -> output(x["input"].softmax(a.int("dim"))) }
        r.function("log_softmax") { a, x -> output(x["input"].logSoftmax(a.int("dim"))) }
        r.module("PReLU", ModuleAdapter({ a -> PReLU(a.int("num_parameters", 1), a.double("init", 0.25)) }))
    }
}
