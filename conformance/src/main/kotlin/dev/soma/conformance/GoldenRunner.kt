package dev.soma.conformance

import dev.soma.nn.Module
import dev.soma.conformance.GoldenCase.Companion.jsonNumber
import dev.soma.optim.OptimizerFactory
import dev.soma.optim.ParamGroup
import dev.soma.optim.lr.LRScheduler
import dev.soma.optim.lr.ReduceLROnPlateau
import dev.soma.optim.lr.SchedulerFactory
import dev.soma.tensor.Tensor
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.double
import kotlinx.serialization.json.doubleOrNull

/** A case that cannot run yet (no adapter for its op or kind): reported as skipped, never as passed. */
class CaseSkipped(message: String) : RuntimeException(message)

/**
 * Runs one golden case against Soma through the adapters: returns normally when it passes, throws
 * [CaseSkipped] when its op has no adapter, and throws an AssertionError naming the case and the first
 * difference otherwise.
 */
class GoldenRunner(private val registry: AdapterRegistry = AdapterRegistry.standard()) {

    fun run(case: GoldenCase) {
        when (case.kind) {
            "function", "loss" -> runFunction(case)
            "module" -> runModule(case)
            "optimizer" -> runOptimizer(case)
            "scheduler" -> runScheduler(case)
            "error" -> runError(case)
            else -> throw CaseSkipped("${case.name}: kind '${case.kind}' has no runner")
        }
    }

    private fun runFunction(case: GoldenCase) {
        val adapter = registry.functions[case.op] ?: throw CaseSkipped("no adapter for function '${case.op}'")
        val inputs = case.tensors("inputs")
        val grads = case.tensors("grads")
        markRequiringGrad(case, inputs, grads.keys)
        val attrs = case.attrs()
        val out = adapter(attrs, Inputs(inputs))
        requireAllRead(case, "attrs", attrs)
        compareOutputs(case, out)
        if (backward(case, out, grads.isNotEmpty())) compareGrads(case, inputs, grads)
    }

    private fun runModule(case: GoldenCase) {
        val adapter = registry.modules[case.op] ?: throw CaseSkipped("no adapter for module '${case.op}'")
        val attrs = case.attrs()
        val module = adapter.build(attrs)
        requireAllRead(case, "attrs", attrs)
        val state = LinkedHashMap<String, Tensor>().apply { putAll(case.tensors("params")); putAll(case.tensors("buffers")) }
        module.loadStateDict(state, true)
        module.train(mode(case))
        val inputs = case.tensors("inputs")
        val grads = case.tensors("grads")
        val paramGrads = case.tensors("param_grads")
        markRequiringGrad(case, inputs, grads.keys)
        val forwardAttrs = case.forwardAttrs()
        val out = adapter.forward(module, Inputs(inputs), forwardAttrs)
        requireAllRead(case, "forward_attrs", forwardAttrs)
        compareOutputs(case, out)
        val buffers = module.namedBuffers()
        for ((key, expected) in case.tensors("buffers_after")) Checker.check(case.name, "buffer $key after forward", buffers[key], expected, case.tolerance())
        if (backward(case, out, grads.isNotEmpty() || paramGrads.isNotEmpty())) {
            compareGrads(case, inputs, grads)
            val params = module.namedParameters()
            for ((key, expected) in paramGrads) {
                val p = params[key] ?: throw AssertionError("${case.name}: module has no parameter '$key' (has ${params.keys})")
                Checker.check(case.name, "grad of parameter $key", p.grad(), expected, case.tolerance())
            }
        }
    }

