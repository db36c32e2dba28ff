package dev.soma.integration

import io.kotest.assertions.withClue
import io.kotest.core.NamedTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import kotlin.io.path.name

/**
 * Every sample named in samples/pom.xml is a template: copied alone to a temporary folder, it compiles, its tests pass
 * (the fast ones: `slow` ones run in the reactor) and `exec:exec` runs it with the Vector API, against Soma from the
 * local repository. A sample's pom may give `sample.test.args`, the arguments of that quick run.
 */
class TemplatesSpec : FunSpec({
    val samples = Regex("<module>\\s*([^<\\s]+)\\s*</module>").findAll(Files.readString(Installed.root.resolve("samples/pom.xml")))
        .map { it.groupValues[1] }.toList()

    test("samples/pom.xml names the sample folders") {
        samples shouldContainAll listOf("spiral", "mlp", "fashion", "fashion-cnn", "kotlin-quickstart")
    }

    for (sample in samples) {
        val pom = Files.readString(Installed.root.resolve("samples/$sample/pom.xml"))

        test("$sample: its pom stands alone and runs java with the Vector API flag") {
            pom shouldNotContain "<parent>"
            pom shouldContain "<artifactId>exec-maven-plugin</artifactId>"
            pom shouldContain "<executable>java</executable>"
            // as <arguments> (one per element) or as one <commandlineArgs> line
            val flag = Regex("<argument>jdk.incubator.vector</argument>|<commandlineArgs>[^<]*--add-modules jdk.incubator.vector")
            withClue("the Vector API flag in $sample's exec configuration") { flag.containsMatchIn(pom) shouldBe true }
        }

        test("$sample: a copy outside the repository compiles, passes its tests and runs").config(tags = setOf(NamedTag("slow"))) {
            Installed.requireInstalled(*Installed.ALL)
            val copy = Files.createTempDirectory("soma-template").resolve(sample)
            copyTree(Installed.root.resolve("samples/$sample"), copy)
            val args = Regex("<sample.test.args>([^<]*)</sample.test.args>").find(pom)?.groupValues?.get(1)?.trim()
            val command = listOf(Installed.mvnw.toString(), "-o", "-q") + Installed.mavenOptions +
                listOf("-DexcludedGroups=slow", "test", "exec:exec") + listOfNotNull(args?.let { "-Dsample.args=$it" })
            val run = Installed.run(command, copy, 900)
            withClue("${command.joinToString(" ")} in $copy:\n${run.output}") { run.exit shouldBe 0 }
            Files.isDirectory(copy.resolve("target/classes")) shouldBe true
        }
    }
})

/** Copies [from] to [to] without build output. */
private fun copyTree(from: Path, to: Path) {
    Files.walk(from).use { paths ->
        paths.filter { p -> from.relativize(p).none { it.name == "target" } }.forEach { p ->
            val dest = to.resolve(from.relativize(p).toString())
            if (Files.isDirectory(p)) Files.createDirectories(dest) else Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES)
        }
    }
}
