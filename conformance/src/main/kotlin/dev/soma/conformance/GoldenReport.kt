package dev.soma.conformance

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.nio.file.Files
import java.nio.file.Path

/** Pass / fail / skip tallies per family, printed as one line each and written as JSON. Thread-safe. */
class GoldenReport {
    private class Family(var passed: Int = 0, val failed: MutableList<String> = ArrayList(), val skipped: MutableList<String> = ArrayList())

    private val families = LinkedHashMap<String, Family>()

    @Synchronized fun passed(family: String, case: String) { of(family).passed++ }

    @Synchronized fun failed(family: String, case: String) { of(family).failed += case }

    @Synchronized fun skipped(family: String, case: String) { of(family).skipped += case }

    /** Counts of one family as (passed, failed, skipped). */
    @Synchronized fun counts(family: String): Triple<Int, Int, Int> =
        families[family]?.let { Triple(it.passed, it.failed.size, it.skipped.size) } ?: Triple(0, 0, 0)

    /** One line per family: `golden <family>: N passed, N failed, N skipped`. */
    @Synchronized fun lines(): List<String> = families.map { (name, f) ->
        "golden $name: ${f.passed} passed, ${f.failed.size} failed, ${f.skipped.size} skipped"
    }

    /** The report as JSON: per family its counts and the names of failed and skipped cases. */
    @Synchronized fun toJson(): JsonObject = JsonObject(families.mapValues { (_, f) ->
        JsonObject(mapOf(
            "passed" to JsonPrimitive(f.passed),
            "failed" to JsonPrimitive(f.failed.size),
            "skipped" to JsonPrimitive(f.skipped.size),
            "failed_cases" to JsonArray(f.failed.map(::JsonPrimitive)),
            "skipped_cases" to JsonArray(f.skipped.map(::JsonPrimitive)),
        ))
    })

    /** Writes [toJson] (pretty-printed) to [file], creating its directory. */
    fun write(file: Path) {
        file.toAbsolutePath().parent?.let(Files::createDirectories)
        Files.writeString(file, PRETTY.encodeToString(JsonObject.serializer(), toJson()) + "\n")
    }

    private fun of(family: String) = families.getOrPut(family) { Family() }

    private companion object {
        val PRETTY = Json { prettyPrint = true }
    }
}
