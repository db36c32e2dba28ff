package dev.soma.serialization

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json

/** The version stamp written into every Soma model file's metadata, so readers can refuse what they do not know. */
@Serializable
data class FormatVersion(val format: String, val version: Int) {
    fun toJson(): String = Json.encodeToString(serializer(), this)

    companion object {
        val CURRENT = FormatVersion("soma-model", 1)

        fun fromJson(text: String): FormatVersion = Json.decodeFromString(serializer(), text)
    }
}
