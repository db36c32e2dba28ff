package dev.soma.serialization

import dev.soma.tensor.DType
import dev.soma.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path

class SafeTensorsSpec : FunSpec({
    val dir = Files.createTempDirectory("safetensors")

    /** A file from a header text and raw data bytes, with the header length written as given. */
    fun file(name: String, header: String, data: ByteArray = ByteArray(0), declaredLength: Long? = null): Path {
        val h = header.toByteArray()
        val b = ByteBuffer.allocate(8 + h.size + data.size).order(ByteOrder.LITTLE_ENDIAN)
        b.putLong(declaredLength ?: h.size.toLong()).put(h).put(data)
        return dir.resolve(name).also { Files.write(it, b.array()) }
    }

    fun le(vararg floats: Float): ByteArray =
        ByteBuffer.allocate(4 * floats.size).order(ByteOrder.LITTLE_ENDIAN).apply { floats.forEach { putFloat(it) } }.array()

    test("round trip keeps names, order, shapes, dtypes, values and metadata") {
        val p = dir.resolve("round.safetensors")
        val tensors = linkedMapOf(
            "layer.weight" to Tensor.of(floatArrayOf(1f, -2.5f, 3f, 4f, 5f, 6f), 2, 3),
            "layer.bias" to Tensor.of(0.5f),
            "steps" to Tensor.ofLongs(longArrayOf(7), *IntArray(0)),
            "mask" to Tensor.ofBooleans(booleanArrayOf(true, false, true), 3),
        )
        SafeTensors.write(p, tensors, mapOf("format" to "soma-model"))
        val back = SafeTensors.readWithMetadata(p)
        back.tensors.keys.toList() shouldBe tensors.keys.toList()
        for ((k, t) in tensors) {
            back.tensors[k]!!.shape().toList() shouldBe t.shape().toList()
            back.tensors[k]!!.dtype() shouldBe t.dtype()
            back.tensors[k]!!.toFloatArray().toList() shouldBe t.toFloatArray().toList()
        }
        back.metadata shouldBe mapOf("format" to "soma-model")
        val headerLen = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).long
        (headerLen % 8) shouldBe 0L
    }

    test("reads half, bfloat16, double and integer dtypes") {
        val data = ByteBuffer.allocate(2 + 2 + 8 + 4 + 1).order(ByteOrder.LITTLE_ENDIAN)
            .putShort(0x3C00.toShort())                // F16 1.0
            .putShort(0xC040.toShort())                // BF16 -3.0
            .putDouble(0.25)                           // F64
            .putInt(-9)                                // I32
            .put(200.toByte())                         // U8
            .array()
        val header = """{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[2,4]},""" +
            """"d":{"dtype":"F64","shape":[],"data_offsets":[4,12]},"i":{"dtype":"I32","shape":[1],"data_offsets":[12,16]},""" +
            """"u":{"dtype":"U8","shape":[1],"data_offsets":[16,17]}}"""
        val t = SafeTensors.read(file("dtypes.safetensors", header, data))
        t["h"]!!.item() shouldBe 1f
        t["b"]!!.item() shouldBe -3f
        t["d"]!!.item() shouldBe 0.25f
        t["d"]!!.dim() shouldBe 0
        t["i"]!!.dtype() shouldBe DType.INT64
        t["i"]!!.item() shouldBe -9f
        t["u"]!!.item() shouldBe 200f
    }

    test("every malformed file is refused with the file named and the problem said") {
        val good = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"""
        val cases = listOf(
            Triple("short", file("short.st", "").also { Files.write(it, byteArrayOf(1, 2, 3)) }, "too short"),
            Triple("beyond", file("beyond.st", good, le(1f, 2f), declaredLength = 10_000), "runs past the end"),
            Triple("cap", file("cap.st", good, le(1f, 2f), declaredLength = 1L shl 40), "exceeds the limit"),
            Triple("utf8", file("utf8.st", "{\"w\u0000\":1}").also {
                val bytes = Files.readAllBytes(it); bytes[11] = 0xC3.toByte(); bytes[12] = 0x28; Files.write(it, bytes)
            }, "UTF-8"),
            Triple("json", file("json.st", "{\"w\": [1, 2"), "not valid JSON"),
            Triple("dtype", file("dtype.st", """{"w":{"dtype":"F8","shape":[2],"data_offsets":[0,2]}}""", ByteArray(2)), "unsupported dtype"),
            Triple("size", file("size.st", """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", le(1f, 2f)), "needs 12 bytes"),
            Triple("bounds", file("bounds.st", """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", le(1f)), "runs past the data"),
            Triple("overlap", file("overlap.st", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", le(1f, 2f)), "overlaps"),
            Triple("gap", file("gap.st", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", le(1f, 2f)), "gap"),
            Triple("trailing", file("trailing.st", good, le(1f, 2f, 3f)), "after the last tensor"),
            Triple("duplicate", file("dup.st", """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", le(1f, 2f)), "more than once"),
            Triple("negative", file("neg.st", """{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", le(1f, 2f)), "bad shape"),
            Triple("overflow", file("ovf.st", """{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}""", le(1f, 2f)), "too large"),
            Triple("meta", file("meta.st", """{"__metadata__":{"a":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", le(1f, 2f)), "not a string"),
            Triple("missing", dir.resolve("nothing-here.safetensors"), "no such file"),
        )
        for ((label, path, problem) in cases) {
            val e = shouldThrow<ModelFormatException> { SafeTensors.read(path) }
            withClue(label) {
                e.message!! shouldContain path.fileName.toString()
                e.message!! shouldContain problem
            }
        }
    }

    test("a write that fails midway leaves the old file intact and no temporary behind") {
        val p = dir.resolve("atomic.safetensors")
        SafeTensors.write(p, mapOf("w" to Tensor.of(1f, 2f)))
        val before = Files.readAllBytes(p)
        shouldThrow<IllegalStateException> {
            AtomicFile.write(p) { ch -> ch.write(ByteBuffer.wrap(byteArrayOf(1, 2, 3))); throw IllegalStateException("disk full") }
        }
        Files.readAllBytes(p).toList() shouldBe before.toList()
        Files.list(dir).use { s -> s.filter { it.fileName.toString().endsWith(".tmp") }.count() } shouldBe 0L
    }
})

private inline fun <T> withClue(label: String, block: () -> T): T = io.kotest.assertions.withClue(label, block)
