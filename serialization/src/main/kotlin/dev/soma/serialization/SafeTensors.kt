package dev.soma.serialization

import dev.soma.tensor.DType
import dev.soma.tensor.Tensor
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.channels.FileChannel
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * The safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header (name → dtype, shape,
 * data_offsets; optional `__metadata__` of strings), then the raw little-endian data. Reading trusts nothing
 * in the file; writing is atomic (see [AtomicFile]).
 */
object SafeTensors {
    /** Headers above this size are refused before anything is allocated for them (the reference reader's cap). */
    const val MAX_HEADER_BYTES = 100L * 1024 * 1024

    private const val METADATA = JsonKeys.METADATA

    /** The dtypes Soma reads, with their byte sizes. */
    private val SIZES = mapOf("F32" to 4, "F16" to 2, "BF16" to 2, "F64" to 8, "I64" to 8, "I32" to 4, "I16" to 2,
        "I8" to 1, "U8" to 1, "BOOL" to 1)

    /** A file's tensors (float types as float32, integer types as int64, BOOL as bool) and its metadata. */
    class Contents(val tensors: LinkedHashMap<String, Tensor>, val metadata: Map<String, String>)

    /** Reads every tensor of [path] in file order; any defect raises [ModelFormatException] naming the file. */
    @JvmStatic
    fun read(path: Path): Map<String, Tensor> = readWithMetadata(path).tensors

    /** Reads tensors and the `__metadata__` strings. */
    @JvmStatic
    fun readWithMetadata(path: Path): Contents {
        try {
            FileChannel.open(path, StandardOpenOption.READ).use { ch -> return parse(path, ch) }
        } catch (e: ModelFormatException) {
            throw e
        } catch (e: java.nio.file.NoSuchFileException) {
            throw ModelFormatException(path, "no such file", e)
        }
    }

