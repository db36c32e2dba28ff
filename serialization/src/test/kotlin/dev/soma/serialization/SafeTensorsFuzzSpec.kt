package dev.soma.serialization

import dev.soma.nn.Linear
import dev.soma.nn.ReLU
import dev.soma.nn.Sequential
import dev.soma.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.property.Arb
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.int
import io.kotest.property.arbitrary.list
import io.kotest.property.arbitrary.long
import io.kotest.property.checkAll
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files

/**
 * Mutates valid model files (flipped bytes, truncation, extension, a rewritten header length) and reads them:
 * the reader either returns or raises its documented ModelFormatException, never anything else. Seeded and
 * bounded so CI time stays fixed.
 */
class SafeTensorsFuzzSpec : FunSpec({
    val dir = Files.createTempDirectory("fuzz")
    val valid = dir.resolve("valid.safetensors").also { ModelFile.save(Sequential(Linear(3, 4), ReLU(), Linear(4, 2)), it) }
    val plain = dir.resolve("plain.safetensors").also {
        SafeTensors.write(it, mapOf("a" to Tensor.of(1f, 2f), "i" to Tensor.ofLongs(longArrayOf(3), 1)), mapOf("k" to "v"))
    }
    val seeds = listOf(Files.readAllBytes(valid), Files.readAllBytes(plain))

    fun readsCleanly(bytes: ByteArray) {
        val f = dir.resolve("case.safetensors")
        Files.write(f, bytes)
        try {
            SafeTensors.readWithMetadata(f)
            ModelFile.loadModel(f)
        } catch (e: ModelFormatException) {
            // documented
        }
    }

    test("random byte flips, truncations and extensions raise only ModelFormatException") {
        checkAll(PropTestConfig(seed = 20261122L, iterations = 1500), Arb.int(0, 1), Arb.list(Arb.int(0, Int.MAX_VALUE), 1..6),
            Arb.int(-3, 3)) { which, positions, resize ->
            val base = seeds[which]
            var bytes = base.copyOf()
            for (p in positions) bytes[p % bytes.size] = (bytes[p % bytes.size].toInt() xor (1 shl (p % 8))).toByte()
            if (resize < 0) bytes = bytes.copyOf(maxOf(0, bytes.size + resize * 7))
            if (resize > 0) bytes = bytes + ByteArray(resize * 5) { it.toByte() }
            readsCleanly(bytes)
        }
    }

    test("any header length, however large or negative, is refused before allocation") {
        checkAll(PropTestConfig(seed = 7L, iterations = 300), Arb.long()) { length ->
            val bytes = seeds[1].copyOf()
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length)
            readsCleanly(bytes)
        }
    }
})
