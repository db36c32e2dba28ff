package dev.soma.jupyter

import dev.soma.dsl.FitProgress
import dev.soma.nn.Module
import dev.soma.profile.Summary
import dev.soma.tensor.Tensor
import dev.soma.train.History
import org.jetbrains.kotlinx.jupyter.api.HTML
import org.jetbrains.kotlinx.jupyter.api.KotlinKernelHost
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterIntegration
import java.util.concurrent.atomic.AtomicInteger

/**
 * Soma in a Kotlin notebook, loaded by `@file:DependsOn("dev.soma:soma-jupyter:…")` alone (through
 * `META-INF/kotlin-jupyter-libraries/libraries.json`): the DSL, data, model-file and plot imports; tensors, models,
 * summaries and histories rendered as HTML; and `fit` drawing its progress live in the running cell.
 */
class SomaIntegration : JupyterIntegration() {
    override fun Builder.onLoaded() {
        import(*IMPORTS.toTypedArray())
        render<Tensor> { HTML(NotebookHtml.tensor(it)) }
        render<Summary> { HTML(NotebookHtml.summary(it)) }
        render<Module> { HTML(NotebookHtml.module(it)) }
        render<History> { HTML(NotebookHtml.history(it)) }
        // The host a code preprocessor gets is the running cell's, whose displays reach the notebook (the host handed to
        // beforeCellExecution in kernel 0.11 has a no-op display): keep it for fit's progress, leave the code as it is.
        preprocessCode { code -> cell = this; code }
        onLoaded { cell = this; FitProgress.display = { progress() } }
        onShutdown { FitProgress.display = null }
    }

    @Volatile
    private var cell: KotlinKernelHost? = null
    private val displays = AtomicInteger()

    /** A live display in the cell running now, or null (the console) outside a cell. */
    private fun progress(): NotebookProgress? {
        val host = cell ?: return null
        val id = "soma-fit-" + displays.incrementAndGet()
        return NotebookProgress({ html, first -> if (first) host.display(HTML(html), id) else host.updateDisplay(HTML(html), id) })
    }

    companion object {
        /** The packages a notebook sees without importing them. */
        val IMPORTS = listOf("dev.soma.dsl.*", "dev.soma.data.*", "dev.soma.nn.*", "dev.soma.tensor.*", "dev.soma.train.*",
            "dev.soma.serialization.*", "dev.soma.plot.*", "java.nio.file.Path", "java.nio.file.Files")
    }
}
