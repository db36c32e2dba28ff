package dev.soma.conformance

import dev.soma.tensor.Tensor
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.double
import kotlinx.serialization.json.int
import java.nio.file.Files
import java.nio.file.Path

/** A golden file that does not follow format `golden/1` (a harness problem, never a framework error). */
class GoldenFormatException(message: String) : RuntimeException(message)

/** One family file `FAMILY.json` of format `golden/1`: its family name and its cases in file order. */
class GoldenFamily(val family: String, val cases: List<GoldenCase>) {
    companion object {
        /** Reads and parses one family file. */
        fun read(file: Path): GoldenFamily = parse(Files.readString(file))

        /** Parses the text of one family file. */
        fun parse(text: String): GoldenFamily {
            val root = Json.parseToJsonElement(text) as? JsonObject ?: throw GoldenFormatException("golden file is not a JSON object")
            val format = (root["format"] as? JsonPrimitive)?.content
            if (format != "golden/1") throw GoldenFormatException("unsupported golden format '$format', expected 'golden/1'")
            val family = (root["family"] as? JsonPrimitive)?.content ?: throw GoldenFormatException("golden file has no 'family'")
            val cases = (root["cases"] as? JsonArray ?: throw GoldenFormatException("golden file '$family' has no 'cases' list"))
                .map { GoldenCase(it as? JsonObject ?: throw GoldenFormatException("a case of '$family' is not an object")) }
            return GoldenFamily(family, cases)
        }
    }
}

/** Elementwise tolerance of a case: |actual − expected| ≤ atol + rtol·|expected|. */
data class Tolerance(val rtol: Double, val atol: Double)

/**
 * One golden case over its JSON tree. Tensor accessors build fresh tensors on every call, so a run may mark
 * them requiring grad or mutate them without affecting another run.
 */
class GoldenCase(val json: JsonObject) {
    val name: String = string("name")
    val kind: String = string("kind")
    val op: String = string("op")

    /** Constructor or function keyword arguments (`attrs`). */
    fun attrs(): Attrs = Attrs.of(json["attrs"])

    /** Module forward keyword arguments (`forward_attrs`). */
    fun forwardAttrs(): Attrs = Attrs.of(json["forward_attrs"])

    /** A string field, or [default] when absent. */
    fun string(key: String, default: String? = null): String =
        (json[key] as? JsonPrimitive)?.content ?: default ?: throw GoldenFormatException("case ${json["name"]} has no '$key'")

    /** The tolerance of the case (PyTorch's float32 defaults when absent). */
    fun tolerance(): Tolerance {
        val t = json["tol"] as? JsonObject ?: return Tolerance(1e-5, 1e-8)
        return Tolerance(t.getValue("rtol").jsonNumber().double, t.getValue("atol").jsonNumber().double)
    }

    /** A field holding tensors, either a list of named tensors or an object name → tensor; empty when absent. */
    fun tensors(key: String): LinkedHashMap<String, Tensor> = namedTensors(json[key], "$name.$key")

    /** A list field (e.g. `grad_steps`), empty when absent. */
    fun list(key: String): List<JsonElement> = json[key] as? JsonArray ?: emptyList()

    override fun toString(): String = name

    companion object {
        /** Named tensors from a list of `{name, shape, data}` or an object `{name: tensor}`. */
        fun namedTensors(e: JsonElement?, where: String): LinkedHashMap<String, Tensor> {
            val out = LinkedHashMap<String, Tensor>()
            when (e) {
                null -> {}
                is JsonArray -> for (t in e) {
                    val o = t as? JsonObject ?: throw GoldenFormatException("$where: list entry is not a tensor")
                    val n = (o["name"] as? JsonPrimitive)?.content ?: throw GoldenFormatException("$where: tensor without a name")
                    out[n] = tensor(o, "$where.$n")
                }
                is JsonObject -> for ((n, t) in e) out[n] = tensor(t, "$where.$n")
                else -> throw GoldenFormatException("$where: expected a list or an object of tensors")
            }
            return out
        }

        /** A tensor `{shape, data, dtype?}`: float32 by default, int64 or bool; shape `[]` is 0-d. */
        fun tensor(e: JsonElement, where: String = "tensor"): Tensor {
            val o = e as? JsonObject ?: throw GoldenFormatException("$where: a tensor must be an object")
            val shape = (o["shape"] as? JsonArray ?: throw GoldenFormatException("$where: tensor without 'shape'"))
                .map { it.jsonNumber().int }.toIntArray()
            val data = o["data"] as? JsonArray ?: throw GoldenFormatException("$where: tensor without 'data'")
            val n = shape.fold(1) { a, b -> a * b }
            if (data.size != n) throw GoldenFormatException("$where: ${data.size} values for shape ${shape.contentToString()}")
            return when (val dtype = (o["dtype"] as? JsonPrimitive)?.content ?: "float32") {
                "float32" -> Tensor.of(FloatArray(n) { data[it].jsonNumber().content.toFloat() }, *shape)
                "int64" -> Tensor.ofLongs(LongArray(n) { data[it].jsonNumber().content.toLong() }, *shape)
                "bool" -> Tensor.ofBooleans(BooleanArray(n) { (data[it] as JsonPrimitive).boolean }, *shape)
                else -> throw GoldenFormatException("$where: unknown dtype '$dtype'")
            }
        }

        internal fun JsonElement.jsonNumber(): JsonPrimitive {
            val p = this as? JsonPrimitive
            if (p == null || p.isString) throw GoldenFormatException("expected a number, got $this")
            return p
        }
    }
}