    private fun runOptimizer(case: GoldenCase) {
        val adapter = registry.optimizers[case.op] ?: throw CaseSkipped("no adapter for optimizer '${case.op}'")
        val params = case.tensors("params")
        for (p in params.values) p.requiresGrad(true)
        val groups = case.list("groups").map { g ->
            val o = g as? JsonObject ?: throw GoldenFormatException("${case.name}: a group is not an object")
            val names = o["params"] as? JsonArray ?: throw GoldenFormatException("${case.name}: a group without 'params'")
            val group = ParamGroup(names.map { n ->
                val key = (n as JsonPrimitive).content
                params[key] ?: throw GoldenFormatException("${case.name}: group names unknown parameter '$key'")
            })
            for ((k, v) in o) if (k != "params") group.set(k, Attrs.option(k, v))
            group
        }.ifEmpty { listOf(ParamGroup(params.values.toList())) }
        val attrs = case.attrs()
        val optimizer = adapter(groups, attrs)
        requireAllRead(case, "attrs", attrs)
        val gradSteps = case.list("grad_steps")
        val expectedSteps = case.list("expected_steps")
        if (gradSteps.size != expectedSteps.size) throw GoldenFormatException("${case.name}: ${gradSteps.size} grad steps but ${expectedSteps.size} expected steps")
        for (t in gradSteps.indices) {
            val g = GoldenCase.namedTensors(gradSteps[t], "${case.name}.grad_steps[$t]")
            for ((name, p) in params) p.setGrad(g[name])
            optimizer.step()
            for ((name, expected) in GoldenCase.namedTensors(expectedSteps[t], "${case.name}.expected_steps[$t]"))
                Checker.check(case.name, "$name after step ${t + 1}", params[name], expected, case.tolerance())
        }
    }

    /**
     * `optimizer = SGD([p], **optimizer_attrs)`, `scheduler = op(optimizer, **attrs)`; then per step
     * `optimizer.step(); scheduler.step()` (with the metric for ReduceLROnPlateau), comparing lr and momentum.
     */
    private fun runScheduler(case: GoldenCase) {
        if (case.op !in SchedulerFactory.names()) throw CaseSkipped("no scheduler '${case.op}'")
        val p = Tensor.zeros(1).requiresGrad(true)
        val optimizer = OptimizerFactory.create("SGD", listOf(ParamGroup(listOf(p))), Attrs.of(case.json["optimizer_attrs"]).options())
        val attrs = case.json["attrs"]?.let { plain(it) } ?: emptyMap<String, Any>()
        @Suppress("UNCHECKED_CAST")
        val scheduler = SchedulerFactory.create(case.op, optimizer, attrs as Map<String, Any>)
        val group = optimizer.paramGroups()[0]
        val lrs = case.list("expected_lr").map { it.jsonNumber().double }
        val momenta = case.list("expected_momentum").map { it.jsonNumber().double }
        val metrics = case.list("metrics").map { it.jsonNumber().double }
        val steps = lrs.size - 1
        val tol = case.tolerance()
        fun check(i: Int) {
            Checker.checkNumber(case.name, "lr after step $i", group.lr(), lrs[i], tol)
            if (momenta.isNotEmpty()) Checker.checkNumber(case.name, "momentum after step $i", group.getDouble("momentum"), momenta[i], tol)
        }
        check(0)
        for (i in 1..steps) {
            optimizer.step()
            when (scheduler) {
                is ReduceLROnPlateau -> scheduler.step(metrics.getOrNull(i - 1)
                    ?: throw GoldenFormatException("${case.name}: no metric for step $i"))
                is LRScheduler -> scheduler.step()
            }
            check(i)
        }
    }

    /** A JSON value as plain Java values (maps, lists, Double, Boolean, String) for factories that take keyword maps. */
    private fun plain(e: JsonElement): Any? = when (e) {
        is JsonObject -> LinkedHashMap<String, Any?>().apply { for ((k, v) in e) put(k, plain(v)) }
        is JsonArray -> e.map { plain(it) }
        is JsonNull -> null
        is JsonPrimitive -> if (e.isString) e.content else e.booleanOrNull ?: e.doubleOrNull
    }

