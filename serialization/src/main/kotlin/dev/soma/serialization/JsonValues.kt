package dev.soma.serialization

import dev.soma.nn.Config
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull

/**
 * The one JSON encoding of the values in layer configs and checkpoints, chosen so that a value reads back as the
 * same Java type and stays readable where it is common, and so that every file is strict JSON:
 *
 * | value | JSON |
 * | --- | --- |
 * | null (PyTorch's None), Boolean, String | `null`, `true`, `"same"` |
 * | Int | `3` |
 * | Long | `{"long": "3"}` (a string: exact in any JSON reader, JavaScript's included) |
 * | Double | `0.5`, `1.0E-5` (always with a point or exponent); NaN and ±Infinity as `{"double": "NaN"}`, `"Infinity"`, `"-Infinity"` |
 * | int[] | `[1, 2]`; empty: `{"ints": []}` |
 * | double[] | `[0.9, 0.999]` (non-finite elements tagged as above); empty: `{"doubles": []}` |
 * | long[] | `{"longs": ["1", "-2"]}` |
 * | Config | `{"type": "Linear", "fields": {…}}` |
 * | List (a container's children) | `[…]`; empty: `[]` |
 * | Map (checkpoint states) | `{"key": …}` |
 *
 * Reading also accepts what earlier versions wrote: longs as plain integers (read as Int when they fit), every
 * int[] as `{"ints": […]}`, and the bare `NaN`/`Infinity` tokens configs used to contain.
 */
internal object JsonValues {
    /** What a JSON object that is not a tagged value stands for where it is read. */
    enum class Objects { CONFIGS, MAPS }

    /** The JSON of [v]; a type the table does not list raises IllegalArgumentException naming [where]. */
    fun encode(v: Any?, where: String): JsonElement = when (v) {
        null -> JsonNull
        is Boolean -> JsonPrimitive(v)
        is String -> JsonPrimitive(v)
        is Int, is Short, is Byte -> JsonPrimitive((v as Number).toInt())
        is Long -> tagged(JsonKeys.TAG_LONG, JsonPrimitive(v.toString()))
        is Double, is Float -> double((v as Number).toDouble())
        is IntArray -> if (v.isEmpty()) tagged(JsonKeys.TAG_INTS, JsonArray(emptyList())) else JsonArray(v.map { JsonPrimitive(it) })
        is DoubleArray -> if (v.isEmpty()) tagged(JsonKeys.TAG_DOUBLES, JsonArray(emptyList())) else JsonArray(v.map { double(it) })
        is LongArray -> tagged(JsonKeys.TAG_LONGS, JsonArray(v.map { JsonPrimitive(it.toString()) }))
        is Config -> JsonObject(mapOf(
            JsonKeys.CONFIG_TYPE to JsonPrimitive(v.type()),
            JsonKeys.CONFIG_FIELDS to JsonObject(v.fields().mapValues { (k, x) -> encode(x, "$where.${v.type()}.$k") }),
        ))
        is List<*> -> JsonArray(v.mapIndexed { i, x -> encode(x, "$where[$i]") })
        is Map<*, *> -> {
            val keys = v.keys.map { it.toString() }
            require(keys.size != 1 || keys[0] !in JsonKeys.TAGS) { "$where: a map with the single key '${keys[0]}' would read back as a tagged value" }
            JsonObject(v.entries.associate { (k, x) -> k.toString() to encode(x, "$where.$k") })
        }
        else -> throw IllegalArgumentException("$where: a ${v.javaClass.simpleName} cannot be written as JSON")
    }

    private fun double(d: Double): JsonElement = if (d.isFinite()) JsonPrimitive(d) else tagged(JsonKeys.TAG_DOUBLE, JsonPrimitive(d.toString()))

    private fun tagged(tag: String, value: JsonElement) = JsonObject(mapOf(tag to value))

    /**
     * The value [e] encodes; objects that are not tagged values are layer configs or maps as [objects] says. Anything
     * else raises IllegalArgumentException naming [where] and what came.
     */
    fun decode(e: JsonElement, where: String, objects: Objects): Any? = when (e) {
        is JsonNull -> null
        is JsonPrimitive -> when {
            e.isString -> e.content
            e.booleanOrNull != null -> e.booleanOrNull
            isInteger(e.content) -> e.content.toLongOrNull()?.let { if (it in Int.MIN_VALUE..Int.MAX_VALUE) it.toInt() else it }
                ?: throw IllegalArgumentException("$where: integer ${e.content} is out of range")
            else -> number(e.content, where)
        }
        is JsonObject -> tag(e)?.let { untag(it, e.getValue(it), where) } ?: when (objects) {
            Objects.CONFIGS -> config(e, where)
            Objects.MAPS -> LinkedHashMap<String, Any?>().apply { for ((k, v) in e) put(k, decode(v, "$where.$k", objects)) }
        }
        is JsonArray -> array(e, where, objects)
    }

