package dev.soma.plot

import dev.soma.train.History
import org.apache.batik.transcoder.TranscoderInput
import org.apache.batik.transcoder.TranscoderOutput
import org.apache.batik.transcoder.image.ImageTranscoder
import org.apache.batik.transcoder.image.PNGTranscoder
import org.jetbrains.letsPlot.Figure
import org.jetbrains.letsPlot.awt.plot.PlotSvgExport
import org.jetbrains.letsPlot.facet.facetWrap
import org.jetbrains.letsPlot.geom.geomLine
import org.jetbrains.letsPlot.geom.geomPoint
import org.jetbrains.letsPlot.ggsize
import org.jetbrains.letsPlot.intern.toSpec
import org.jetbrains.letsPlot.label.ggtitle
import org.jetbrains.letsPlot.label.labs
import org.jetbrains.letsPlot.letsPlot
import org.jetbrains.letsPlot.scale.scaleColorManual
import org.jetbrains.letsPlot.scale.scaleXContinuous
import java.awt.Color
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.StringReader
import java.nio.file.Files
import java.nio.file.Path

/**
 * Training curves of a [History] drawn with Lets-Plot: one panel per metric family ("loss", "accuracy", …),
 * epoch on x, the training metric and its "val_" twin as two colored lines with points.
 */
object TrainingCurves {
    private const val TRAIN = "train"
    private const val VALIDATION = "validation"
    private const val VAL_PREFIX = "val_"
    private const val PANEL_WIDTH = 420
    private const val HEIGHT = 360
    private const val PNG_SCALE = 2

    /** The figure of [history]'s curves (a notebook renders it); missing (NaN) epochs are left out. */
    @JvmStatic
    fun plot(history: History): Figure {
        val epochs = history.epochs()
        require(epochs > 0 && history.metricNames().isNotEmpty()) { "cannot plot training curves: the history is empty (no epochs recorded)" }
        val families = LinkedHashSet<String>()
        val epoch = ArrayList<Int>()
        val value = ArrayList<Double>()
        val metric = ArrayList<String>()
        val split = ArrayList<String>()
        for (name in history.metricNames()) {
            val validation = name.startsWith(VAL_PREFIX) && name.length > VAL_PREFIX.length
            val family = if (validation) name.substring(VAL_PREFIX.length) else name
            families += family
            history.values(name).forEachIndexed { e, v ->
                if (!v.isNaN()) {
                    epoch += e + 1; value += v; metric += family; split += if (validation) VALIDATION else TRAIN
                }
            }
        }
        require(value.isNotEmpty()) { "cannot plot training curves: every value of ${history.metricNames()} is missing (NaN)" }
        val splits = listOf(TRAIN, VALIDATION).filter { it in split }
        val data = mapOf("epoch" to epoch, "value" to value, "metric" to metric, "split" to split)
        return letsPlot(data) +
            geomLine(size = 1.0) { x = "epoch"; y = "value"; color = "split" } +
            geomPoint(size = 2.5) { x = "epoch"; y = "value"; color = "split" } +
            // order = 0 keeps the panels in first-recorded order (loss before accuracy).
            facetWrap(facets = "metric", ncol = families.size, scales = "free_y", order = 0) +
            scaleColorManual(values = splits.map { if (it == TRAIN) "#1f77b4" else "#ff7f0e" }, limits = splits, name = "") +
            // Every epoch is a tick while they fit; beyond, Lets-Plot picks the ticks. Either way they read as integers.
            scaleXContinuous(breaks = if (epochs <= 12) (1..epochs).toList() else null, format = "d") +
            labs(x = "epoch", y = "") +
            ggtitle("Training curves ($epochs epoch${if (epochs == 1) "" else "s"})") +
            ggsize(PANEL_WIDTH * families.size + 120, HEIGHT)
    }

    /** [history]'s curves as an SVG document. */
    @JvmStatic
    fun svg(history: History): String = PlotSvgExport.buildSvgImageFromRawSpecs(plot(history).toSpec())

    /** [history]'s curves as PNG bytes: the SVG rasterized by Batik at twice its size, on white. */
    @JvmStatic
    fun png(history: History): ByteArray {
        val svg = svg(history)
        val out = ByteArrayOutputStream()
        val transcoder = PNGTranscoder()
        transcoder.addTranscodingHint(ImageTranscoder.KEY_BACKGROUND_COLOR, Color.WHITE)
        svgWidth(svg)?.let { transcoder.addTranscodingHint(ImageTranscoder.KEY_WIDTH, (it * PNG_SCALE).toFloat()) }
        transcoder.transcode(TranscoderInput(StringReader(svg)), TranscoderOutput(out))
        return out.toByteArray()
    }

    /** Writes [history]'s curves to [path] as PNG or SVG by its extension, creating its folder. */
    @JvmStatic
    @Throws(IOException::class)
    fun save(history: History, path: Path) {
        val ext = path.fileName?.toString()?.substringAfterLast('.', "")?.lowercase().orEmpty()
        val bytes = when (ext) {
            "png" -> png(history)
            "svg" -> svg(history).toByteArray(Charsets.UTF_8)
            else -> throw IllegalArgumentException("cannot save training curves to '$path': " +
                (if (ext.isEmpty()) "it has no extension" else "unknown extension '.$ext'") + " (use .png or .svg)")
        }
        path.toAbsolutePath().parent?.let { Files.createDirectories(it) }
        Files.write(path, bytes)
    }

    private fun svgWidth(svg: String): Double? =
        Regex("""<svg[^>]*?\swidth="([0-9.]+)""").find(svg)?.groupValues?.get(1)?.toDoubleOrNull()
}
