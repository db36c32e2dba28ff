package dev.soma.serialization

import dev.soma.nn.CrossEntropyLoss
import dev.soma.nn.Dropout
import dev.soma.nn.Linear
import dev.soma.nn.ReLU
import dev.soma.nn.Sequential
import dev.soma.optim.Optimizer
import dev.soma.optim.OptimizerFactory
import dev.soma.optim.ParamGroup
import dev.soma.optim.lr.LRScheduler
import dev.soma.optim.lr.ReduceLROnPlateau
import dev.soma.optim.lr.Scheduler
import dev.soma.optim.lr.SchedulerFactory
import dev.soma.tensor.Generator
import dev.soma.tensor.Tensor
import dev.soma.train.History
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class CheckpointSpec : FunSpec({
    val dir = Files.createTempDirectory("checkpoint")

    class Run(optimizerName: String, schedulerName: String?) {
        val dropoutGen = Generator(5)
        val model = Sequential(Linear(6, 16, true, Generator(1)), ReLU(), Dropout(0.3, dropoutGen), Linear(16, 3, true, Generator(2)))
        val optimizer: Optimizer = OptimizerFactory.create(optimizerName, listOf(ParamGroup(model.parameters())),
            mapOf("lr" to 0.01) + (if (optimizerName == "SGD") mapOf("momentum" to 0.9) else emptyMap()))
        val scheduler: Scheduler? = schedulerName?.let {
            SchedulerFactory.create(it, optimizer, if (it == "ReduceLROnPlateau") mapOf("patience" to 0) else mapOf("step_size" to 2, "gamma" to 0.5))
        }
        val data = Generator(9)
        val history = History()

        fun step(i: Int) {
            val x = Tensor.randn(data, 8, 6)
            val y = Tensor.randint(data, 0, 3, 8)
            optimizer.zeroGrad()
            val loss = CrossEntropyLoss().forward(model.forward(x), y)
            loss.backward()
            optimizer.step()
            when (val s = scheduler) {
                is ReduceLROnPlateau -> s.step(loss.item().toDouble())
                is LRScheduler -> s.step()
                else -> {}
            }
            history.addEpoch(mapOf("loss" to loss.item().toDouble()))
        }

        fun weights() = model.stateDict().mapValues { it.value.toFloatArray().toList() }
        fun generators() = mapOf("dropout" to dropoutGen, "data" to data)
    }

    val cases = OptimizerFactory.names().map { it to "StepLR" } + listOf("SGD" to "ReduceLROnPlateau", "RMSprop" to null)
    for ((opt, sched) in cases) {
        test("resuming $opt${sched?.let { " with $it" } ?: ""} gives bit for bit the uninterrupted weights") {
            Generator.manualSeed(77)
            val straight = Run(opt, sched)
            for (i in 0 until 10) straight.step(i)

            Generator.manualSeed(77)
            val first = Run(opt, sched)
            for (i in 0 until 4) first.step(i)
            val p = dir.resolve("ck-$opt.safetensors")
            saveCheckpoint(p, first.model, first.optimizer, first.scheduler, 4, 4L, first.history, first.generators())
            Generator.manualSeed(12345)            // the restore must bring the default generator back too

            val resumed = Run(opt, sched)
            val info = loadCheckpoint(p, resumed.model, resumed.optimizer, resumed.scheduler, resumed.generators())
            info.epoch shouldBe 4
            info.step shouldBe 4L
            info.history!!.values("loss").toList() shouldBe first.history.values("loss").toList()
            for (i in 4 until 10) resumed.step(i)
            resumed.weights() shouldBe straight.weights()
        }
    }

    test("a checkpoint for another optimizer, or a plain weights file, is refused clearly") {
        val run = Run("Adam", null)
        run.step(0)
        val p = dir.resolve("adam.safetensors")
        Checkpoint.save(p, run.model, run.optimizer)
        val other = Run("SGD", null)
        shouldThrow<ModelFormatException> { Checkpoint.load(p, other.model, other.optimizer) }.message!! shouldContain "Adam"
        val w = dir.resolve("weights.safetensors")
        writeSafetensors(w, run.model.stateDict())
        shouldThrow<ModelFormatException> { Checkpoint.load(w, run.model) }.message!! shouldContain "not a Soma checkpoint"
    }
})
