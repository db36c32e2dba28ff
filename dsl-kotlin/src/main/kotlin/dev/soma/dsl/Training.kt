package dev.soma.dsl

import dev.soma.data.Batch
import dev.soma.nn.*
import dev.soma.optim.Optimizer
import dev.soma.optim.OptimizerFactory
import dev.soma.optim.ParamGroup
import dev.soma.optim.lr.LRScheduler
import dev.soma.optim.lr.ReduceLROnPlateau
import dev.soma.optim.lr.SchedulerFactory
import dev.soma.profile.Summary
import dev.soma.tensor.Tensor
import dev.soma.train.*

/** An optimizer waiting for the parameters it will update; made by [sgd], [adam], …. */
class OptimizerSpec internal constructor(val name: String, val options: Map<String, Any>) {
    fun create(params: List<Tensor>): Optimizer = OptimizerFactory.create(name, listOf(ParamGroup(params)), options)
}

/**
 * A scheduler waiting for its optimizer; made by [stepLR], [oneCycleLR], …; [perBatch] steps it after every batch,
 * [monitor] names the logged value a ReduceLROnPlateau watches.
 */
class SchedulerSpec internal constructor(val name: String, val perBatch: Boolean, val monitor: String? = null,
                                         internal val create: (Optimizer) -> dev.soma.optim.lr.Scheduler) {
    internal constructor(name: String, options: Map<String, Any>, perBatch: Boolean) :
        this(name, perBatch, options["monitor"] as String?, { o -> SchedulerFactory.create(name, o, options - "monitor") })
}

private fun opts(vararg kv: Pair<String, Any?>): Map<String, Any> =
    kv.filter { it.second != null }.associate { (k, v) -> k to if (v is Pair<*, *>) doubleArrayOf((v.first as Number).toDouble(), (v.second as Number).toDouble()) else v!! }

// Optimizers under PyTorch's names and defaults.
fun sgd(lr: Double = 1e-3, momentum: Double = 0.0, dampening: Double = 0.0, weightDecay: Double = 0.0, nesterov: Boolean = false,
        maximize: Boolean = false) =
    OptimizerSpec("SGD", opts("lr" to lr, "momentum" to momentum, "dampening" to dampening, "weight_decay" to weightDecay,
        "nesterov" to nesterov, "maximize" to maximize))
fun adam(lr: Double = 1e-3, betas: Pair<Double, Double> = 0.9 to 0.999, eps: Double = 1e-8, weightDecay: Double = 0.0,
         amsgrad: Boolean = false) = OptimizerSpec("Adam", opts("lr" to lr, "betas" to betas, "eps" to eps, "weight_decay" to weightDecay, "amsgrad" to amsgrad))
fun adamW(lr: Double = 1e-3, betas: Pair<Double, Double> = 0.9 to 0.999, eps: Double = 1e-8, weightDecay: Double = 1e-2,
          amsgrad: Boolean = false) = OptimizerSpec("AdamW", opts("lr" to lr, "betas" to betas, "eps" to eps, "weight_decay" to weightDecay, "amsgrad" to amsgrad))
fun adagrad(lr: Double = 1e-2, lrDecay: Double = 0.0, weightDecay: Double = 0.0, initialAccumulatorValue: Double = 0.0, eps: Double = 1e-10) =
    OptimizerSpec("Adagrad", opts("lr" to lr, "lr_decay" to lrDecay, "weight_decay" to weightDecay, "initial_accumulator_value" to initialAccumulatorValue, "eps" to eps))
fun rmsprop(lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0.0, momentum: Double = 0.0, centered: Boolean = false) =
    OptimizerSpec("RMSprop", opts("lr" to lr, "alpha" to alpha, "eps" to eps, "weight_decay" to weightDecay, "momentum" to momentum, "centered" to centered))
fun adamax(lr: Double = 2e-3, betas: Pair<Double, Double> = 0.9 to 0.999, eps: Double = 1e-8, weightDecay: Double = 0.0) =
    OptimizerSpec("Adamax", opts("lr" to lr, "betas" to betas, "eps" to eps, "weight_decay" to weightDecay))
fun adadelta(lr: Double = 1.0, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0.0) =
    OptimizerSpec("Adadelta", opts("lr" to lr, "rho" to rho, "eps" to eps, "weight_decay" to weightDecay))
fun nadam(lr: Double = 2e-3, betas: Pair<Double, Double> = 0.9 to 0.999, eps: Double = 1e-8, weightDecay: Double = 0.0, momentumDecay: Double = 4e-3) =
    OptimizerSpec("NAdam", opts("lr" to lr, "betas" to betas, "eps" to eps, "weight_decay" to weightDecay, "momentum_decay" to momentumDecay))
