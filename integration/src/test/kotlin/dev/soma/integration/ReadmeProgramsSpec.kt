package dev.soma.integration

import dev.soma.data.FashionMnist
import io.kotest.assertions.withClue
import io.kotest.core.NamedTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldContainOnlyOnce
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import kotlin.io.path.name

/**
 * The README's complete programs ("## A complete program"), taken from README.md as written: the Kotlin one replaces Main.kt
 * in a copy of samples/kotlin-quickstart, the Java one is the only source of a copy of samples/fashion, and each is built
 * and run there with `mvn compile exec:exec` against the installed snapshot.
 */
class ReadmeProgramsSpec : FunSpec({
    val readme = Files.readString(Installed.root.resolve("README.md"))
    val section = readme.substringAfter("\n## A complete program\n").substringBefore("\n## ")

    fun block(language: String): String {
        val start = section.indexOf("```$language\n")
        check(start >= 0) { "README.md: no $language block under '## A complete program'" }
        val code = section.substring(start + language.length + 4)
        return code.substring(0, code.indexOf("\n```")) + "\n"
    }

    fun template(sample: String): Path {
        val from = Installed.root.resolve("samples/$sample")
        val to = Files.createTempDirectory("soma-readme").resolve(sample)
        Files.walk(from).use { paths ->
            paths.filter { p -> from.relativize(p).none { it.name == "target" || it.name == "src" } }.forEach { p ->
                val dest = to.resolve(from.relativize(p).toString())
                if (Files.isDirectory(p)) Files.createDirectories(dest) else Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES)
            }
        }
        return to
    }

    fun checkRun(dir: Path, extra: List<String>) {
        val command = listOf(Installed.mvnw.toString(), "-o", "-q") + Installed.mavenOptions + listOf("compile", "exec:exec") + extra
        val run = Installed.run(command, dir, 900)
        withClue("${command.joinToString(" ")} in $dir:\n${run.output}") {
            run.exit shouldBe 0
            run.output shouldContain "Sequential summary for input [1, 1, 28, 28]"
            run.output shouldContain "Total params: 101,770"
            run.output.shouldContainOnlyOnce("val_accuracy\n    1  ")
            val accuracy = Regex("test accuracy: ([0-9.]+)%").find(run.output)!!.groupValues[1]
            accuracy.toDouble() shouldBeGreaterThan 70.0
            run.output shouldContain "reloaded: $accuracy%"
            (Files.size(dir.resolve("target/fashion-mlp.safetensors")) > 400_000L) shouldBe true
            String(Files.readAllBytes(dir.resolve("target/fashion-curves.png")), 1, 3, Charsets.US_ASCII) shouldBe "PNG"
        }
    }

    test("the Kotlin program compiles and runs as written").config(tags = setOf(NamedTag("slow")), enabledIf = { FashionMnist.locate(null).isPresent }) {
        Installed.requireInstalled(*Installed.ALL)
        val dir = template("kotlin-quickstart")
        Files.createDirectories(dir.resolve("src/main/kotlin"))
        Files.writeString(dir.resolve("src/main/kotlin/Main.kt"), block("kotlin"))
        checkRun(dir, emptyList())
    }

    test("the Java program compiles and runs as written").config(tags = setOf(NamedTag("slow")), enabledIf = { FashionMnist.locate(null).isPresent }) {
        Installed.requireInstalled(*Installed.ALL)
        val dir = template("fashion")
        Files.createDirectories(dir.resolve("src/main/java"))
        Files.writeString(dir.resolve("src/main/java/Main.java"), block("java"))
        checkRun(dir, listOf("-Dmain.class=Main", "-Dsample.args="))
    }
})
