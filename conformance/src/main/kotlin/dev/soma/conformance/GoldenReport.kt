package dev.soma.conformance

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.nio.file.Files
import java.nio.file.Path

/**
 * The outcome of every case, printed as one line per family (`family: N passed, N failed, N skipped`) and
 * written as `{"summary": {family: {passed, failed, skipped}}, "cases": {name: {family, status, message}}}`.
 * Thread-safe.
 */
class GoldenReport {
    private class Outcome(val family: String, val status: String, val message: String)

    private val cases = LinkedHashMap<String, Outcome>()
    private val families = LinkedHashSet<String>()

    @Synchronized fun passed(family: String, case: String) = record(family, case, "passed", "")

    @Synchronized fun failed(family: String, case: String, message: String) = record(family, case, "failed", message)

    @Synchronized fun skipped(family: String, case: String, reason: String) = record(family, case, "skipped", reason)

    private fun record(family: String, case: String, status: String, message: String) {
        families += family
        cases[case] = Outcome(family, status, message)
    }

    /** Counts of one family as (passed, failed, skipped). */
    @Synchronized fun counts(family: String): Triple<Int, Int, Int> {
        val of = cases.values.filter { it.family == family }
        return Triple(of.count { it.status == "passed" }, of.count { it.status == "failed" }, of.count { it.status == "skipped" })
    }

    /** One line per family: `family: N passed, N failed, N skipped`. */
    @Synchronized fun lines(): List<String> = families.map { f ->
        val (p, x, s) = counts(f)
        "$f: $p passed, $x failed, $s skipped"
    }

    /** The report as JSON: the per-family summary and every case's status with its failure message or skip reason. */
    @Synchronized fun toJson(): JsonObject = JsonObject(mapOf(
        "summary" to JsonObject(families.associateWith { f ->
            val (p, x, s) = counts(f)
            JsonObject(mapOf("passed" to JsonPrimitive(p), "failed" to JsonPrimitive(x), "skipped" to JsonPrimitive(s)))
        }),
        "cases" to JsonObject(cases.mapValues { (_, o) ->
            JsonObject(mapOf("family" to JsonPrimitive(o.family), "status" to JsonPrimitive(o.status), "message" to JsonPrimitive(o.message)))
        }),
    ))

    /** Writes [toJson] (pretty-printed) to [file], creating its directory. */
    fun write(file: Path) {
        file.toAbsolutePath().parent?.let(Files::createDirectories)
        Files.writeString(file, PRETTY.encodeToString(JsonObject.serializer(), toJson()) + "\n")
    }

    private companion object {
        val PRETTY = Json { prettyPrint = true }
    }
}