fun radam(lr: Double = 1e-3, betas: Pair<Double, Double> = 0.9 to 0.999, eps: Double = 1e-8, weightDecay: Double = 0.0) =
    OptimizerSpec("RAdam", opts("lr" to lr, "betas" to betas, "eps" to eps, "weight_decay" to weightDecay))
fun adaBound(lr: Double = 1e-3, betas: Pair<Double, Double> = 0.9 to 0.999, finalLr: Double = 0.1, gamma: Double = 1e-3, eps: Double = 1e-8,
             weightDecay: Double = 0.0, amsbound: Boolean = false) =
    OptimizerSpec("AdaBound", opts("lr" to lr, "betas" to betas, "final_lr" to finalLr, "gamma" to gamma, "eps" to eps, "weight_decay" to weightDecay, "amsbound" to amsbound))
fun lion(lr: Double = 1e-4, betas: Pair<Double, Double> = 0.9 to 0.99, weightDecay: Double = 0.0) =
    OptimizerSpec("Lion", opts("lr" to lr, "betas" to betas, "weight_decay" to weightDecay))

// Schedulers under PyTorch's names and defaults.
fun stepLR(stepSize: Int, gamma: Double = 0.1) = SchedulerSpec("StepLR", opts("step_size" to stepSize, "gamma" to gamma), false)
fun multiStepLR(milestones: List<Int>, gamma: Double = 0.1) = SchedulerSpec("MultiStepLR", opts("milestones" to milestones, "gamma" to gamma), false)
fun exponentialLR(gamma: Double) = SchedulerSpec("ExponentialLR", opts("gamma" to gamma), false)
fun cosineAnnealingLR(tMax: Int, etaMin: Double = 0.0) = SchedulerSpec("CosineAnnealingLR", opts("T_max" to tMax, "eta_min" to etaMin), false)
fun cosineAnnealingWarmRestarts(t0: Int, tMult: Int = 1, etaMin: Double = 0.0) =
    SchedulerSpec("CosineAnnealingWarmRestarts", opts("T_0" to t0, "T_mult" to tMult, "eta_min" to etaMin), false)
fun linearLR(startFactor: Double = 1.0 / 3, endFactor: Double = 1.0, totalIters: Int = 5, perBatch: Boolean = false) =
    SchedulerSpec("LinearLR", opts("start_factor" to startFactor, "end_factor" to endFactor, "total_iters" to totalIters), perBatch)
fun constantLR(factor: Double = 1.0 / 3, totalIters: Int = 5) = SchedulerSpec("ConstantLR", opts("factor" to factor, "total_iters" to totalIters), false)
fun polynomialLR(totalIters: Int = 5, power: Double = 1.0) = SchedulerSpec("PolynomialLR", opts("total_iters" to totalIters, "power" to power), false)
/** Stepped after every batch: give total_steps (or epochs and steps_per_epoch). */
fun oneCycleLR(maxLr: Double, totalSteps: Int? = null, epochs: Int? = null, stepsPerEpoch: Int? = null, pctStart: Double = 0.3,
               annealStrategy: String = "cos", threePhase: Boolean = false) =
    SchedulerSpec("OneCycleLR", opts("max_lr" to maxLr, "total_steps" to totalSteps, "epochs" to epochs, "steps_per_epoch" to stepsPerEpoch,
        "pct_start" to pctStart, "anneal_strategy" to annealStrategy, "three_phase" to threePhase), true)
/** lr = base lr × [lrLambda](epoch). */
fun lambdaLR(lrLambda: (Int) -> Double) = SchedulerSpec("LambdaLR", false) { o -> dev.soma.optim.lr.LambdaLR(o) { e -> lrLambda(e) } }
/** The schedulers one after another, switching at the [milestones] epochs. */
fun sequentialLR(schedulers: List<SchedulerSpec>, milestones: List<Int>) = SchedulerSpec("SequentialLR", false) { o ->
    dev.soma.optim.lr.SequentialLR(o, schedulers.map { s ->
        s.create(o) as? LRScheduler ?: throw IllegalArgumentException("sequentialLR: ${s.name} cannot be chained")
    }, milestones.toIntArray())
}
/** Stepped once per epoch with the value of [monitor]. */
fun reduceLROnPlateau(monitor: String = "val_loss", mode: String = "min", factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
                      cooldown: Int = 0, minLr: Double = 0.0) =
    SchedulerSpec("ReduceLROnPlateau", opts("mode" to mode, "factor" to factor, "patience" to patience, "threshold" to threshold,
        "cooldown" to cooldown, "min_lr" to minLr, "monitor" to monitor), false)

