package dev.soma.conformance

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import kotlin.io.path.extension
import kotlin.io.path.isDirectory
import kotlin.io.path.nameWithoutExtension

/** Where the golden family files live: system property `golden.dir` (set by Surefire), else ../../shared/golden. */
object GoldenFiles {
    const val PROPERTY = "golden.dir"

    /** The golden folder; fails naming the path and the property when it does not exist. */
    fun dir(): Path {
        val d = Paths.get(System.getProperty(PROPERTY) ?: "../../shared/golden").toAbsolutePath().normalize()
        if (!d.isDirectory())
            throw IllegalStateException("golden folder $d does not exist; set -D$PROPERTY=<folder holding FAMILY.json files>")
        return d
    }

    /** The family files in [dir] by family name (file name without `.json`), sorted. */
    fun families(dir: Path = dir()): Map<String, Path> =
        Files.list(dir).use { s -> s.filter { it.extension == "json" }.sorted().toList() }.associateBy { it.nameWithoutExtension }
}
