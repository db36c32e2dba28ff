package dev.soma.serialization

import dev.soma.nn.Config
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull

/**
 * A layer-config tree as readable JSON: `{"type": "Linear", "fields": {"in_features": 3, …}}`, nested configs
 * as such objects and children as lists of them. Integers stay integers and decimals keep their point, so a
 * config read back equals the one written; that includes PyTorch's None (`"momentum": null`) and the plain forms of
 * an [dev.soma.nn.IntsOrString] (`"padding": "same"`, `3` or `[1, 2]`). Checkpoints store their architecture
 * through this codec too.
 */
object ConfigJson {
    private val PRETTY = Json { prettyPrint = true }

    /** The config as a JSON tree. */
    @JvmStatic
    fun toJsonElement(c: Config): JsonObject = JsonObject(mapOf(
        "type" to JsonPrimitive(c.type()),
        "fields" to JsonObject(c.fields().mapValues { (_, v) -> value(v) }),
    ))

    /** The config as compact JSON text. */
    @JvmStatic
    fun toJson(c: Config): String = toJsonElement(c).toString()

    /** The config as indented JSON text, for reading and diffing. */
    @JvmStatic
    fun toPrettyJson(c: Config): String = PRETTY.encodeToString(JsonObject.serializer(), toJsonElement(c))

    private fun value(v: Any?): JsonElement = when (v) {
        null -> JsonNull
        is Config -> toJsonElement(v)
        is Boolean -> JsonPrimitive(v)
        is Int, is Long -> JsonPrimitive(v as Number)
        is Double -> JsonPrimitive(v)
        is String -> JsonPrimitive(v)
        is IntArray -> JsonArray(v.map { JsonPrimitive(it) })
        is DoubleArray -> JsonArray(v.map { JsonPrimitive(it) })
        is List<*> -> JsonArray(v.map { value(it) })
        else -> throw IllegalArgumentException("config value of type ${v.javaClass.simpleName} cannot be written as JSON")
    }

    /** Parses text written by [toJson]; anything else raises IllegalArgumentException saying where. */
    @JvmStatic
    fun fromJson(text: String): Config {
        val root = try { Json.parseToJsonElement(text) } catch (e: Exception) {
            throw IllegalArgumentException("layer config is not valid JSON: ${e.message?.lineSequence()?.first()}")
        }
        return config(root, "config")
    }

    private fun config(e: JsonElement, where: String): Config {
        val o = e as? JsonObject ?: throw IllegalArgumentException("$where: expected a layer config object, got $e")
        val type = (o["type"] as? JsonPrimitive)?.takeIf { it.isString }?.content
            ?: throw IllegalArgumentException("$where: a layer config needs a string 'type'")
        val fields = o["fields"] as? JsonObject ?: throw IllegalArgumentException("$where ($type): a layer config needs a 'fields' object")
        val c = Config.of(type)
        for ((k, v) in fields) put(c, k, v, "$where.$type.$k")
        return c
    }

    private fun put(c: Config, key: String, v: JsonElement, where: String) {
        when (v) {
            is JsonNull -> c.put(key, null as String?)
            is JsonObject -> c.put(key, config(v, where))
            is JsonPrimitive -> when {
                v.isString -> c.put(key, v.content)
                v.booleanOrNull != null -> c.put(key, v.booleanOrNull!!)
                isInteger(v.content) -> v.content.toLongOrNull()?.let { if (it in Int.MIN_VALUE..Int.MAX_VALUE) c.put(key, it.toInt()) else c.put(key, it) }
                    ?: throw IllegalArgumentException("$where: integer ${v.content} is out of range")
                else -> c.put(key, v.content.toDoubleOrNull() ?: throw IllegalArgumentException("$where: bad number ${v.content}"))
            }
            is JsonArray -> when {
                v.all { it is JsonObject } && v.isNotEmpty() -> c.put(key, v.mapIndexed { i, x -> config(x, "$where[$i]") })
                v.all { it is JsonPrimitive && !it.isString && isInteger(it.content) } ->
                    c.put(key, IntArray(v.size) { i -> (v[i] as JsonPrimitive).content.toIntOrNull() ?: throw IllegalArgumentException("$where[$i]: integer out of range") })
                v.all { it is JsonPrimitive && !it.isString && it.content.toDoubleOrNull() != null } ->
                    c.put(key, DoubleArray(v.size) { i -> (v[i] as JsonPrimitive).content.toDouble() })
                else -> throw IllegalArgumentException("$where: a list must hold only numbers or only layer configs, got $v")
            }
        }
    }

    private fun isInteger(s: String) = s.isNotEmpty() && s.all { it.isDigit() || it == '-' }
}
