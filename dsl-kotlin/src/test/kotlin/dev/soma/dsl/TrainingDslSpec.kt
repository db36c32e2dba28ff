package dev.soma.dsl

import dev.soma.data.DataLoader
import dev.soma.data.TensorDataset
import dev.soma.tensor.DType
import dev.soma.tensor.Generator
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class TrainingDslSpec : FunSpec({
    fun blobs(n: Int, seed: Long): TensorDataset {
        val g = Generator(seed)
        val y = dev.soma.tensor.Tensor.randint(g, 0, 2, n)
        val centre = y.to(DType.FLOAT32).mul(4f).sub(2f).unsqueeze(1).expand(n, 2)
        return TensorDataset(randn(n, 2, generator = g).mul(0.5f).add(centre), y)
    }

    test("fit trains end to end with an optimizer, a loss, validation, a scheduler and callbacks") {
        val model = network(input = shape(2), generator = Generator(1)) { linear(16); relu(); linear(2) }
        val train = DataLoader.builder(blobs(256, 2)).batchSize(32).shuffle(1).build()
        val test = DataLoader.builder(blobs(128, 3)).batchSize(64).build()
        val history = model.fit(train, epochs = 6) {
            optimizer = adam(lr = 1e-2)
            loss = crossEntropy()
            scheduler = stepLR(stepSize = 3, gamma = 0.5)
            validate(test)
            callbacks += earlyStopping(patience = 3)
            progress = false
        }
        history.metricNames() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy")
        history.last("val_accuracy") shouldBeGreaterThan 0.95
        history.values("loss").last() shouldBeLessThan history.values("loss").first()
        model.evaluate(test)["accuracy"]!! shouldBeGreaterThan 0.95
        model.predict(randn(3, 2)).shape shouldBe listOf(3, 2)
        model.summary(shape(2)).toString() shouldContain "Linear"
    }

    test("every scheduler factory builds and steps its scheduler") {
        val model = network(input = shape(2), generator = Generator(1)) { linear(2) }
        val data = DataLoader.builder(blobs(32, 4)).batchSize(16).build()    // 2 batches
        val specs = listOf(stepLR(1, 0.5), multiStepLR(listOf(1)), exponentialLR(0.5), cosineAnnealingLR(4), cosineAnnealingWarmRestarts(2),
            linearLR(), constantLR(), polynomialLR(), oneCycleLR(maxLr = 0.1, totalSteps = 10), lambdaLR { e -> 1.0 / (e + 1) },
            sequentialLR(listOf(linearLR(totalIters = 1), exponentialLR(0.9)), listOf(1)), reduceLROnPlateau(monitor = "loss", patience = 0))
        for (s in specs) {
            val h = model.fit(data, epochs = 2) {
                optimizer = sgd(lr = 0.1, momentum = 0.9)
                scheduler = s
                progress = false
            }
            h.epochs() shouldBe 2
        }
        fun lrAfter(spec: SchedulerSpec, steps: Int): Double {
            val opt = sgd(lr = 0.1).create(network { linear(2, 2) }.parameters())
            val made = spec.create(opt) as dev.soma.optim.lr.LRScheduler
            repeat(steps) { made.step() }
            return opt.paramGroups()[0].lr()
        }
        lrAfter(stepLR(1, 0.5), 2) shouldBe (0.025 plusOrMinus 1e-12)
        lrAfter(lambdaLR { e -> 1.0 / (e + 1) }, 2) shouldBe (0.1 / 3 plusOrMinus 1e-12)
        lrAfter(sequentialLR(listOf(linearLR(startFactor = 0.5, totalIters = 1), exponentialLR(0.9)), listOf(1)), 2) shouldBe (0.09 plusOrMinus 1e-12)
    }

    test("evaluate needs no optimizer, even for a model without parameters") {
        val data = listOf(dev.soma.data.Batch(tensorOf(-1f, 2f, shape = intArrayOf(2, 1)), tensorOf(0f, 1f, shape = intArrayOf(2, 1))))
        val logs = network { relu() }.evaluate(data, mse(), *emptyArray())
        logs shouldBe mapOf("loss" to 0.5)    // relu gives 0 and 2: squared errors 0 and 1
    }

    test("the DSL's optimizer and scheduler defaults are core's") {
        val a = adam().options
        a["lr"] shouldBe 1e-3
        (a["betas"] as DoubleArray).toList() shouldBe listOf(0.9, 0.999)
        a["eps"] shouldBe 1e-8
        adamW().options["weight_decay"] shouldBe 0.01
        adam(lr = 0.5).options["lr"] shouldBe dev.soma.optim.Adam.DEFAULTS.withLr(0.5).lr()
        for ((spec, name) in listOf(sgd() to "SGD", rmsprop() to "RMSprop", adagrad() to "Adagrad", lion() to "Lion")) {
            val core = dev.soma.optim.OptimizerFactory.defaults(name)
            spec.options.keys shouldBe core.keys
            for ((k, v) in core) if (v is DoubleArray) (spec.options[k] as DoubleArray).toList() shouldBe v.toList() else spec.options[k] shouldBe v
        }
    }

    test("every optimizer factory builds its torch.optim counterpart") {
        val model = network { linear(2, 2) }
        for (spec in listOf(sgd(lr = 0.1, momentum = 0.9), adam(), adamW(), adagrad(), rmsprop(), adamax(), adadelta(), nadam(), radam(),
                adaBound(), lion())) {
            spec.create(model.parameters()).javaClass.simpleName shouldBe spec.name
        }
    }
})
