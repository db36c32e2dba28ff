package dev.soma.conformance

import dev.soma.nn.Module
import dev.soma.optim.Optimizer
import dev.soma.optim.ParamGroup
import dev.soma.tensor.Tensor

/** The tensor arguments of one call, by PyTorch parameter name, in the case's order. */
class Inputs(val map: Map<String, Tensor>) {
    /** The tensor named [name]; absent means the case is malformed for this op. */
    operator fun get(name: String): Tensor = map[name] ?: throw GoldenFormatException("input '$name' is absent (has ${map.keys})")

    /** An optional tensor argument: absent means None. */
    fun optional(name: String): Tensor? = map[name]

    /** The one input of a single-input call. */
    fun single(): Tensor = map.values.singleOrNull() ?: throw GoldenFormatException("expected one input, got ${map.keys}")

    /** A sequence argument split as `prefix.0`, `prefix.1`, … (cat, stack). */
    fun sequence(prefix: String): Array<Tensor> {
        val out = ArrayList<Tensor>()
        while (true) out += map["$prefix.${out.size}"] ?: break
        return out.toTypedArray()
    }
}

/** A function or loss: attrs and tensor inputs to named outputs (`output`, or `output0`, `output1`, …). */
typealias FunctionAdapter = (attrs: Attrs, inputs: Inputs) -> Map<String, Tensor>

/** A module: built from its constructor attrs, then run on the inputs and forward attrs. */
class ModuleAdapter(
    val build: (attrs: Attrs) -> Module,
    val forward: (module: Module, inputs: Inputs, forwardAttrs: Attrs) -> Map<String, Tensor> = { m, x, _ -> output(m.forward(x.single())) },
)

/** An optimizer over parameter groups with the case's attrs as defaults. */
typealias OptimizerAdapter = (groups: List<ParamGroup>, attrs: Attrs) -> Optimizer

/** The single output of an op. */
fun output(t: Tensor): Map<String, Tensor> = mapOf("output" to t)

/** The tuple outputs of an op, as `output0`, `output1`, …. */
fun outputs(ts: Array<Tensor>): Map<String, Tensor> = ts.withIndex().associate { (i, t) -> "output$i" to t }

/** Adapters by golden op name: the only place the runner learns how a PyTorch op maps onto Soma. */
class AdapterRegistry {
    val functions = HashMap<String, FunctionAdapter>()
    val modules = HashMap<String, ModuleAdapter>()
    val optimizers = HashMap<String, OptimizerAdapter>()

    fun function(op: String, f: FunctionAdapter) { check(functions.put(op, f) == null) { "function '$op' registered twice" } }

    fun module(op: String, a: ModuleAdapter) { check(modules.put(op, a) == null) { "module '$op' registered twice" } }

    fun optimizer(op: String, f: OptimizerAdapter) { check(optimizers.put(op, f) == null) { "optimizer '$op' registered twice" } }

    companion object {
        /** Every family's adapters. */
        fun standard(): AdapterRegistry = AdapterRegistry().apply {
            ElementwiseAdapters.register(this)
            ShapeAdapters.register(this)
            MatmulAdapters.register(this)
            LinearAdapters.register(this)
            OptimAdapters.register(this)
            ReductionAdapters.register(this)
            ActivationAdapters.register(this)
            LossAdapters.register(this)
            ConvAdapters.register(this)
            NormAdapters.register(this)
            PoolAdapters.register(this)
            RnnAdapters.register(this)
            AttentionAdapters.register(this)
            TransformerAdapters.register(this)
        }
    }
}
