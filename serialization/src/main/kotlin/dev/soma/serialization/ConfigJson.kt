package dev.soma.serialization

import dev.soma.nn.Config
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject

/**
 * A layer-config tree as readable JSON: `{"type": "Linear", "fields": {"in_features": 3, …}}`, nested configs
 * as such objects and children as lists of them. Values are written by [JsonValues], the codec checkpoints use too:
 * ints, decimals, booleans, strings, PyTorch's None (`"momentum": null`) and the plain forms of an
 * [dev.soma.nn.IntsOrString] (`"padding": "same"`, `3` or `[1, 2]`) look as in Python; the rare values plain JSON
 * cannot tell apart are tagged (`{"long": "5"}`, `{"double": "NaN"}`, an empty int list `{"ints": []}`), so a config
 * read back equals the one written.
 */
object ConfigJson {
    private val PRETTY = Json { prettyPrint = true }

    /** The config as a JSON tree. */
    @JvmStatic
    fun toJsonElement(c: Config): JsonObject = JsonValues.encode(c, "config") as JsonObject

    /** The config as compact JSON text. */
    @JvmStatic
    fun toJson(c: Config): String = toJsonElement(c).toString()

    /** The config as indented JSON text, for reading and diffing. */
    @JvmStatic
    fun toPrettyJson(c: Config): String = PRETTY.encodeToString(JsonObject.serializer(), toJsonElement(c))

    /** Parses text written by [toJson] (or by earlier versions); anything else raises IllegalArgumentException saying where. */
    @JvmStatic
    fun fromJson(text: String): Config {
        val root = try { Json.parseToJsonElement(text) } catch (e: IllegalArgumentException) {
            throw IllegalArgumentException("layer config is not valid JSON: ${e.message?.lineSequence()?.first()}", e)
        }
        return JsonValues.config(root, "config")
    }
}
