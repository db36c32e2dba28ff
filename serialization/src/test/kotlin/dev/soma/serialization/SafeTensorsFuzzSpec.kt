package dev.soma.serialization

import dev.soma.nn.Linear
import dev.soma.nn.ReLU
import dev.soma.nn.Sequential
import dev.soma.tensor.Tensor
import io.kotest.common.ExperimentalKotest
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files

/**
 * Mutates valid files (flipped bits, truncation, extension, a rewritten header length) and reads them. Nothing
 * but ModelFormatException may escape, and each mutation's fate is checked against what it touched:
 * - a changed header length, or a changed file size with the header intact, is always rejected;
 * - flipped payload bits always load (float32 data takes any bits), except int64 values beyond 2^24, which Soma
 *   cannot hold exactly and refuses; what loads holds exactly the mutated bytes;
 * - a flip inside the JSON header is rejected, or, when it only hit a name or string the reader does not use
 *   (a model file rebuilds the same layers), loads what the original held.
 * Seeded and bounded so CI time stays fixed; the counts are printed.
 */
@OptIn(ExperimentalKotest::class)
class SafeTensorsFuzzSpec : FunSpec({
    val dir = Files.createTempDirectory("fuzz")
    val model = Sequential(Linear(3, 4), ReLU(), Linear(4, 2))
    val valid = dir.resolve("valid.safetensors").also { ModelFile.save(model, it) }
    val plain = dir.resolve("plain.safetensors").also {
        SafeTensors.write(it, mapOf("a" to Tensor.of(1f, 2f), "i" to Tensor.ofLongs(longArrayOf(3), 1)), mapOf("k" to "v"))
    }

    /** A seed file: its bytes, header length, and each tensor's dtype and absolute byte range, in file order. */
    class Seed(val bytes: ByteArray, val isModel: Boolean) {
        val headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0).toInt()
        val dataStart = 8 + headerLen
        val tensors: List<Triple<String, String, LongRange>> = Json.parseToJsonElement(String(bytes, 8, headerLen)).jsonObject
            .filterKeys { it != "__metadata__" }.map { (name, e) ->
                val o = e as JsonObject
                val offsets = o["data_offsets"]!!.jsonArray.map { it.jsonPrimitive.long }
                Triple(name, o["dtype"]!!.jsonPrimitive.content, (dataStart + offsets[0]) until (dataStart + offsets[1]))
            }
    }
    val seeds = listOf(Seed(Files.readAllBytes(valid), true), Seed(Files.readAllBytes(plain), false))

    /** The values a tensor's (possibly mutated) bytes stand for, as the reader must decode them; null if out of Soma's range. */
    fun expected(bytes: ByteArray, dtype: String, range: LongRange): List<Number>? {
        val b = ByteBuffer.wrap(bytes, range.first.toInt(), (range.last - range.first + 1).toInt()).slice().order(ByteOrder.LITTLE_ENDIAN)
        return when (dtype) {
            "F32" -> List(b.remaining() / 4) { b.getFloat().toBits() }
            "I64" -> List(b.remaining() / 8) { b.getLong() }.takeIf { v -> v.all { Math.abs(it) <= (1L shl 24) } }
            else -> error("fixture holds only F32 and I64, got $dtype")
        }
    }

    fun valuesOf(t: Tensor): List<Number> =
        if (t.dtype() == dev.soma.tensor.DType.INT64) t.toLongArray().toList() else t.toFloatArray().map { it.toBits() }

    /** Reads the file as the library does; null when refused with ModelFormatException (anything else fails the test). */
    fun read(bytes: ByteArray, isModel: Boolean): List<List<Number>>? {
        val f = dir.resolve("case.safetensors")
        Files.write(f, bytes)
        return try {
            val contents = SafeTensors.readWithMetadata(f)
            if (isModel) {
                val back = ModelFile.loadModel(f)
                back.config() shouldBe model.config()
                back.stateDict().values.map { valuesOf(it) }
            } else contents.tensors.values.map { valuesOf(it) }
        } catch (e: ModelFormatException) {
            e.message!! shouldStartWith f.toString()
            null
        }
    }

    class Counts { var cases = 0; var rejected = 0; val byKind = sortedMapOf<String, IntArray>() }   // kind -> [cases, rejected]
    fun Counts.add(kind: String, rejected: Boolean) {
        cases++
        if (rejected) this.rejected++
        byKind.getOrPut(kind) { IntArray(2) }.let { it[0]++; if (rejected) it[1]++ }
    }

    /** Reads a mutated seed and files it under what the mutation touched, checking the outcome that kind must have. */
    fun Counts.check(seed: Seed, bytes: ByteArray, resize: Int) {
        val changed = seed.bytes.indices.filter { it < bytes.size && bytes[it] != seed.bytes[it] }   // flips at one spot may cancel
        val got = read(bytes, seed.isModel)
        when {
            changed.any { it >= 8 && it < seed.dataStart } -> {
                // A flip in the JSON: refused, or it hit something unused and the contents are the original's.
                if (got != null) got shouldBe read(seed.bytes, seed.isModel)
                add(if (got == null) "header JSON" else "header JSON, harmless", got == null)
            }
            changed.any { it < 8 } -> { got shouldBe null; add("header length", true) }
            resize != 0 -> { got shouldBe null; add("file size", true) }
            else -> {
                val want = seed.tensors.map { (_, dtype, range) -> expected(bytes, dtype, range) }
                val outOfRange = want.any { it == null }
                if (outOfRange) got shouldBe null else got shouldBe want
                add(if (outOfRange) "payload, int64 beyond 2^24" else "payload", outOfRange)
            }
        }
    }

    fun Counts.report(what: String) = println("safetensors fuzz, $what: $rejected of $cases mutated files rejected; " +
        "by kind [cases, rejected]: " + byKind.entries.joinToString { (k, v) -> "$k ${v.toList()}" })

    fun Counts.cases(kind: String) = byKind[kind]?.get(0) ?: 0
    fun Counts.rejected(kind: String) = byKind[kind]?.get(1) ?: 0

    test("every mutation of the header or of the file size is rejected") {
        val counts = Counts()
        checkAll(PropTestConfig(seed = 20261122L, iterations = 1500), Arb.int(0, 1), Arb.list(Arb.int(0, Int.MAX_VALUE), 1..6),
            Arb.int(-3, 3)) { which, positions, resize ->
            val seed = seeds[which]
            var bytes = seed.bytes.copyOf()
            for (p in positions) bytes[p % bytes.size] = (bytes[p % bytes.size].toInt() xor (1 shl (p % 8))).toByte()
            if (resize < 0) bytes = bytes.copyOf(maxOf(0, bytes.size + resize * 7))
            if (resize > 0) bytes = bytes + ByteArray(resize * 5) { it.toByte() }
            counts.check(seed, bytes, resize)
        }
        counts.report("random flips, truncations and extensions")
        for (kind in listOf("header JSON", "header length", "file size")) counts.cases(kind) shouldBeGreaterThan 20
        counts.rejected("header length") shouldBe counts.cases("header length")
        counts.rejected("file size") shouldBe counts.cases("file size")
        // Every case not rejected was checked above to load exactly what it should.
        counts.rejected shouldBe counts.cases - counts.cases("payload") - counts.cases("header JSON, harmless")
        counts.rejected shouldBeGreaterThan 1400
    }

    test("flipped payload bits load exactly the flipped values, except int64 values Soma cannot hold") {
        val counts = Counts()
        checkAll(PropTestConfig(seed = 20261203L, iterations = 500), Arb.int(0, 1), Arb.list(Arb.int(0, Int.MAX_VALUE), 1..6)) { which, positions ->
            val seed = seeds[which]
            val bytes = seed.bytes.copyOf()
            val payload = bytes.size - seed.dataStart
            for (p in positions) {
                val at = seed.dataStart + p % payload
                bytes[at] = (bytes[at].toInt() xor (1 shl (p % 8))).toByte()
            }
            counts.check(seed, bytes, 0)
        }
        counts.report("payload flips")
        counts.cases("payload") shouldBeGreaterThan 300
        counts.rejected("payload") shouldBe 0
        counts.cases("payload, int64 beyond 2^24") shouldBeGreaterThan 0
        counts.rejected shouldBe counts.cases("payload, int64 beyond 2^24")
    }

    test("any header length but the true one, however large or negative, is refused before allocation") {
        val seed = seeds[1]
        var rejected = 0
        var cases = 0
        checkAll(PropTestConfig(seed = 7L, iterations = 300), Arb.long()) { length ->
            val bytes = seed.bytes.copyOf()
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length)
            val got = read(bytes, false)
            if (length == seed.headerLen.toLong()) got shouldBe read(seed.bytes, false) else {
                cases++
                if (got == null) rejected++
            }
        }
        println("safetensors fuzz: $rejected of $cases rewritten header lengths rejected")
        cases shouldBeGreaterThan 290
        rejected shouldBe cases
    }
})
