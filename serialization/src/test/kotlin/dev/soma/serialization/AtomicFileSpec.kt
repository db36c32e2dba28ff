package dev.soma.serialization

import dev.soma.nn.Linear
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermissions

class AtomicFileSpec : FunSpec({
    val dir = Files.createTempDirectory("atomic")
    fun mode(p: java.nio.file.Path) = PosixFilePermissions.toString(Files.getPosixFilePermissions(p))

    test("a saved model gets the permissions of any new file in its folder (the umask's), not createTempFile's rw-------") {
        val normal = Files.createFile(dir.resolve("normal"))
        val model = dir.resolve("model.safetensors")
        ModelFile.save(Linear(2, 3), model)
        mode(model) shouldBe mode(normal)
        val ck = dir.resolve("sub/checkpoint.safetensors")
        Checkpoint.save(ck, Linear(2, 3))
        mode(ck) shouldBe mode(Files.createFile(dir.resolve("sub/normal")))
        Files.list(dir).use { files -> files.filter { it.fileName.toString().endsWith(".tmp") }.count() } shouldBe 0L
    }

    test("a file replaced keeps its own permissions, as when overwritten in place") {
        val model = dir.resolve("kept.safetensors")
        ModelFile.save(Linear(2, 3), model)
        Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-r-----"))
        ModelFile.save(Linear(2, 4), model)
        mode(model) shouldBe "rw-r-----"
        (loadModel(model) as Linear).outFeatures shouldBe 4
    }

    test("a failed write leaves the old file and no temporary file behind") {
        val target = dir.resolve("old.bin")
        Files.writeString(target, "old")
        shouldThrow<IllegalStateException> { AtomicFile.write(target) { ch -> ch.write(java.nio.ByteBuffer.wrap(byteArrayOf(1))); error("disk full") } }
        Files.readString(target) shouldBe "old"
        Files.list(dir).use { files -> files.filter { it.fileName.toString().startsWith(".old.bin") }.count() } shouldBe 0L
    }
})