// Losses and metrics.
fun crossEntropy(weight: Tensor? = null, ignoreIndex: Int = -100, reduction: String = "mean", labelSmoothing: Double = 0.0) =
    CrossEntropyLoss(weight, ignoreIndex, Reduction.of(reduction), labelSmoothing)
fun mse(reduction: String = "mean") = MSELoss(Reduction.of(reduction))
fun l1(reduction: String = "mean") = L1Loss(Reduction.of(reduction))
fun nll(weight: Tensor? = null, ignoreIndex: Int = -100, reduction: String = "mean") = NLLLoss(weight, ignoreIndex, Reduction.of(reduction))
fun bceWithLogits(weight: Tensor? = null, posWeight: Tensor? = null, reduction: String = "mean") = BCEWithLogitsLoss(weight, posWeight, Reduction.of(reduction))
fun accuracy(): Metric = TopKAccuracy.accuracy()
fun topK(k: Int): Metric = TopKAccuracy(k)
fun earlyStopping(patience: Int, monitor: String = "val_loss", minDelta: Double = 0.0, mode: String = "auto", restoreBestWeights: Boolean = true) =
    EarlyStopping(monitor, patience, minDelta, mode, restoreBestWeights)

/** The settings of one [fit] call. */
@SomaDsl
class FitConfig internal constructor() {
    var optimizer: OptimizerSpec = adam()
    var loss: Loss = crossEntropy()
    var scheduler: SchedulerSpec? = null
    val metrics: MutableList<Metric> = mutableListOf(accuracy())
    val callbacks: MutableList<Callback> = mutableListOf()
    val listeners: MutableList<TrainingListener> = mutableListOf()
    var progress: Boolean = true
    internal var validation: Iterable<Batch>? = null

    /** Validates on [loader] after every epoch (metrics logged with the `val_` prefix). */
    fun validate(loader: Iterable<Batch>) { validation = loader }
}

/** Trains this model: `model.fit(train, epochs = 5) { optimizer = adam(lr = 1e-3); loss = crossEntropy(); validate(test) }`. */
fun Module.fit(train: Iterable<Batch>, epochs: Int, configure: FitConfig.() -> Unit = {}): History {
    val c = FitConfig().apply(configure)
    val optimizer = c.optimizer.create(parameters())
    val b = Trainer.builder().loss(c.loss).optimizer(optimizer).metrics(*c.metrics.toTypedArray())
        .callbacks(*c.callbacks.toTypedArray()).listeners(*c.listeners.toTypedArray()).progress(c.progress)
    c.scheduler?.let { s ->
        when (val made = s.create(optimizer)) {
            is ReduceLROnPlateau -> b.scheduler(made, s.monitor ?: "val_loss")
            is LRScheduler -> b.scheduler(made, s.perBatch)
        }
    }
    return b.build().fit(this, train, c.validation, epochs)
}

/** Loss (cross-entropy unless given) and accuracy over [loader], in eval mode without gradients. */
fun Module.evaluate(loader: Iterable<Batch>, loss: Loss = crossEntropy(), vararg metrics: Metric = arrayOf(accuracy())): Map<String, Double> =
    Trainer.builder().loss(loss).optimizer(sgd().create(parameters().ifEmpty { listOf(dev.soma.nn.Parameter(Tensor.zeros(1))) }))
        .metrics(*metrics).progress(false).build().evaluate(this, loader)

/** The model's outputs for [x], in eval mode without gradients. */
fun Module.predict(x: Tensor): Tensor = Trainer.predict(this, x)

/** `model(x)` runs the forward pass. */
operator fun Module.invoke(x: Tensor): Tensor = forward(x)

/** `attention(q, k, v)` runs the forward pass of a layer with several inputs (null for an absent optional one). */
operator fun Module.invoke(vararg inputs: Tensor?): Tensor = forward(*inputs)

/** The efficiency summary for one input of per-sample [input] shape (a batch of one). */
fun Module.summary(input: SampleShape): Summary = Summary.of(this, *(intArrayOf(1) + input.dims.toIntArray()))

/** The efficiency summary for several inputs of per-sample shapes, in the layer's input order (a batch of one; null for an absent optional input). */
fun Module.summary(vararg inputs: SampleShape?): Summary =
    Summary.of(this, *Array(inputs.size) { i -> inputs[i]?.let { intArrayOf(1) + it.dims.toIntArray() } })