    private fun runError(case: GoldenCase) {
        val call: () -> Unit = when (val k = case.string("kind_of_call")) {
            "function" -> {
                val adapter = registry.functions[case.op] ?: throw CaseSkipped("no adapter for function '${case.op}'")
                val inputs = Inputs(case.tensors("inputs"))
                val attrs = case.attrs()
                fun() { adapter(attrs, inputs) }
            }
            "module" -> {
                val adapter = registry.modules[case.op] ?: throw CaseSkipped("no adapter for module '${case.op}'")
                val inputs = Inputs(case.tensors("inputs"))
                val attrs = case.attrs()
                val forwardAttrs = case.forwardAttrs()
                fun() { adapter.forward(adapter.build(attrs).train(mode(case)), inputs, forwardAttrs) }
            }
            else -> throw GoldenFormatException("${case.name}: unknown kind_of_call '$k'")
        }
        val pytorch = case.string("pytorch_error", "?")
        val thrown = try { call(); null } catch (t: Throwable) { t }
        if (thrown == null) throw AssertionError("${case.name}: no exception, expected an error like PyTorch's \"$pytorch\"")
        if (thrown is GoldenFormatException || thrown is CaseSkipped) throw thrown
        if (!isDeliberate(thrown))
            throw AssertionError("${case.name}: threw ${thrown.javaClass.name} (${thrown.message}), not a deliberate error; "
                    + "PyTorch raises \"$pytorch\"", thrown)
    }

    private fun mode(case: GoldenCase): Boolean = when (val m = case.string("mode", "train")) {
        "train" -> true
        "eval" -> false
        else -> throw GoldenFormatException("${case.name}: unknown mode '$m'")
    }

    private fun markRequiringGrad(case: GoldenCase, inputs: Map<String, Tensor>, names: Set<String>) {
        for (n in names) (inputs[n] ?: throw GoldenFormatException("${case.name}: grads name input '$n', which is absent")).requiresGrad(true)
    }

    private fun requireAllRead(case: GoldenCase, field: String, attrs: Attrs) {
        val unread = attrs.unread()
        if (unread.isNotEmpty()) throw AssertionError("${case.name}: the adapter ignored $field $unread")
    }

    private fun compareOutputs(case: GoldenCase, out: Map<String, Tensor>) {
        val expected = case.tensors("outputs")
        val extra = out.keys - expected.keys
        if (extra.isNotEmpty()) throw AssertionError("${case.name}: unexpected outputs $extra (expected ${expected.keys})")
        for ((name, e) in expected) Checker.check(case.name, name, out[name], e, case.tolerance())
    }

    /** Back-propagates L = Σ_k sum(output_k ⊙ upstream_k) when the case checks gradients; returns whether it did. */
    private fun backward(case: GoldenCase, out: Map<String, Tensor>, checksGrads: Boolean): Boolean {
        val upstream = case.tensors("upstream")
        if (upstream.isEmpty() || !checksGrads) return false
        var loss: Tensor? = null
        for ((name, u) in upstream) {
            val o = out[name] ?: throw AssertionError("${case.name}: upstream names output '$name', which the op did not return")
            val term = o.mul(u).sum()
            loss = loss?.add(term) ?: term
        }
        loss!!.backward()
        return true
    }

    private fun compareGrads(case: GoldenCase, inputs: Map<String, Tensor>, grads: Map<String, Tensor>) {
        for ((name, expected) in grads) Checker.check(case.name, "grad of $name", inputs.getValue(name).grad(), expected, case.tolerance())
    }

    companion object {
        /**
         * Whether [t] is one of the framework's deliberate errors: IllegalArgumentException (not a
         * NumberFormatException), IllegalStateException, or exactly IndexOutOfBoundsException (not its
         * array or string subclasses, which signal an incidental bug).
         */
        fun isDeliberate(t: Throwable): Boolean =
            (t is IllegalArgumentException && t !is NumberFormatException) || t is IllegalStateException ||
                t.javaClass == IndexOutOfBoundsException::class.java
    }
}
