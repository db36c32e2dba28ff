package dev.soma.plot

import dev.soma.train.History
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class TrainingCurvesSpec : FunSpec({
    System.setProperty("java.awt.headless", "true")
    val dir = Files.createTempDirectory("curves")

    fun history(withValidation: Boolean) = History().apply {
        for (e in 0 until 5) addEpoch(buildMap {
            put("loss", 1.0 / (e + 1)); put("accuracy", 0.5 + 0.08 * e)
            if (withValidation) { put("val_loss", 1.2 / (e + 1)); put("val_accuracy", 0.45 + 0.08 * e) }
        })
    }

    test("PNG: one panel per metric, written headless") {
        val p = dir.resolve("curves.png")
        history(true).savePlot(p)
        val bytes = Files.readAllBytes(p)
        bytes.copyOfRange(0, 8).toList() shouldBe listOf(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A).map { it.toByte() }
        bytes.size shouldBeGreaterThan 5_000
        val image = javax.imageio.ImageIO.read(p.toFile())
        image.width shouldBe 2 * 520
    }

    test("SVG: a vector drawing two panels wide (text is drawn as glyph outlines)") {
        val p = dir.resolve("curves.svg")
        TrainingCurves.save(history(true), p)
        val svg = Files.readString(p)
        svg shouldContain "<svg"
        svg shouldContain "width=\"1040px\""
        svg.trimEnd().endsWith("</svg>") shouldBe true
        Regex("<path").findAll(svg).count() shouldBeGreaterThan 20
    }

    test("training-only histories plot one series per panel") {
        val charts = history(false).charts()
        charts.map { it.title } shouldBe listOf("loss", "accuracy")
        charts.forEach { it.seriesMap.keys shouldBe setOf("train") }
    }

    test("bad requests are refused clearly") {
        shouldThrow<IllegalArgumentException> { history(true).savePlot(dir.resolve("curves.gif")) }.message!! shouldContain "curves.gif"
        shouldThrow<IllegalArgumentException> { History().savePlot(dir.resolve("empty.png")) }.message!! shouldContain "empty"
    }
})
