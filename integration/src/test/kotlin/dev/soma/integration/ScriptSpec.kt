package dev.soma.integration

import dev.soma.data.FashionMnist
import io.kotest.assertions.withClue
import io.kotest.core.NamedTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files

/** The README's script command, `scripts/kts scripts/fashion.main.kts`, run with a short training from another folder. */
class ScriptSpec : FunSpec({
    test("scripts/kts runs fashion.main.kts: it trains, prints the summary and the history, and saves the curves")
        .config(tags = setOf(NamedTag("slow")), enabledIf = { FashionMnist.locate(null).isPresent }) {
        Installed.requireInstalled(*Installed.ALL)
        val work = Files.createTempDirectory("soma-script")
        val run = Installed.run(listOf(Installed.root.resolve("scripts/kts").toString(), Installed.root.resolve("scripts/fashion.main.kts").toString(),
            "1", "2000"), work, 600, mapOf("SOMA_MAVEN_OPTS" to Installed.mavenOptions.joinToString(" ")))
        withClue(run.output) {
            run.exit shouldBe 0
            run.output shouldContain "Sequential summary for input [1, 1, 28, 28]"
            run.output shouldContain "Total params: 101,770"
            run.output shouldContain "epoch   loss  accuracy  val_loss  val_accuracy\n    1  "
            run.output shouldContain "curves: " + work.resolve("fashion-curves.png").toRealPath()
            run.output shouldNotContain "SLF4J"
        }
        val png = Files.readAllBytes(work.resolve("fashion-curves.png"))
        String(png, 1, 3, Charsets.US_ASCII) shouldBe "PNG"
    }
})
