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
import io.kotest.assertions.withClue
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

    /** Everything a restore may change, with arrays as lists and floats as bits, so equal means bit for bit. */
    fun plain(v: Any?): Any? = when (v) {
        is Tensor -> v.toFloatArray().map { it.toRawBits() }
        is DoubleArray -> v.map { it.toRawBits() }
        is IntArray -> v.toList()
        is LongArray -> v.toList()
        is Double -> v.toRawBits()
        is Map<*, *> -> v.mapValues { plain(it.value) }
        is List<*> -> v.map { plain(it) }
        else -> v
    }
    fun Run.snapshot() = plain(listOf(model.stateDict(), optimizer.stateDict().state(), optimizer.stateDict().paramGroups(),
        scheduler?.stateDict(), dropoutGen.state, data.state, Generator.defaultGenerator().state))

    /** Rewrites a checkpoint: [meta] edits its metadata strings, [tensors] its tensors. */
    fun rewrite(from: java.nio.file.Path, to: java.nio.file.Path, meta: (MutableMap<String, String>) -> Unit = {},
                tensors: (MutableMap<String, Tensor>) -> Unit = {}) {
        val c = SafeTensors.readWithMetadata(from)
        val m = LinkedHashMap(c.metadata).also(meta)
        val t = LinkedHashMap(c.tensors).also(tensors)
        SafeTensors.write(to, t, m)
    }

    test("a refused checkpoint leaves model, optimizer, scheduler and generators bit for bit as they were") {
        val source = Run("Adam", "StepLR")
        for (i in 0 until 4) source.step(i)
        val good = dir.resolve("good.safetensors")
        Checkpoint.save(good, source.model, source.optimizer, source.scheduler, 4, 4L, source.history, source.generators())
        val bad = dir.resolve("bad.safetensors")
        val cases = listOf<Triple<String, (MutableMap<String, String>) -> Unit, (MutableMap<String, Tensor>) -> Unit>>(
            Triple("size mismatch for 0.weight", {}, { it["model.0.weight"] = Tensor.zeros(16, 5) }),
            Triple("option 'lr' = fast", { it["optimizer"] = it["optimizer"]!!.replace(Regex("\"lr\":[0-9.E-]+"), "\"lr\":\"fast\"") }, {}),
            Triple("buffer of shape [5]", {}, { it["optimizer.0.exp_avg"] = Tensor.zeros(5) }),
            Triple("bad optimizer tensor name 'optimizer.x'", {}, { it["optimizer.x"] = Tensor.zeros(1) }),
            Triple("'optimizer' is not valid JSON", { it["optimizer"] = it["optimizer"]!!.dropLast(1) }, {}),
            Triple("scheduler state.last_epoch holds four", { it["scheduler"] = it["scheduler"]!!.replace("\"last_epoch\":4", "\"last_epoch\":\"four\"") }, {}),
            Triple("scheduler state has no 'base_lrs'", { it["scheduler"] = it["scheduler"]!!.replace("\"base_lrs\"", "\"base_lr\"") }, {}),
            Triple("state of generator 'default' must be 3 int64 values", { it["rng"] = it["rng"]!!.replace(Regex("\"default\":\\{[^}]*}"), "\"default\":{\"longs\":[\"1\"]}") }, {}),
            Triple("no state for generator 'data'", { it["rng"] = it["rng"]!!.replace("\"data\"", "\"date\"") }, {}),
            Triple("'history' must be a JSON object", { it["history"] = "[1, 2]" }, {}),
            Triple("bad epoch 'four'", { it["epoch"] = "four" }, {}),
        )
        for ((problem, meta, tensors) in cases) {
            rewrite(good, bad, meta, tensors)
            val target = Run("Adam", "StepLR")
            for (i in 0 until 2) target.step(i)
            Generator.manualSeed(31)
            val before = target.snapshot()
            val e = withClue(problem) {
                shouldThrow<ModelFormatException> { Checkpoint.load(bad, target.model, target.optimizer, target.scheduler, target.generators()) }
            }
            e.message!! shouldContain "bad.safetensors"
            e.message!! shouldContain problem
            target.snapshot() shouldBe before
        }
        // The wrong optimizer type, after weights that would fit.
        val sgd = Run("SGD", "StepLR").also { it.step(0) }
        val before = sgd.snapshot()
        shouldThrow<ModelFormatException> { Checkpoint.load(good, sgd.model, sgd.optimizer, sgd.scheduler) }.message!! shouldContain
            "checkpoint holds Adam state, not SGD"
        sgd.snapshot() shouldBe before
        // And the untouched file restores everything.
        val target = Run("Adam", "StepLR")
        Checkpoint.load(good, target.model, target.optimizer, target.scheduler, target.generators())
        plain(target.model.stateDict()) shouldBe plain(source.model.stateDict())
        plain(target.optimizer.stateDict().state()) shouldBe plain(source.optimizer.stateDict().state())
    }

    test("a checkpoint written before the one codec ({\"ints\": …} params, NaN history as null) restores the same") {
        val source = Run("Adam", "StepLR")
        for (i in 0 until 3) source.step(i)
        source.history.addEpoch(mapOf("loss" to Double.NaN))
        val now = dir.resolve("now.safetensors")
        Checkpoint.save(now, source.model, source.optimizer, source.scheduler, 3, 3L, source.history, source.generators())
        SafeTensors.readWithMetadata(now).metadata["history"]!! shouldContain "{\"double\":\"NaN\"}"
        val before = dir.resolve("before.safetensors")
        rewrite(now, before, { m ->
            m["optimizer"] = m["optimizer"]!!.replace(Regex("\"params\":\\[([0-9,]*)]"), "\"params\":{\"ints\":[$1]}")
            m["history"] = m["history"]!!.replace("{\"double\":\"NaN\"}", "null")
        })
        SafeTensors.readWithMetadata(before).metadata["optimizer"]!! shouldContain "\"params\":{\"ints\":[0,1,2,3]}"
        val a = Run("Adam", "StepLR")
        val b = Run("Adam", "StepLR")
        val infoA = Checkpoint.load(now, a.model, a.optimizer, a.scheduler, a.generators())
        val infoB = Checkpoint.load(before, b.model, b.optimizer, b.scheduler, b.generators())
        b.snapshot() shouldBe a.snapshot()
        infoB.history!!.values("loss").map { it.toRawBits() } shouldBe infoA.history!!.values("loss").map { it.toRawBits() }
        infoB.history!!.values("loss").last().isNaN() shouldBe true
        a.snapshot() shouldBe plain(listOf(source.model.stateDict(), source.optimizer.stateDict().state(),
            source.optimizer.stateDict().paramGroups(), source.scheduler!!.stateDict(), source.dropoutGen.state, source.data.state,
            Generator.defaultGenerator().state))
    }

    test("a bug in a restored object propagates as itself, not as a ModelFormatException") {
        class Buggy(val optimizer: Optimizer) : Scheduler {
            override fun lastLr() = doubleArrayOf(optimizer.paramGroups()[0].lr())
            override fun stateDict(): MutableMap<String, Any> = linkedMapOf("n" to 1)
            override fun loadStateDict(state: MutableMap<String, Any>) { throw IllegalStateException("Buggy.loadStateDict is broken") }
        }
        val run = Run("SGD", null)
        val p = dir.resolve("buggy.safetensors")
        Checkpoint.save(p, run.model, run.optimizer, Buggy(run.optimizer))
        shouldThrow<IllegalStateException> { Checkpoint.load(p, run.model, run.optimizer, Buggy(run.optimizer)) }.message shouldBe
            "Buggy.loadStateDict is broken"
    }
})
