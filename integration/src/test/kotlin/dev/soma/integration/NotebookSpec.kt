package dev.soma.integration

import dev.soma.data.FashionMnist
import io.kotest.assertions.withClue
import io.kotest.core.NamedTag
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.nio.file.Files
import java.util.Base64

/**
 * Runs notebooks/quickstart.ipynb in the real Kotlin kernel (0.11.0-398, through notebooks/install-kernel and nbclient) against
 * Soma installed in the local repository, and checks what each cell shows.
 */
class NotebookSpec : FunSpec({
    fun text(e: JsonElement?): String = when (e) {
        null -> ""
        is JsonArray -> e.joinToString("") { it.jsonPrimitive.content }
        else -> e.jsonPrimitive.content
    }

    test("the quick-start notebook runs in the Kotlin kernel and shows tensors, the summary, live progress, curves and the reload")
        .config(tags = setOf(NamedTag("slow")), enabledIf = { FashionMnist.locate(null).isPresent }) {
        Installed.requireInstalled(*Installed.ALL)
        val work = Files.createTempDirectory("soma-notebook")
        val install = Installed.run(listOf(Installed.root.resolve("notebooks/install-kernel").toString(), work.resolve("kernels").toString()),
            Installed.root, 600, mapOf("SOMA_MAVEN_OPTS" to Installed.mavenOptions.joinToString(" ")))
        withClue(install.output) { install.exit shouldBe 0 }
        val executed = work.resolve("quickstart.ipynb")
        val run = Installed.run(listOf("/usr/bin/python3", Installed.root.resolve("integration/src/test/python/execute_notebook.py").toString(),
            Installed.root.resolve("notebooks/quickstart.ipynb").toString(), executed.toString(), work.toString(), "soma-kotlin", "600"),
            work, 900, mapOf("JUPYTER_PATH" to work.toString()))
        withClue(run.output + "\nkernel log: " + work.resolve("kernels/soma-kotlin/kernel.log")) { run.exit shouldBe 0 }

        val cells = Json.parseToJsonElement(Files.readString(executed)).jsonObject["cells"]!!.jsonArray.map { it.jsonObject }
            .filter { it["cell_type"]!!.jsonPrimitive.content == "code" }
        fun cell(start: String) = cells.single { text(it["source"]).startsWith(start) }
        fun outputs(c: JsonObject) = c["outputs"]!!.jsonArray.map { it.jsonObject }
        fun html(c: JsonObject) = outputs(c).mapNotNull { it["data"]?.jsonObject?.get("text/html") }.joinToString("") { text(it) }
        fun stdout(c: JsonObject) = outputs(c).filter { it["output_type"] == JsonPrimitive("stream") }.joinToString("") { text(it["text"]) }
        for (c in cells) outputs(c).none { it["output_type"] == JsonPrimitive("error") } shouldBe true

        html(cell("val (train, test)")) shouldBe "<div class=\"soma-tensor\"><b>Tensor</b> shape [10] · int64" +
            "<pre>tensor([9, 0, 0, 3, 0, 2, 7, 2, 5, 5], shape=[10], dtype=torch.int64)</pre></div>"

        val summary = html(cell("Generator.manualSeed"))
        summary shouldContain "<tr><td>1 (Linear)</td><td>[1, 128]</td><td>100,480</td><td>100,352</td></tr>"
        summary shouldContain "<tr><td>3 (Linear)</td><td>[1, 10]</td><td>1,290</td><td>1,280</td></tr>"
        summary shouldContain "Total params: 101,770"

        val fit = cell("val history = model.fit")
        stdout(fit) shouldBe ""                                      // no console lines: the progress is drawn in the cell
        fit["metadata"]!!.jsonObject["soma_display_updates"]!!.jsonPrimitive.content.toInt() shouldBeGreaterThanOrEqual 2
        val progress = html(fit)
        progress shouldContain "<th>epoch</th><th>loss</th><th>accuracy</th><th>val_loss</th><th>val_accuracy</th>"
        progress shouldContain "<tr><td>1/2</td>"
        progress shouldContain "<tr><td>2/2</td>"
        progress shouldNotContain "<progress"

        val curves = html(cell("history"))
        val png = Base64.getDecoder().decode(curves.substringAfter("data:image/png;base64,").substringBefore("\""))
        String(png, 1, 3, Charsets.US_ASCII) shouldBe "PNG"
        curves shouldContain "epoch    loss  accuracy  val_loss  val_accuracy"

        val reload = stdout(cell("val file =")).trim().lines()
        reload[0] shouldBe "true"
        reload[1].removePrefix("test accuracy ").removeSuffix("%").toDouble() shouldBeGreaterThan 70.0
    }
})
