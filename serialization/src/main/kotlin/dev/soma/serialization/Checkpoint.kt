package dev.soma.serialization

import dev.soma.nn.Module
import dev.soma.optim.Optimizer
import dev.soma.optim.OptimizerState
import dev.soma.optim.lr.Scheduler
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import dev.soma.train.History
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import java.nio.file.Path

/**
 * A training checkpoint as one safetensors file: model weights (`model.` + state-dict key) and optimizer
 * buffers (`optimizer.<param index>.<name>`) as tensors; optimizer options and counters, scheduler state,
 * epoch and step, every generator's state and the history so far as JSON in the metadata. Restoring all of it
 * and training on gives bit for bit the weights of a run that was never interrupted.
 */
object Checkpoint {
    const val FORMAT = "soma-checkpoint"
    private const val VERSION = 1

    /** What a checkpoint restores besides the objects passed to [load]. */
    class Info(val epoch: Int, val step: Long, val history: History?)

    /**
     * Saves [model] (and [optimizer], [scheduler], [history] when given) at [epoch]/[step], with the state of the
     * default generator and of each named generator in [generators]. Atomic.
     */
    @JvmStatic
    @JvmOverloads
    fun save(path: Path, model: Module, optimizer: Optimizer? = null, scheduler: Scheduler? = null, epoch: Int = 0,
             step: Long = 0, history: History? = null, generators: Map<String, Generator> = emptyMap()) {
        val tensors = LinkedHashMap<String, Tensor>()
        for ((k, v) in model.stateDict()) tensors["model.$k"] = v
        val meta = LinkedHashMap<String, String>()
        meta["soma.format"] = FormatVersion(FORMAT, VERSION).toJson()
        meta["soma.architecture"] = ConfigJson.toJson(model.config())
        meta["epoch"] = epoch.toString()
        meta["step"] = step.toString()
        if (optimizer != null) {
            val sd = optimizer.stateDict()
            val scalars = LinkedHashMap<String, JsonElement>()
            for ((index, state) in sd.state()) {
                val numbers = LinkedHashMap<String, JsonElement>()
                for ((k, v) in state) when (v) {
                    is Tensor -> tensors["optimizer.$index.$k"] = v
                    else -> numbers[k] = json(v)
                }
                scalars[index.toString()] = JsonObject(numbers)
            }
            meta["optimizer"] = JsonObject(mapOf(
                "type" to JsonPrimitive(optimizer.javaClass.simpleName),
                "param_groups" to JsonArray(sd.paramGroups().map { json(it) }),
                "state" to JsonObject(scalars),
            )).toString()
        }
        if (scheduler != null) meta["scheduler"] = JsonObject(mapOf(
            "type" to JsonPrimitive(scheduler.javaClass.simpleName), "state" to json(scheduler.stateDict()))).toString()
        val rng = LinkedHashMap<String, JsonElement>()
        rng["default"] = json(Generator.defaultGenerator().state)
        for ((name, g) in generators) rng[name] = json(g.state)
        meta["rng"] = JsonObject(rng).toString()
        if (history != null) meta["history"] = JsonObject(history.metricNames().associateWith { n ->
            JsonArray(history.values(n).map { if (it.isNaN()) JsonNull else JsonPrimitive(it) })
        }).toString()
        SafeTensors.write(path, tensors, meta)
    }

    /**
     * Restores a checkpoint into [model] and, when given, [optimizer] (same type and groups), [scheduler] (same
     * type) and the named [generators]; the default generator is always restored. Returns epoch, step and history.
     */
    @JvmStatic
    @JvmOverloads
    fun load(path: Path, model: Module, optimizer: Optimizer? = null, scheduler: Scheduler? = null,
             generators: Map<String, Generator> = emptyMap()): Info {
        val contents = SafeTensors.readWithMetadata(path)
        val meta = contents.metadata
        fun fail(problem: String, cause: Throwable? = null): Nothing = throw ModelFormatException(path, problem, cause)
        val format = meta["soma.format"]?.let { runCatching { FormatVersion.fromJson(it) }.getOrNull() }
        if (format == null || format.format != FORMAT || format.version > VERSION) fail("not a Soma checkpoint (format stamp ${meta["soma.format"]})")
        try {
            val weights = contents.tensors.filterKeys { it.startsWith("model.") }.mapKeys { it.key.removePrefix("model.") }
            model.loadStateDict(weights, true)
            if (optimizer != null) {
                val o = parse(meta["optimizer"] ?: fail("no optimizer state in the checkpoint")) as JsonObject
                val type = (o["type"] as JsonPrimitive).content
                if (type != optimizer.javaClass.simpleName) fail("checkpoint holds $type state, not ${optimizer.javaClass.simpleName}")
                val state = LinkedHashMap<Int, MutableMap<String, Any?>>()
                for ((index, numbers) in o["state"] as JsonObject)
                    state[index.toInt()] = LinkedHashMap((numbers as JsonObject).mapValues { plain(it.value) })
                for ((name, t) in contents.tensors) if (name.startsWith("optimizer.")) {
                    val rest = name.removePrefix("optimizer.")
                    val index = rest.substringBefore('.').toIntOrNull() ?: fail("bad optimizer tensor name '$name'")
                    state.getOrPut(index) { LinkedHashMap() }[rest.substringAfter('.')] = t
                }
                @Suppress("UNCHECKED_CAST")
                val groups = (o["param_groups"] as JsonArray).map { g ->
                    (plain(g) as Map<String, Any?>).mapValues { (k, v) -> if (k == "params") ints(v) else v }
                }
                @Suppress("UNCHECKED_CAST")
                optimizer.loadStateDict(OptimizerState(state as Map<Int, Map<String, Any>>, groups as List<Map<String, Any>>))
            }
            if (scheduler != null) {
                val s = parse(meta["scheduler"] ?: fail("no scheduler state in the checkpoint")) as JsonObject
                val type = (s["type"] as JsonPrimitive).content
                if (type != scheduler.javaClass.simpleName) fail("checkpoint holds $type state, not ${scheduler.javaClass.simpleName}")
                @Suppress("UNCHECKED_CAST")
                scheduler.loadStateDict(plain(s["state"]!!) as Map<String, Any>)
            }
            val rng = parse(meta["rng"] ?: fail("no generator states in the checkpoint")) as JsonObject
            Generator.defaultGenerator().state = longs(rng["default"] ?: fail("no default generator state"))
            for ((name, g) in generators) g.state = longs(rng[name] ?: fail("no state for generator '$name' (has ${rng.keys})"))
            val history = meta["history"]?.let { h ->
                val columns = parse(h) as JsonObject
                val epochs = columns.values.maxOfOrNull { (it as JsonArray).size } ?: 0
                History().apply {
                    for (e in 0 until epochs) addEpoch(columns.mapValues { (_, v) ->
                        ((v as JsonArray).getOrNull(e) as? JsonPrimitive)?.content?.toDoubleOrNull() ?: Double.NaN
                    })
                }
            }
            return Info(meta["epoch"]?.toIntOrNull() ?: fail("bad epoch"), meta["step"]?.toLongOrNull() ?: fail("bad step"), history)
        } catch (e: ModelFormatException) {
            throw e
        } catch (e: RuntimeException) {
            fail("cannot restore: ${e.message}", e)
        }
    }

