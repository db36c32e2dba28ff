package dev.soma.dsl

import dev.soma.data.Batch
import dev.soma.data.DataLoader
import dev.soma.nn.Module
import dev.soma.optim.Optimizer
import dev.soma.optim.lr.Scheduler
import dev.soma.serialization.Checkpoint
import dev.soma.tensor.Generator
import dev.soma.train.Trainer
import java.nio.file.Path

/** Where a [fit] saves its checkpoints and which one it resumes from; set with [checkpoint] and [resumeFrom]. */
internal class FitCheckpoints {
    internal var dir: Path? = null
    internal var every = 1
    internal var resumeFrom: Path? = null
    internal var generators: Map<String, Generator> = emptyMap()

    /**
     * Restores the [resumeFrom] checkpoint into the model, the optimizer and scheduler fit made and the default generator,
     * then has the trainer continue after its epoch and save into [dir]; the saved state is what [Checkpoint.save] keeps.
     */
    internal fun wire(b: Trainer.Builder, model: Module, train: Iterable<Batch>, optimizer: Optimizer, scheduler: Scheduler?) {
        resumeFrom?.let { file ->
            val info = Checkpoint.load(file, model, optimizer, scheduler, generators)
            b.resume(info.epoch, info.history)
        }
        val steps = (train as? DataLoader<*>)?.size()?.toLong() ?: 0L
        dir?.let { d ->
            b.checkpoint(d.resolve("epoch-{epoch}.safetensors").toString(), every) { file, epochs, history ->
                Checkpoint.save(file, model, optimizer, scheduler, epochs, epochs * steps, history, generators)
            }
        }
    }
}

/**
 * Saves the whole training state (weights, optimizer and scheduler state, epoch, history, the default generator's
 * state and that of each of [generators], e.g. one a network's dropout draws from) every [every] epochs into [dir] as
 * `epoch-<n>.safetensors`, n counted from 1; [resumeFrom] one of them continues bit for bit.
 */
fun FitConfig.checkpoint(dir: Path, every: Int = 1, generators: Map<String, Generator> = emptyMap()) {
    require(every >= 1) { "checkpoint: every must be >= 1, got $every" }
    checkpoints.dir = dir
    checkpoints.every = every
    checkpoints.generators = checkpoints.generators + generators
}

/**
 * Continues the run saved in [file] by [checkpoint]: the model, the optimizer and scheduler of this fit (the same kinds
 * as then), the default generator and [generators] (under the names they were saved with) get their saved state, a
 * DataLoader serves the next epoch's order (a shuffled one needs the seed it had then: give it one), and training goes
 * on from the saved epoch to fit's `epochs`, the returned history holding the earlier epochs too.
 */
fun FitConfig.resumeFrom(file: Path, generators: Map<String, Generator> = emptyMap()) {
    checkpoints.resumeFrom = file
    checkpoints.generators = checkpoints.generators + generators
}
