package dev.soma.jupyter

import dev.soma.train.TrainingListener
import java.util.Locale

/**
 * Shows training live in a notebook cell: one HTML block, redrawn in place, holding a table of the finished epochs
 * (logged values, seconds, samples/s) and, while an epoch runs, a progress bar with its running means. [show] receives
 * each version of the block, `first` for the one that creates the display; batch redraws come at most every
 * [intervalMillis] (epoch starts and ends always redraw).
 */
class NotebookProgress @JvmOverloads constructor(
    private val show: (html: String, first: Boolean) -> Unit,
    private val intervalMillis: Long = 250,
    private val clock: () -> Long = { System.nanoTime() / 1_000_000 },
) : TrainingListener {
    private var columns: List<String> = emptyList()
    private val rows = ArrayList<String>()
    private var running: String? = null
    private var shown = false
    private var lastDraw = Long.MIN_VALUE
    private var epochsOfRun = 0

    override fun onEpochStart(epoch: Int, epochs: Int, batches: Int) {
        running = bar(epoch, epochs, 0, batches, emptyMap(), 0.0)
        draw(force = true)
    }

    override fun onBatch(epoch: Int, batch: Int, batches: Int, running: Map<String, Double>, samplesPerSecond: Double) {
        this.running = bar(epoch, -1, batch + 1, batches, running, samplesPerSecond)
        draw(force = false)
    }

    override fun onEpochEnd(epoch: Int, epochs: Int, logs: Map<String, Double>, seconds: Double, samplesPerSecond: Double) {
        if (columns.isEmpty()) columns = logs.keys.toList()
        val cells = StringBuilder("<tr><td>").append(epoch + 1).append('/').append(epochs).append("</td>")
        for (c in columns) cells.append("<td>").append(logs[c]?.let { value(it) } ?: "").append("</td>")
        cells.append("<td>").append(String.format(Locale.ROOT, "%.1f", seconds)).append("</td><td>")
            .append(String.format(Locale.ROOT, "%.0f", samplesPerSecond)).append("</td></tr>")
        rows += cells.toString()
        running = null
        draw(force = true)
    }

    /** The block as it stands: the finished epochs' table, then the running epoch's bar if one runs. */
    fun html(): String {
        val sb = StringBuilder("<div class=\"soma-progress\">")
        if (rows.isNotEmpty()) {
            sb.append("<table><thead><tr><th>epoch</th>")
            for (c in columns) sb.append("<th>").append(NotebookHtml.escape(c)).append("</th>")
            sb.append("<th>seconds</th><th>samples/s</th></tr></thead><tbody>")
            rows.forEach { sb.append(it) }
            sb.append("</tbody></table>")
        }
        running?.let { sb.append(it) }
        return sb.append("</div>").toString()
    }

    private fun bar(epoch: Int, epochs: Int, done: Int, batches: Int, values: Map<String, Double>, rate: Double): String {
        if (epochs > 0) epochsOfRun = epochs
        val sb = StringBuilder("<div class=\"soma-running\">")
        if (batches > 0) sb.append("<progress value=\"").append(done).append("\" max=\"").append(batches).append("\"></progress> ")
        sb.append("epoch ").append(epoch + 1).append('/').append(epochsOfRun).append(" · batch ").append(done)
        if (batches > 0) sb.append('/').append(batches)
        for ((k, v) in values) sb.append(" · ").append(NotebookHtml.escape(k)).append(' ').append(value(v))
        if (rate > 0) sb.append(" · ").append(String.format(Locale.ROOT, "%.0f", rate)).append(" samples/s")
        return sb.append("</div>").toString()
    }

    private fun draw(force: Boolean) {
        val now = clock()
        if (!force && shown && now - lastDraw < intervalMillis) return
        lastDraw = now
        show(html(), !shown)
        shown = true
    }

    private fun value(v: Double) = String.format(Locale.ROOT, "%.4f", v)
}
