package dev.soma.serialization

import java.nio.channels.FileChannel
import java.nio.file.AtomicMoveNotSupportedException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.StandardOpenOption

/**
 * Writes a file so that readers see the old contents or the new ones, never a part: the data goes to a
 * temporary file in the same folder, is forced to disk, then renamed over the target.
 */
object AtomicFile {
    @JvmStatic
    fun write(path: Path, body: (FileChannel) -> Unit) {
        val target = path.toAbsolutePath()
        val dir = target.parent ?: throw IllegalArgumentException("$path has no parent folder")
        Files.createDirectories(dir)
        val tmp = Files.createTempFile(dir, ".${target.fileName}.", ".tmp")
        try {
            FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING).use { ch ->
                body(ch)
                ch.force(true)
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
            } catch (e: AtomicMoveNotSupportedException) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING)
            }
        } finally {
            Files.deleteIfExists(tmp)
        }
    }
}
