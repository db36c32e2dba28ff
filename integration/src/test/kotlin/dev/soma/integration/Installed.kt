package dev.soma.integration

import io.kotest.assertions.fail
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** The repository, its Maven wrapper and local repository, and running commands the way a user would. */
object Installed {
    val root: Path = Path.of(System.getProperty("soma.root") ?: "..").toAbsolutePath().normalize()
    val version: String = System.getProperty("soma.version") ?: "0.1.0-SNAPSHOT"
    val mvnw: Path = root.resolve("mvnw")
    private val localRepository: Path = Path.of(System.getProperty("maven.repo.local") ?: (System.getProperty("user.home") + "/.m2/repository"))

    /** Maven options every nested build takes: the same local repository as this build. */
    val mavenOptions: List<String> = listOf("-B", "-Dmaven.repo.local=$localRepository")

    /** What a finished command printed (standard output and error together) and its exit code. */
    data class Run(val exit: Int, val output: String)

    /** Runs [command] in [dir], failing the test when it outlives [timeoutSeconds]. */
    fun run(command: List<String>, dir: Path, timeoutSeconds: Long, env: Map<String, String> = emptyMap()): Run {
        val log = Files.createTempFile("soma-run", ".log")
        val process = ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).also { it.environment().putAll(env) }.start()
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach { it.destroyForcibly() }
            process.destroyForcibly()
            fail("timed out after $timeoutSeconds s: ${command.joinToString(" ")}\n" + Files.readString(log))
        }
        return Run(process.exitValue(), Files.readString(log)).also { Files.delete(log) }
    }

    /** Fails, naming the command to run, unless every Soma jar in the local repository is the one built here. */
    fun requireInstalled(vararg modules: Pair<String, String>) {
        // Every module's pom inherits its dependency versions from the parent's: a stale parent loses dependencies.
        val parent = localRepository.resolve("dev/soma/soma-parent/$version/soma-parent-$version.pom")
        if (!Files.exists(parent) || Files.mismatch(parent, root.resolve("pom.xml")) != -1L)
            fail("$parent is not this repository's pom.xml: run ./mvnw -B install (the integration tests use Soma from the local repository)")
        for ((folder, artifact) in modules) {
            val jar = "$artifact-$version.jar"
            val installed = localRepository.resolve("dev/soma/$artifact/$version/$jar")
            if (!Files.exists(installed)) fail("$installed is missing: run ./mvnw -B install (the integration tests use Soma from the local repository)")
            val built = root.resolve("$folder/target/$jar")
            if (Files.exists(built) && Files.mismatch(installed, built) != -1L)
                fail("$installed differs from $built: run ./mvnw -B install (the integration tests use Soma from the local repository)")
        }
    }

    val ALL = arrayOf("core-java" to "soma-core", "dsl-kotlin" to "soma-dsl", "serialization" to "soma-serialization",
        "plot" to "soma-plot", "jupyter" to "soma-jupyter", "spark" to "soma-spark")
}
