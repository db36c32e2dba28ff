package dev.soma.serialization

import java.nio.channels.FileChannel
import java.nio.file.AtomicMoveNotSupportedException
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFileAttributeView
import java.util.concurrent.ThreadLocalRandom

/**
 * Writes a file so that readers see the old contents or the new ones, never a part: the data goes to a
 * temporary file in the same folder, is forced to disk, then renamed over the target.
 *
 * The file gets the permissions any program's new file gets (the user's umask applied to rw-rw-rw-), not the
 * owner-only ones of [Files.createTempFile]; a file it replaces keeps its own permissions, as when overwritten in place.
 */
object AtomicFile {
    @JvmStatic
    fun write(path: Path, body: (FileChannel) -> Unit) {
        val target = path.toAbsolutePath()
        val dir = target.parent ?: throw IllegalArgumentException("$path has no parent folder")
        Files.createDirectories(dir)
        val (tmp, channel) = createTemp(dir, target.fileName.toString())
        try {
            channel.use { ch ->
                body(ch)
                ch.force(true)
            }
            keepPermissions(target, tmp)
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
            } catch (e: AtomicMoveNotSupportedException) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING)
            }
        } finally {
            Files.deleteIfExists(tmp)
        }
    }

    /** A new file `.<name>.<random>.tmp` beside the target, created without attributes so the umask decides its mode. */
    private fun createTemp(dir: Path, name: String): Pair<Path, FileChannel> {
        while (true) {
            val tmp = dir.resolve(".$name.${java.lang.Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)}.tmp")
            try {
                return tmp to FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            } catch (e: FileAlreadyExistsException) {
                // another writer's name: draw again
            }
        }
    }

    private fun keepPermissions(target: Path, tmp: Path) {
        val view = Files.getFileAttributeView(target, PosixFileAttributeView::class.java) ?: return
        if (!Files.exists(target)) return
        Files.getFileAttributeView(tmp, PosixFileAttributeView::class.java)?.setPermissions(view.readAttributes().permissions())
    }
}
