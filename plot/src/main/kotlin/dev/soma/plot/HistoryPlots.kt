package dev.soma.plot

import dev.soma.train.History
import org.jetbrains.letsPlot.Figure
import java.nio.file.Path

/** This history's training curves as a Lets-Plot figure (a notebook renders it), as [TrainingCurves.plot]. */
fun History.plot(): Figure = TrainingCurves.plot(this)

/** Writes this history's training curves to [path], PNG or SVG by its extension, as [TrainingCurves.save]. */
fun History.savePlot(path: Path) = TrainingCurves.save(this, path)
