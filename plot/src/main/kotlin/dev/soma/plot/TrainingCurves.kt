package dev.soma.plot

import de.erichseifert.vectorgraphics2d.VectorGraphics2D
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor
import de.erichseifert.vectorgraphics2d.util.PageSize
import dev.soma.train.History
import org.knowm.xchart.XYChart
import org.knowm.xchart.XYChartBuilder
import org.knowm.xchart.style.markers.SeriesMarkers
import java.awt.Color
import java.awt.Graphics2D
import java.awt.RenderingHints
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO

/**
 * Training curves of a [History]: one panel per metric (loss, accuracy, …), epoch on x, the training series and
 * its validation twin (`val_` prefix) as two lines with points. Drawn by XChart; written as PNG or SVG, headless.
 */
object TrainingCurves {
    private const val PANEL_WIDTH = 520
    private const val PANEL_HEIGHT = 360

    /** One chart per metric family, in the history's order. */
    @JvmStatic
    fun charts(history: History): List<XYChart> {
        require(history.epochs() > 0) { "the history is empty: nothing to plot" }
        val families = history.metricNames().map { it.removePrefix("val_") }.distinct()
        val epochs = DoubleArray(history.epochs()) { (it + 1).toDouble() }
        return families.map { name ->
            val chart = XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(name).xAxisTitle("epoch").yAxisTitle(name).build()
            chart.styler.isChartTitleVisible = true
            chart.styler.isLegendVisible = true
            chart.styler.chartBackgroundColor = Color.WHITE
            for ((label, key) in listOf("train" to name, "validation" to "val_$name")) {
                if (!history.has(key)) continue
                val values = history.values(key)
                val xs = ArrayList<Double>()
                val ys = ArrayList<Double>()
                for (i in values.indices) if (!values[i].isNaN()) { xs += epochs[i]; ys += values[i] }
                if (xs.isEmpty()) continue
                chart.addSeries(label, xs, ys).marker = SeriesMarkers.CIRCLE
            }
            chart
        }
    }

    /** Writes the curves to [path]: PNG or SVG, chosen by the file extension. */
    @JvmStatic
    fun save(history: History, path: Path) {
        val panels = charts(history)
        val width = PANEL_WIDTH * panels.size
        val name = path.fileName.toString().lowercase()
        path.toAbsolutePath().parent?.let { Files.createDirectories(it) }
        when {
            name.endsWith(".png") -> {
                val image = BufferedImage(width, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB)
                val g = image.createGraphics()
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON)
                paint(g, panels)
                g.dispose()
                if (!ImageIO.write(image, "png", path.toFile())) throw IllegalStateException("no PNG writer available for $path")
            }
            name.endsWith(".svg") -> {
                val g = VectorGraphics2D()
                paint(g, panels)
                val document = SVGProcessor().getDocument(g.commands, PageSize(0.0, 0.0, width.toDouble(), PANEL_HEIGHT.toDouble()))
                Files.newOutputStream(path).use { document.writeTo(it) }
            }
            else -> throw IllegalArgumentException("$path: training curves are written as .png or .svg")
        }
    }

    private fun paint(g: Graphics2D, panels: List<XYChart>) {
        for ((i, chart) in panels.withIndex()) {
            val panel = g.create(i * PANEL_WIDTH, 0, PANEL_WIDTH, PANEL_HEIGHT) as Graphics2D
            chart.paint(panel, PANEL_WIDTH, PANEL_HEIGHT)
            panel.dispose()
        }
    }
}

/** The training curves as XChart charts, one per metric. */
fun History.charts(): List<XYChart> = TrainingCurves.charts(this)

/** Writes the training curves as PNG or SVG (by extension). */
fun History.savePlot(path: Path) = TrainingCurves.save(this, path)
