package dev.soma.jupyter

import dev.soma.nn.Module
import dev.soma.nn.Sequential
import dev.soma.plot.TrainingCurves
import dev.soma.profile.Summary
import dev.soma.tensor.Tensor
import dev.soma.train.History
import java.util.Base64
import java.util.Locale

/**
 * The HTML a notebook shows for Soma's objects: a tensor as its shape, dtype and printed excerpt, a model as its summary
 * table, a history as its training curves (a PNG from soma-plot) and its table. Plain strings, so any front end can use them.
 */
object NotebookHtml {
    /** A tensor: a header with shape, dtype and autograd state, then PyTorch's printout ("..." beyond 1,000 elements). */
    @JvmStatic
    fun tensor(t: Tensor): String {
        val grad = when {
            t.gradFn() != null -> " · grad_fn=" + t.gradFn().name()
            t.requiresGrad() -> " · requires_grad"
            else -> ""
        }
        return "<div class=\"soma-tensor\"><b>Tensor</b> shape " + escape(t.shape().contentToString()) + " · " +
            t.dtype().torchName() + grad + "<pre>" + escape(t.toString()) + "</pre></div>"
    }

    /** A model: its summary table when it knows its input shape (`network(input = …)`), else its printout and size. */
    @JvmStatic
    fun module(m: Module): String {
        val input = (m as? Sequential)?.inputShape()
        if (input != null) return summary(Summary.of(m, *(intArrayOf(1) + input)))
        return "<div class=\"soma-module\"><pre>" + escape(m.toString()) + "</pre>" +
            String.format(Locale.ROOT, "%,d", m.parameterCount()) + " parameters</div>"
    }

    /** A summary: one row per layer (name, type, output shape, parameters, MACs), then the totals. */
    @JvmStatic
    fun summary(s: Summary): String {
        val sb = StringBuilder("<div class=\"soma-summary\"><table><thead><tr><th>Layer (type)</th><th>Output shape</th>")
        sb.append("<th>Param #</th><th>MACs</th></tr></thead><tbody>")
        for (r in s.rows()) {
            val name = if (r.name().isEmpty()) r.type() else r.name() + " (" + r.type() + ")"
            sb.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(r.outputShape().contentToString()))
                .append("</td><td>").append(number(r.parameters())).append("</td><td>").append(number(r.macs())).append("</td></tr>")
        }
        sb.append("</tbody></table><p>Total params: ").append(number(s.totalParameters()))
            .append(" · Trainable params: ").append(number(s.trainableParameters()))
            .append(" · MACs: ").append(number(s.macs()))
            .append(" · Model size: ").append(escape(String.format(Locale.ROOT, "%.2f KiB", s.modelSizeBytes() / 1024.0)))
            .append("</p></div>")
        return sb.toString()
    }

    /** A history: the training curves as an inline PNG, then the per-epoch table. */
    @JvmStatic
    fun history(h: History): String {
        if (h.epochs() == 0) return "<div class=\"soma-history\"><pre>" + escape(h.toString()) + "</pre></div>"
        val png = Base64.getEncoder().encodeToString(TrainingCurves.png(h))
        return "<div class=\"soma-history\"><img alt=\"training curves\" src=\"data:image/png;base64," + png + "\"/><pre>" +
            escape(h.toString()) + "</pre></div>"
    }

    /** [text] with the five HTML special characters escaped. */
    @JvmStatic
    fun escape(text: String): String {
        val sb = StringBuilder(text.length)
        for (c in text) when (c) {
            '<' -> sb.append("&lt;")
            '>' -> sb.append("&gt;")
            '&' -> sb.append("&amp;")
            '"' -> sb.append("&quot;")
            '\'' -> sb.append("&#39;")
            else -> sb.append(c)
        }
        return sb.toString()
    }

    private fun number(n: Long) = String.format(Locale.ROOT, "%,d", n)
}
