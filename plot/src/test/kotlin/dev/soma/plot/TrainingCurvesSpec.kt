package dev.soma.plot

import dev.soma.train.History
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import org.jetbrains.letsPlot.intern.toSpec
import java.awt.GraphicsEnvironment
import java.lang.reflect.Modifier
import java.nio.ByteBuffer
import java.nio.file.Files
import java.nio.file.Path

private val PNG_MAGIC = byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte(), 0x0D, 0x0A, 0x1A, 0x0A)

private fun history(vararg metrics: String, epochs: Int = 5): History {
    val h = History()
    for (e in 0 until epochs) h.addEpoch(metrics.withIndex().associate { (i, name) -> name to 1.0 / (e + 1) + 0.1 * i })
    return h
}

/** The width and height in a PNG's IHDR chunk. */
private fun pngSize(bytes: ByteArray): Pair<Int, Int> = ByteBuffer.wrap(bytes, 16, 8).let { it.int to it.int }

class TrainingCurvesSpec : FunSpec({
    fun tempDir(): Path = tempdir("soma-plot").toPath()       // deleted after the spec

    test("tests run headless") {
        GraphicsEnvironment.isHeadless() shouldBe true
    }

    test("a 5-epoch history with train and validation metrics is written as PNG and SVG") {
        val h = history("loss", "accuracy", "val_loss", "val_accuracy")
        val dir = tempDir()
        val png = dir.resolve("curves.png")
        val svg = dir.resolve("curves.SVG")
        h.savePlot(png)
        h.savePlot(svg)

        val bytes = Files.readAllBytes(png)
        bytes.copyOfRange(0, 8).toList() shouldBe PNG_MAGIC.toList()
        bytes.size shouldBeGreaterThan 10_000
        val (width, height) = pngSize(bytes)
        width shouldBe 2 * (2 * 420 + 120)        // two panels, rendered at twice the SVG's size
        height shouldBe 2 * 360

        val text = Files.readString(svg)
        text shouldContain "<svg"
        text shouldContain "loss"
        text shouldContain "accuracy"
        text shouldContain "train"
        text shouldContain "validation"
        text shouldContain "Training curves (5 epochs)"
        text shouldNotContain "val_loss"          // validation joins its training metric's panel
    }

    test("a history with only training metrics has one line per panel") {
        val h = history("loss", "accuracy")
        val text = TrainingCurves.svg(h)
        text shouldContain "loss"
        text shouldContain "accuracy"
        text shouldContain "train"
        text shouldNotContain "validation"
        val file = tempDir().resolve("nested/folder/train-only.png")
        h.savePlot(file)
        Files.readAllBytes(file).copyOfRange(0, 8).toList() shouldBe PNG_MAGIC.toList()
    }

    test("missing epochs (NaN) are left out and a validation-only metric gets its own panel") {
        val h = History()
        for (e in 1..4) h.addEpoch(if (e % 2 == 0) mapOf("loss" to 1.0 / e, "val_top5" to 0.5 + e / 10.0) else mapOf("loss" to 1.0 / e))
        val text = TrainingCurves.svg(h)
        text shouldContain "top5"
        text shouldContain "validation"
    }

    test("plot returns a figure for notebooks") {
        val spec = history("loss").plot().toSpec()
        spec["kind"] shouldBe "plot"
    }

    test("Java calls one static method") {
        val save = TrainingCurves::class.java.getMethod("save", History::class.java, Path::class.java)
        Modifier.isStatic(save.modifiers) shouldBe true
        val file = tempDir().resolve("curves.svg")
        save.invoke(null, history("loss", "val_loss"), file)
        Files.readString(file) shouldContain "<svg"
    }

    test("unknown or missing extensions are refused, naming the path") {
        val h = history("loss")
        for ((name, problem) in listOf("curves.jpg" to "unknown extension '.jpg'", "curves" to "no extension", "curves.png.txt" to "'.txt'")) {
            val path = tempDir().resolve(name)
            val e = shouldThrow<IllegalArgumentException> { h.savePlot(path) }
            e.message shouldContain path.toString()
            e.message shouldContain problem
            e.message shouldContain ".png or .svg"
            Files.exists(path) shouldBe false
        }
    }

    test("an empty history is refused") {
        shouldThrow<IllegalArgumentException> { History().plot() }.message shouldContain "empty"
        shouldThrow<IllegalArgumentException> { History().savePlot(tempDir().resolve("c.png")) }.message shouldContain "empty"
        val noMetrics = History().apply { addEpoch(emptyMap()) }
        shouldThrow<IllegalArgumentException> { noMetrics.plot() }.message shouldContain "empty"
        val allNaN = History().apply { addEpoch(mapOf("loss" to Double.NaN)) }
        shouldThrow<IllegalArgumentException> { allNaN.plot() }.message shouldContain "missing"
    }
})
