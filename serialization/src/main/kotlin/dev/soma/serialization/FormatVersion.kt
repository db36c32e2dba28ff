package dev.soma.serialization

import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json

/** The version stamp written into every Soma model file's metadata, so readers can refuse what they do not know. */
@Serializable
data class FormatVersion(@SerialName(JsonKeys.FORMAT_NAME) val format: String, @SerialName(JsonKeys.FORMAT_VERSION) val version: Int) {
    fun toJson(): String = Json.encodeToString(serializer(), this)

    companion object {
        val CURRENT = FormatVersion("soma-model", 1)

        fun fromJson(text: String): FormatVersion = Json.decodeFromString(serializer(), text)
    }
}
