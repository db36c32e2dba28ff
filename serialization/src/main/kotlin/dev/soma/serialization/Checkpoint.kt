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
import java.nio.file.Path

/**
 * A training checkpoint as one safetensors file: model weights (`model.` + state-dict key) and optimizer
 * buffers (`optimizer.<param index>.<name>`) as tensors; optimizer options and counters, scheduler state,
 * epoch and step, every generator's state and the history so far as JSON in the metadata (values encoded by
 * [JsonValues], the codec layer configs use, under the keys of [JsonKeys]). Restoring all of it and training on gives
 * bit for bit the weights of a run that was never interrupted.
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
        for ((k, v) in model.stateDict()) tensors[JsonKeys.MODEL_TENSORS + k] = v
        val meta = LinkedHashMap<String, String>()
        meta[JsonKeys.FORMAT] = FormatVersion(FORMAT, VERSION).toJson()
        meta[JsonKeys.ARCHITECTURE] = ConfigJson.toJson(model.config())
        meta[JsonKeys.EPOCH] = epoch.toString()
        meta[JsonKeys.STEP] = step.toString()
        if (optimizer != null) {
            val sd = optimizer.stateDict()
            val scalars = LinkedHashMap<String, Map<String, Any?>>()
            for ((index, state) in sd.state()) {
                val numbers = LinkedHashMap<String, Any?>()
                for ((k, v) in state) if (v is Tensor) tensors["${JsonKeys.OPTIMIZER_TENSORS}$index.$k"] = v else numbers[k] = v
                scalars[index.toString()] = numbers
            }
            meta[JsonKeys.OPTIMIZER] = json(mapOf(JsonKeys.TYPE to optimizer.javaClass.simpleName,
                JsonKeys.PARAM_GROUPS to sd.paramGroups(), JsonKeys.STATE to scalars), JsonKeys.OPTIMIZER)
        }
        if (scheduler != null) meta[JsonKeys.SCHEDULER] = json(mapOf(JsonKeys.TYPE to scheduler.javaClass.simpleName,
            JsonKeys.STATE to scheduler.stateDict()), JsonKeys.SCHEDULER)
        val rng = LinkedHashMap<String, Any?>()
        rng[JsonKeys.DEFAULT_GENERATOR] = Generator.defaultGenerator().state
        for ((name, g) in generators) rng[name] = g.state
        meta[JsonKeys.RNG] = json(rng, JsonKeys.RNG)
        if (history != null) meta[JsonKeys.HISTORY] = json(history.metricNames().associateWith { history.values(it) }, JsonKeys.HISTORY)
        SafeTensors.write(path, tensors, meta)
    }

    private fun json(v: Any?, where: String) = JsonValues.encode(v, where).toString()

    /**
     * Restores a checkpoint into [model] and, when given, [optimizer] (same type and groups), [scheduler] (same
     * type) and the named [generators]; the default generator is always restored. Returns epoch, step and history.
     *
     * All or nothing: the whole file is read and checked against every target first, and only then applied, so a
     * refused checkpoint ([ModelFormatException]: a defect in the file or a mismatch with the targets) leaves the
     * model, optimizer, scheduler and generators as they were. Any other exception is a bug and propagates as it is.
     */
    @JvmStatic
    @JvmOverloads
    fun load(path: Path, model: Module, optimizer: Optimizer? = null, scheduler: Scheduler? = null,
             generators: Map<String, Generator> = emptyMap()): Info {
        val contents = SafeTensors.readWithMetadata(path)
        val restore = Restore(path, contents.metadata)
        val format = contents.metadata[JsonKeys.FORMAT]?.let { stamp ->
            try { FormatVersion.fromJson(stamp) } catch (e: IllegalArgumentException) { null }
        }
        if (format == null || format.format != FORMAT || format.version > VERSION)
            restore.fail("not a Soma checkpoint (format stamp ${contents.metadata[JsonKeys.FORMAT]})")

        // 1. Read and check everything; nothing is changed yet.
        val weights = contents.tensors.filterKeys { it.startsWith(JsonKeys.MODEL_TENSORS) }.mapKeys { it.key.removePrefix(JsonKeys.MODEL_TENSORS) }
        restore.fits("the model") { model.checkStateDict(weights, true) }
        val optimizerState = optimizer?.let { restore.optimizerState(it, contents.tensors) }
        val schedulerState = scheduler?.let { restore.schedulerState(it) }
        val rng = restore.obj(JsonKeys.RNG)
        val defaultState = restore.generatorState(rng, JsonKeys.DEFAULT_GENERATOR, Generator.defaultGenerator())
        val generatorStates = generators.mapValues { (name, g) -> restore.generatorState(rng, name, g) }
        val history = restore.history()
        val epoch = contents.metadata[JsonKeys.EPOCH]?.toIntOrNull() ?: restore.fail("bad epoch '${contents.metadata[JsonKeys.EPOCH]}'")
        val step = contents.metadata[JsonKeys.STEP]?.toLongOrNull() ?: restore.fail("bad step '${contents.metadata[JsonKeys.STEP]}'")

        // 2. Apply: every check has passed, so what these throw is a bug, not the file's fault.
        model.loadStateDict(weights, true)
        if (optimizer != null) optimizer.loadStateDict(optimizerState!!)
        if (scheduler != null) scheduler.loadStateDict(schedulerState!!)
        Generator.defaultGenerator().state = defaultState
        for ((name, g) in generators) g.state = generatorStates.getValue(name)
        return Info(epoch, step, history)
    }

    /** Reads a checkpoint's metadata into the values each target takes, raising ModelFormatException for any defect. */
    private class Restore(val path: Path, val meta: Map<String, String>) {
        fun fail(problem: String, cause: Throwable? = null): Nothing = throw ModelFormatException(path, problem, cause)

        /** Runs a target's own check; its IllegalArgumentException means the checkpoint does not fit that target. */
        fun <T> fits(what: String, check: () -> T): T = try { check() } catch (e: IllegalArgumentException) {
            fail("does not fit $what: ${e.message}", e)
        }

        fun obj(key: String): JsonObject {
            val text = meta[key] ?: fail("no '$key' in the checkpoint")
            val e = try { Json.parseToJsonElement(text) } catch (x: IllegalArgumentException) {
                fail("'$key' is not valid JSON: ${x.message?.lineSequence()?.first()}", x)
            }
            return e as? JsonObject ?: fail("'$key' must be a JSON object, got ${text.take(80)}")
        }

        fun value(e: JsonElement?, where: String): Any? =
            try { JsonValues.decode(e ?: fail("no $where"), where, JsonValues.Objects.MAPS) } catch (x: IllegalArgumentException) {
                fail("bad $where: ${x.message}", x)
            }

        fun typeOf(o: JsonObject, key: String, target: Any) {
            val type = (o[JsonKeys.TYPE] as? JsonPrimitive)?.takeIf { it.isString }?.content ?: fail("'$key' has no string '${JsonKeys.TYPE}'")
            if (type != target.javaClass.simpleName) fail("checkpoint holds $type state, not ${target.javaClass.simpleName}")
        }

        fun optimizerState(optimizer: Optimizer, tensors: Map<String, Tensor>): OptimizerState {
            val o = obj(JsonKeys.OPTIMIZER)
            typeOf(o, JsonKeys.OPTIMIZER, optimizer)
            val groups = (o[JsonKeys.PARAM_GROUPS] as? JsonArray ?: fail("optimizer has no '${JsonKeys.PARAM_GROUPS}' list")).mapIndexed { i, g ->
                @Suppress("UNCHECKED_CAST")
                value(g, "optimizer parameter group $i") as? Map<String, Any> ?: fail("optimizer parameter group $i is not an object")
            }
            val state = LinkedHashMap<Int, MutableMap<String, Any>>()
            val scalars = o[JsonKeys.STATE] as? JsonObject ?: fail("optimizer has no '${JsonKeys.STATE}' object")
            for ((index, numbers) in scalars) {
                val i = index.toIntOrNull() ?: fail("optimizer state for '$index', which is not a parameter index")
                @Suppress("UNCHECKED_CAST")
                state[i] = value(numbers, "optimizer state $index") as? MutableMap<String, Any> ?: fail("optimizer state $index is not an object")
            }
            for ((name, t) in tensors) if (name.startsWith(JsonKeys.OPTIMIZER_TENSORS)) {
                val rest = name.removePrefix(JsonKeys.OPTIMIZER_TENSORS)
                val index = rest.substringBefore('.').toIntOrNull()
                if (index == null || '.' !in rest) fail("bad optimizer tensor name '$name' (expected ${JsonKeys.OPTIMIZER_TENSORS}<index>.<buffer>)")
                state.getOrPut(index) { LinkedHashMap() }[rest.substringAfter('.')] = t
            }
            val sd = OptimizerState(state.mapValues { it.value.toMap() }, groups)
            fits("the optimizer") { optimizer.checkStateDict(sd) }
            return sd
        }

        fun schedulerState(scheduler: Scheduler): Map<String, Any?> {
            val o = obj(JsonKeys.SCHEDULER)
            typeOf(o, JsonKeys.SCHEDULER, scheduler)
            @Suppress("UNCHECKED_CAST")
            val state = value(o[JsonKeys.STATE], "scheduler state") as? Map<String, Any?> ?: fail("scheduler state is not an object")
            sameShape(scheduler.stateDict(), state, "scheduler state")
            return state
        }

        /**
         * Schedulers have no check of their own: the state read must have the keys of the scheduler's current state,
         * each holding the same kind of value (a number, a list of the same length, a map of the same shape).
         */
        fun sameShape(mine: Any?, theirs: Any?, where: String) {
            val fits = when (mine) {
                null -> true
                is Number -> theirs is Number
                is DoubleArray -> theirs is DoubleArray && theirs.size == mine.size
                is IntArray -> theirs is IntArray && theirs.size == mine.size
                is LongArray -> theirs is LongArray && theirs.size == mine.size
                is Map<*, *> -> theirs is Map<*, *> && run {
                    for ((k, v) in mine) {
                        if (!theirs.containsKey(k)) fail("$where has no '$k' (has ${theirs.keys})")
                        sameShape(v, theirs[k], "$where.$k")
                    }
                    true
                }
                else -> theirs != null && theirs.javaClass == mine.javaClass
            }
            if (!fits) fail("$where holds ${show(theirs)} where the ${mine?.javaClass?.simpleName} ${show(mine)} belongs")
        }

        private fun show(v: Any?): String = when (v) {
            is DoubleArray -> v.contentToString()
            is IntArray -> v.contentToString()
            is LongArray -> v.contentToString()
            else -> v.toString()
        }

        fun generatorState(rng: JsonObject, name: String, g: Generator): LongArray {
            val state = value(rng[name] ?: fail("no state for generator '$name' (has ${rng.keys})"), "state of generator '$name'")
            val size = g.state.size
            if (state !is LongArray || state.size != size) fail("state of generator '$name' must be $size int64 values, got ${show(state)}")
            return state
        }

        fun history(): History? {
            if (JsonKeys.HISTORY !in meta) return null
            val columns = obj(JsonKeys.HISTORY).mapValues { (name, v) ->
                val a = v as? JsonArray ?: (value(v, "history '$name'") as? DoubleArray)?.let { return@mapValues it.toList() }
                    ?: fail("history '$name' is not a list of numbers")
                // Elements one by one: earlier versions wrote NaN as null.
                a.mapIndexed { i, x -> if (x is JsonNull) Double.NaN else (value(x, "history '$name'[$i]") as? Number)?.toDouble()
                    ?: fail("history '$name'[$i] is $x, not a number") }
            }
            val epochs = columns.values.maxOfOrNull { it.size } ?: 0
            return History().apply {
                for (e in 0 until epochs) addEpoch(columns.mapValues { (_, v) -> v.getOrNull(e) ?: Double.NaN })
            }
        }
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