    private fun parse(path: Path, ch: FileChannel): Contents {
        fun fail(problem: String): Nothing = throw ModelFormatException(path, problem)
        val size = ch.size()
        if (size < 8) fail("too short for a safetensors file ($size bytes; the header length alone takes 8)")
        val lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
        readFully(ch, lenBuf, 0, path)
        val headerLen = lenBuf.flip().long
        if (headerLen < 2) fail("header length $headerLen is too small for a JSON object")
        if (headerLen > MAX_HEADER_BYTES) fail("header length $headerLen exceeds the limit of $MAX_HEADER_BYTES bytes")
        if (headerLen > size - 8) fail("header length $headerLen runs past the end of the file (${size - 8} bytes after the length)")
        val headerBuf = ByteBuffer.allocate(headerLen.toInt())
        readFully(ch, headerBuf, 8, path)
        val text = try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBuf.flip()).toString()
        } catch (e: CharacterCodingException) {
            fail("header is not valid UTF-8")
        }
        duplicateTopLevelKey(text)?.let { fail("header names '$it' more than once") }
        val root = try { Json.parseToJsonElement(text) } catch (e: Exception) { fail("header is not valid JSON: ${e.message?.lineSequence()?.first()}") }
        if (root !is JsonObject) fail("header must be a JSON object")
        val dataStart = 8 + headerLen
        val dataLen = size - dataStart
        val metadata = LinkedHashMap<String, String>()
        root[METADATA]?.let { m ->
            if (m !is JsonObject) fail("$METADATA must be an object of strings")
            for ((k, v) in m) metadata[k] = (v as? JsonPrimitive)?.takeIf { it.isString }?.content ?: fail("$METADATA['$k'] is not a string")
        }
        class Entry(val name: String, val dtype: String, val shape: IntArray, val begin: Long, val end: Long)
        val entries = ArrayList<Entry>()
        for ((name, e) in root) {
            if (name == METADATA) continue
            if (e !is JsonObject) fail("tensor '$name' must be an object with dtype, shape and data_offsets")
            val unknown = e.keys - setOf(JsonKeys.DTYPE, JsonKeys.SHAPE, JsonKeys.DATA_OFFSETS)
            if (unknown.isNotEmpty()) fail("tensor '$name' has unknown fields $unknown")
            val dtype = (e[JsonKeys.DTYPE] as? JsonPrimitive)?.takeIf { it.isString }?.content ?: fail("tensor '$name' has no string dtype")
            val itemSize = SIZES[dtype] ?: fail("tensor '$name' has unsupported dtype '$dtype' (readable: ${SIZES.keys})")
            val shapeJson = e[JsonKeys.SHAPE] as? JsonArray ?: fail("tensor '$name' has no shape list")
            val shape = IntArray(shapeJson.size) { i ->
                val d = nonNegative(shapeJson[i]) ?: fail("tensor '$name' has a bad shape entry ${shapeJson[i]} (expected a non-negative integer)")
                if (d > Int.MAX_VALUE) fail("tensor '$name' has a dimension $d too large for Soma")
                d.toInt()
            }
            val offsets = e[JsonKeys.DATA_OFFSETS] as? JsonArray ?: fail("tensor '$name' has no data_offsets")
            if (offsets.size != 2) fail("tensor '$name' data_offsets must be [begin, end], got $offsets")
            val begin = nonNegative(offsets[0]) ?: fail("tensor '$name' has a bad begin offset ${offsets[0]}")
            val end = nonNegative(offsets[1]) ?: fail("tensor '$name' has a bad end offset ${offsets[1]}")
            if (end < begin) fail("tensor '$name' ends ($end) before it begins ($begin)")
            if (end > dataLen) fail("tensor '$name' data [$begin, $end) runs past the data section ($dataLen bytes)")
            var count = 1L
            for (d in shape) count = try { Math.multiplyExact(count, d.toLong()) } catch (x: ArithmeticException) { fail("tensor '$name' shape overflows") }
            val bytes = try { Math.multiplyExact(count, itemSize.toLong()) } catch (x: ArithmeticException) { fail("tensor '$name' size overflows") }
            if (bytes != end - begin) fail("tensor '$name' of shape ${shape.contentToString()} and dtype $dtype needs $bytes bytes, but its data_offsets span ${end - begin}")
            if (count > Int.MAX_VALUE - 8) fail("tensor '$name' has $count elements, more than a Java array holds")
            entries += Entry(name, dtype, shape, begin, end)
        }
        // The byte ranges must tile the data section in order, with no gaps or overlaps.
        val sorted = entries.sortedBy { it.begin }
        var expected = 0L
        for (en in sorted) {
            if (en.begin != expected) fail(if (en.begin < expected) "tensor '${en.name}' overlaps the tensor before it" else "gap before tensor '${en.name}' at byte ${en.begin}")
            expected = en.end
        }
        if (expected != dataLen) fail("data section has ${dataLen - expected} bytes after the last tensor")
        val tensors = LinkedHashMap<String, Tensor>()
        for (en in entries) {
            val buf = ByteBuffer.allocate((en.end - en.begin).toInt()).order(ByteOrder.LITTLE_ENDIAN)
            readFully(ch, buf, dataStart + en.begin, path)
            buf.flip()
            tensors[en.name] = try { decode(en.dtype, en.shape, buf) } catch (e: IllegalArgumentException) {
                fail("tensor '${en.name}': ${e.message}")
            }
        }
        return Contents(tensors, metadata)
    }

    /** The first top-level key of a JSON object text that appears twice (a tree parser would silently keep one), or null. */
    private fun duplicateTopLevelKey(text: String): String? {
        val seen = HashSet<String>()
        var depth = 0
        var i = 0
        var expectKey = false
        while (i < text.length) {
            when (val c = text[i]) {
                '{', '[' -> { depth++; expectKey = c == '{' && depth == 1 }
                '}', ']' -> depth--
                ',' -> if (depth == 1) expectKey = true
                '"' -> {
                    val sb = StringBuilder()
                    i++
                    while (i < text.length && text[i] != '"') {
                        if (text[i] == '\\' && i + 1 < text.length) { sb.append(text[i]).append(text[i + 1]); i += 2; continue }
                        sb.append(text[i]); i++
                    }
                    if (depth == 1 && expectKey) {
                        if (!seen.add(sb.toString())) return sb.toString()
                        expectKey = false
                    }
                }
            }
            i++
        }
        return null
    }

    private fun nonNegative(e: JsonElement): Long? {
        val p = e as? JsonPrimitive ?: return null
        if (p.isString) return null
        val v = p.content.toLongOrNull() ?: return null
        return if (v >= 0) v else null
    }

    private fun readFully(ch: FileChannel, buf: ByteBuffer, position: Long, path: Path) {
        var pos = position
        while (buf.hasRemaining()) {
            val n = ch.read(buf, pos)
            if (n < 0) throw ModelFormatException(path, "truncated: the file ends at byte $pos")
            pos += n
        }
    }

    private fun decode(dtype: String, shape: IntArray, b: ByteBuffer): Tensor {
        val n = shape.fold(1) { a, d -> a * d }
        val f = FloatArray(n)
        when (dtype) {
            "F32" -> b.asFloatBuffer().get(f)
            "F64" -> for (i in 0 until n) f[i] = b.getDouble().toFloat()
            "F16" -> for (i in 0 until n) f[i] = Half.toFloat(b.getShort())
            "BF16" -> for (i in 0 until n) f[i] = java.lang.Float.intBitsToFloat((b.getShort().toInt() and 0xFFFF) shl 16)
            "I64" -> return Tensor.ofLongs(LongArray(n) { b.getLong() }, *shape)
            "I32" -> return Tensor.ofLongs(LongArray(n) { b.getInt().toLong() }, *shape)
            "I16" -> return Tensor.ofLongs(LongArray(n) { b.getShort().toLong() }, *shape)
            "I8" -> return Tensor.ofLongs(LongArray(n) { b.get().toLong() }, *shape)
            "U8" -> return Tensor.ofLongs(LongArray(n) { (b.get().toInt() and 0xFF).toLong() }, *shape)
            "BOOL" -> return Tensor.ofBooleans(BooleanArray(n) { b.get().toInt() != 0 }, *shape)
        }
        return Tensor.of(f, *shape)
    }

    /**
     * Writes [tensors] (float32 as F32, int64 as I64, bool as BOOL) in the given order with optional string
     * [metadata]; the header is padded with spaces to a multiple of 8 bytes. Atomic: a crash never leaves a
     * partial file under [path].
     */
    @JvmStatic
    @JvmOverloads
    fun write(path: Path, tensors: Map<String, Tensor>, metadata: Map<String, String> = emptyMap()) {
        require(METADATA !in tensors) { "a tensor may not be named $METADATA" }
        var offset = 0L
        val header = buildJsonObject {
            if (metadata.isNotEmpty()) put(METADATA, buildJsonObject { for ((k, v) in metadata) put(k, v) })
            for ((name, t) in tensors) {
                val bytes = t.numel().toLong() * itemSize(t.dtype())
                put(name, buildJsonObject {
                    put(JsonKeys.DTYPE, dtypeName(t.dtype()))
                    putJsonArray(JsonKeys.SHAPE) { for (d in t.shape()) add(JsonPrimitive(d)) }
                    putJsonArray(JsonKeys.DATA_OFFSETS) { add(JsonPrimitive(offset)); add(JsonPrimitive(offset + bytes)) }
                })
                offset += bytes
            }
        }
        var headerBytes = header.toString().toByteArray(StandardCharsets.UTF_8)
        val padded = (headerBytes.size + 7) / 8 * 8
        headerBytes = headerBytes.copyOf(padded).also { java.util.Arrays.fill(it, headerBytes.size, padded, ' '.code.toByte()) }
        AtomicFile.write(path) { ch ->
            val lead = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.size.toLong()).flip()
            writeFully(ch, lead)
            writeFully(ch, ByteBuffer.wrap(headerBytes))
            for (t in tensors.values) writeFully(ch, encode(t))
        }
    }

    private fun writeFully(ch: java.nio.channels.WritableByteChannel, b: ByteBuffer) { while (b.hasRemaining()) ch.write(b) }

    private fun itemSize(t: DType) = when (t) { DType.FLOAT32 -> 4; DType.INT64 -> 8; DType.BOOL -> 1 }

    private fun dtypeName(t: DType) = when (t) { DType.FLOAT32 -> "F32"; DType.INT64 -> "I64"; DType.BOOL -> "BOOL" }

    private fun encode(t: Tensor): ByteBuffer {
        val v = t.toFloatArray()
        val b = ByteBuffer.allocate(v.size * itemSize(t.dtype())).order(ByteOrder.LITTLE_ENDIAN)
        when (t.dtype()) {
            DType.FLOAT32 -> b.asFloatBuffer().put(v).also { b.position(v.size * 4) }
            DType.INT64 -> for (x in v) b.putLong(x.toLong())
            DType.BOOL -> for (x in v) b.put(if (x != 0f) 1 else 0)
        }
        return b.flip()
    }
}
