package dev.soma.integration

import io.kotest.core.NamedTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.ZipFile

/**
 * `install` puts a -sources jar beside every Soma jar, so an IDE shows the Javadoc, the KDoc and the code, and a -javadoc
 * jar beside soma-core's, the Java API's documentation.
 */
class SourcesJarsSpec : FunSpec({
    val expected = mapOf("soma-core" to "dev/soma/tensor/Tensor.java", "soma-dsl" to "dev/soma/dsl/Training.kt",
        "soma-serialization" to "dev/soma/serialization/ModelFile.kt", "soma-plot" to "dev/soma/plot/TrainingCurves.kt",
        "soma-jupyter" to "dev/soma/jupyter/SomaIntegration.kt", "soma-spark" to "dev/soma/spark/SparkTrainer.java")
    for ((artifact, source) in expected) {
        test("$artifact is installed with its sources").config(tags = setOf(NamedTag("slow"))) {
            Installed.requireInstalled(*Installed.ALL)
            val repo = Path.of(System.getProperty("maven.repo.local") ?: (System.getProperty("user.home") + "/.m2/repository"))
            val jar = repo.resolve("dev/soma/$artifact/${Installed.version}/$artifact-${Installed.version}-sources.jar")
            Files.exists(jar) shouldBe true
            ZipFile(jar.toFile()).use { zip -> (zip.getEntry(source) != null) shouldBe true }
        }
    }

    test("soma-core is installed with its Javadoc").config(tags = setOf(NamedTag("slow"))) {
        Installed.requireInstalled(*Installed.ALL)
        val repo = Path.of(System.getProperty("maven.repo.local") ?: (System.getProperty("user.home") + "/.m2/repository"))
        val jar = repo.resolve("dev/soma/soma-core/${Installed.version}/soma-core-${Installed.version}-javadoc.jar")
        Files.exists(jar) shouldBe true
        ZipFile(jar.toFile()).use { zip -> (zip.getEntry("dev/soma/tensor/Tensor.html") != null) shouldBe true }
    }
})