    private fun parse(text: String): JsonElement = Json.parseToJsonElement(text)

    private fun json(v: Any?): JsonElement = when (v) {
        null -> JsonNull
        is Boolean -> JsonPrimitive(v)
        is Int, is Long -> JsonPrimitive(v as Number)
        is Number -> v.toDouble().let { d -> if (d.isFinite()) JsonPrimitive(d) else JsonObject(mapOf("double" to JsonPrimitive(d.toString()))) }
        is String -> JsonPrimitive(v)
        is DoubleArray -> JsonArray(v.map { JsonPrimitive(it) })
        is IntArray -> JsonObject(mapOf("ints" to JsonArray(v.map { JsonPrimitive(it) })))
        is LongArray -> JsonObject(mapOf("longs" to JsonArray(v.map { JsonPrimitive(it.toString()) })))
        is Map<*, *> -> JsonObject(v.entries.associate { (k, x) -> k.toString() to json(x) })
        else -> throw IllegalArgumentException("cannot store a ${v.javaClass.simpleName} in a checkpoint")
    }

    /** The inverse of [json]: integers as Int (or Long), decimals as Double, number lists as DoubleArray. */
    private fun plain(e: JsonElement): Any? = when (e) {
        is JsonNull -> null
        is JsonPrimitive -> when {
            e.isString -> e.content
            e.booleanOrNull != null -> e.booleanOrNull
            e.content.all { it.isDigit() || it == '-' } -> e.content.toLong().let { if (it in Int.MIN_VALUE..Int.MAX_VALUE) it.toInt() else it }
            else -> e.content.toDouble()
        }
        is JsonArray -> DoubleArray(e.size) { (e[it] as JsonPrimitive).content.toDouble() }
        is JsonObject -> when {
            e.keys == setOf("double") -> (e["double"] as JsonPrimitive).content.toDouble()
            e.keys == setOf("ints") -> ints(e)
            e.keys == setOf("longs") -> longs(e)
            else -> LinkedHashMap<String, Any?>().apply { for ((k, v) in e) put(k, plain(v)) }
        }
    }

    private fun ints(v: Any?): IntArray = when (v) {
        is IntArray -> v
        is JsonObject -> (v["ints"] as JsonArray).map { (it as JsonPrimitive).content.toInt() }.toIntArray()
        else -> throw IllegalArgumentException("expected a list of parameter indices, got $v")
    }

    private fun longs(e: Any?): LongArray = when (e) {
        is JsonObject -> (e["longs"] as JsonArray).map { (it as JsonPrimitive).content.toLong() }.toLongArray()
        else -> throw IllegalArgumentException("expected a generator state, got $e")
    }
}

/** Saves a checkpoint; see [Checkpoint.save]. */
fun saveCheckpoint(path: Path, model: Module, optimizer: Optimizer? = null, scheduler: Scheduler? = null, epoch: Int = 0,
                   step: Long = 0, history: History? = null, generators: Map<String, Generator> = emptyMap()) =
    Checkpoint.save(path, model, optimizer, scheduler, epoch, step, history, generators)

/** Restores a checkpoint; see [Checkpoint.load]. */
fun loadCheckpoint(path: Path, model: Module, optimizer: Optimizer? = null, scheduler: Scheduler? = null,
                   generators: Map<String, Generator> = emptyMap()): Checkpoint.Info =
    Checkpoint.load(path, model, optimizer, scheduler, generators)
