package dev.soma.conformance

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.intOrNull

/**
 * PyTorch keyword arguments of a case under their PyTorch names; an absent key (or JSON null) means the
 * default the adapter passes. Every key read is remembered, so the runner can fail a case whose adapter
 * ignored an attribute instead of passing it by coincidence.
 */
class Attrs(val json: JsonObject) {
    private val read = HashSet<String>()

    /** Keys present in the case that no accessor has read. */
    fun unread(): Set<String> = json.keys - read

    /** Whether [key] is given and not null. */
    fun has(key: String): Boolean { read += key; return json[key] != null && json[key] !is JsonNull }

    /** The raw value of [key], or null when absent. */
    fun raw(key: String): JsonElement? { read += key; return json[key]?.takeUnless { it is JsonNull } }

    fun int(key: String, default: Int): Int = intOrNull(key) ?: default
    fun int(key: String): Int = intOrNull(key) ?: missing(key)
    fun intOrNull(key: String): Int? = raw(key)?.let { prim(key, it).intOrNull ?: bad(key, "an integer") }

    fun float(key: String, default: Float): Float = floatOrNull(key) ?: default
    fun float(key: String): Float = floatOrNull(key) ?: missing(key)
    fun floatOrNull(key: String): Float? = raw(key)?.let { prim(key, it).content.toFloatOrNull() ?: bad(key, "a number") }

    fun double(key: String, default: Double): Double = raw(key)?.let { prim(key, it).doubleOrNull ?: bad(key, "a number") } ?: default

    fun bool(key: String, default: Boolean): Boolean = raw(key)?.let { prim(key, it).booleanOrNull ?: bad(key, "a boolean") } ?: default

    fun string(key: String, default: String): String = raw(key)?.let { prim(key, it).content } ?: default

    /** Whether [key] holds a list (a tuple argument) rather than a single value. */
    fun isList(key: String): Boolean = raw(key) is JsonArray

    /** An int or a list of ints as an array (PyTorch's `int | tuple[int]` arguments). */
    fun ints(key: String): IntArray = intsOrNull(key) ?: missing(key)
    fun ints(key: String, default: IntArray): IntArray = intsOrNull(key) ?: default
    fun intsOrNull(key: String): IntArray? = when (val v = raw(key)) {
        null -> null
        is JsonArray -> IntArray(v.size) { (v[it] as? JsonPrimitive)?.intOrNull ?: bad(key, "a list of integers") }
        else -> intArrayOf(prim(key, v).intOrNull ?: bad(key, "an integer or a list of integers"))
    }

    /** A nested attribute object (e.g. a sub-module's `{op, attrs}`). */
    fun obj(key: String): JsonObject? = raw(key) as? JsonObject

    /** Every attribute as an optimizer option: numbers as Double, booleans, strings, lists of numbers as DoubleArray. */
    fun options(except: Set<String> = emptySet()): LinkedHashMap<String, Any> {
        val out = LinkedHashMap<String, Any>()
        for (k in json.keys) if (k !in except) raw(k)?.let { out[k] = option(k, it) }
        return out
    }

    private fun prim(key: String, v: JsonElement): JsonPrimitive = v as? JsonPrimitive ?: bad(key, "a single value")

    private fun missing(key: String): Nothing = throw GoldenFormatException("attribute '$key' is required but absent")

    private fun bad(key: String, what: String): Nothing = throw GoldenFormatException("attribute '$key' must be $what, got ${json[key]}")

    override fun toString(): String = json.toString()

    companion object {
        private val EMPTY = JsonObject(emptyMap())

        /** Attributes of a JSON object (absent = none). */
        fun of(e: JsonElement?): Attrs = Attrs(e as? JsonObject ?: EMPTY)

        /** One JSON value as an optimizer option (see [options]). */
        fun option(key: String, v: JsonElement): Any = when {
            v is JsonArray -> DoubleArray(v.size) {
                (v[it] as? JsonPrimitive)?.doubleOrNull ?: throw GoldenFormatException("option '$key' must be a list of numbers, got $v")
            }
            v is JsonPrimitive && v.isString -> v.content
            v is JsonPrimitive && v.booleanOrNull != null -> v.booleanOrNull!!
            v is JsonPrimitive && v.doubleOrNull != null -> v.doubleOrNull!!
            else -> throw GoldenFormatException("option '$key' has an unsupported value $v")
        }
    }
}