    /** The layer config [e] encodes. */
    fun config(e: JsonElement, where: String): Config {
        val o = e as? JsonObject ?: throw IllegalArgumentException("$where: expected a layer config object, got $e")
        val type = (o[JsonKeys.CONFIG_TYPE] as? JsonPrimitive)?.takeIf { it.isString }?.content
            ?: throw IllegalArgumentException("$where: a layer config needs a string '${JsonKeys.CONFIG_TYPE}'")
        val fields = o[JsonKeys.CONFIG_FIELDS] as? JsonObject
            ?: throw IllegalArgumentException("$where ($type): a layer config needs a '${JsonKeys.CONFIG_FIELDS}' object")
        val c = Config.of(type)
        for ((k, v) in fields) put(c, k, decode(v, "$where.$type.$k", Objects.CONFIGS), "$where.$type.$k")
        return c
    }

    private fun put(c: Config, key: String, v: Any?, where: String) {
        when (v) {
            null -> c.put(key, null as String?)
            is Boolean -> c.put(key, v)
            is String -> c.put(key, v)
            is Int -> c.put(key, v)
            is Long -> c.put(key, v)
            is Double -> c.put(key, v)
            is IntArray -> c.put(key, v)
            is DoubleArray -> c.put(key, v)
            is Config -> c.put(key, v)
            is List<*> -> c.put(key, v.map { it as? Config ?: throw IllegalArgumentException("$where: a list must hold only numbers or only layer configs, got $v") })
            else -> throw IllegalArgumentException("$where: a config field cannot hold a ${v.javaClass.simpleName}")
        }
    }

    private fun tag(o: JsonObject): String? = o.keys.singleOrNull()?.takeIf { it in JsonKeys.TAGS }

    private fun untag(tag: String, v: JsonElement, where: String): Any = when (tag) {
        JsonKeys.TAG_LONG -> long(v, where)
        JsonKeys.TAG_DOUBLE -> number((v as? JsonPrimitive)?.content ?: bad(where, "a number as a string", v), where)
        JsonKeys.TAG_INTS -> elements(v, where).let { a -> IntArray(a.size) { i ->
            (a[i] as? JsonPrimitive)?.takeIf { !it.isString }?.content?.toIntOrNull() ?: bad("$where[$i]", "an int", a[i]) } }
        JsonKeys.TAG_LONGS -> elements(v, where).let { a -> LongArray(a.size) { i -> long(a[i], "$where[$i]") } }
        JsonKeys.TAG_DOUBLES -> elements(v, where).let { a -> DoubleArray(a.size) { i -> doubleElement(a[i], "$where[$i]") } }
        else -> throw IllegalStateException("tag $tag has no reader")
    }

    private fun array(a: JsonArray, where: String, objects: Objects): Any {
        if (a.isEmpty()) return emptyList<Any?>()
        if (a.all { it is JsonPrimitive && !it.isString && isInteger(it.content) })
            return IntArray(a.size) { i -> (a[i] as JsonPrimitive).content.toIntOrNull() ?: bad("$where[$i]", "an int", a[i]) }
        if (a.all { isDoubleElement(it) }) return DoubleArray(a.size) { i -> doubleElement(a[i], "$where[$i]") }
        val list = a.mapIndexed { i, x -> decode(x, "$where[$i]", objects) }
        if (objects == Objects.CONFIGS && !list.all { it is Config })
            throw IllegalArgumentException("$where: a list must hold only numbers or only layer configs, got $a")
        return list
    }

    private fun isDoubleElement(e: JsonElement) = (e is JsonPrimitive && !e.isString && e.booleanOrNull == null && e !is JsonNull) ||
        (e is JsonObject && tag(e) == JsonKeys.TAG_DOUBLE)

    private fun doubleElement(e: JsonElement, where: String): Double = when {
        e is JsonObject && tag(e) == JsonKeys.TAG_DOUBLE -> untag(JsonKeys.TAG_DOUBLE, e.getValue(JsonKeys.TAG_DOUBLE), where) as Double
        e is JsonPrimitive && !e.isString && e !is JsonNull -> number(e.content, where)
        else -> bad(where, "a number", e)
    }

    private fun elements(v: JsonElement, where: String): JsonArray = v as? JsonArray ?: bad(where, "a list", v)

    private fun long(v: JsonElement, where: String): Long = (v as? JsonPrimitive)?.takeIf { it !is JsonNull }?.content?.toLongOrNull()
        ?: bad(where, "an int64 (as a decimal string)", v)

    private fun number(s: String, where: String): Double = s.toDoubleOrNull() ?: throw IllegalArgumentException("$where: bad number $s")

    private fun isInteger(s: String) = s.isNotEmpty() && s.all { it.isDigit() || it == '-' }

    private fun bad(where: String, expected: String, got: JsonElement): Nothing =
        throw IllegalArgumentException("$where: expected $expected, got $got")
}
