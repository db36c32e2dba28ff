package dev.soma.dsl

import dev.soma.data.Batch
import dev.soma.nn.*
import dev.soma.optim.*
import dev.soma.optim.lr.*
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

private fun pair(a: Double, b: Double) = a to b
private val oneCycle = OneCycleLR.Options()
private val plateau = ReduceLROnPlateau.Options()

// Optimizers under PyTorch's names; every default comes from the optimizer's DEFAULTS record in core.
fun sgd(lr: Double = SGD.DEFAULTS.lr(), momentum: Double = SGD.DEFAULTS.momentum(), dampening: Double = SGD.DEFAULTS.dampening(),
        weightDecay: Double = SGD.DEFAULTS.weightDecay(), nesterov: Boolean = SGD.DEFAULTS.nesterov(), maximize: Boolean = SGD.DEFAULTS.maximize()) =
    OptimizerSpec("SGD", SGD.Options(lr, momentum, dampening, weightDecay, nesterov, maximize).toMap())
fun adam(lr: Double = Adam.DEFAULTS.lr(), betas: Pair<Double, Double> = pair(Adam.DEFAULTS.beta1(), Adam.DEFAULTS.beta2()),
         eps: Double = Adam.DEFAULTS.eps(), weightDecay: Double = Adam.DEFAULTS.weightDecay(), amsgrad: Boolean = Adam.DEFAULTS.amsgrad()) =
    OptimizerSpec("Adam", Adam.Options(lr, betas.first, betas.second, eps, weightDecay, amsgrad, Adam.DEFAULTS.maximize()).toMap())
fun adamW(lr: Double = AdamW.DEFAULTS.lr(), betas: Pair<Double, Double> = pair(AdamW.DEFAULTS.beta1(), AdamW.DEFAULTS.beta2()),
          eps: Double = AdamW.DEFAULTS.eps(), weightDecay: Double = AdamW.DEFAULTS.weightDecay(), amsgrad: Boolean = AdamW.DEFAULTS.amsgrad()) =
    OptimizerSpec("AdamW", Adam.Options(lr, betas.first, betas.second, eps, weightDecay, amsgrad, AdamW.DEFAULTS.maximize()).toMap())
fun adagrad(lr: Double = Adagrad.DEFAULTS.lr(), lrDecay: Double = Adagrad.DEFAULTS.lrDecay(), weightDecay: Double = Adagrad.DEFAULTS.weightDecay(),
            initialAccumulatorValue: Double = Adagrad.DEFAULTS.initialAccumulatorValue(), eps: Double = Adagrad.DEFAULTS.eps()) =
    OptimizerSpec("Adagrad", Adagrad.Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, Adagrad.DEFAULTS.maximize()).toMap())
fun rmsprop(lr: Double = RMSprop.DEFAULTS.lr(), alpha: Double = RMSprop.DEFAULTS.alpha(), eps: Double = RMSprop.DEFAULTS.eps(),
            weightDecay: Double = RMSprop.DEFAULTS.weightDecay(), momentum: Double = RMSprop.DEFAULTS.momentum(), centered: Boolean = RMSprop.DEFAULTS.centered()) =
    OptimizerSpec("RMSprop", RMSprop.Options(lr, alpha, eps, weightDecay, momentum, centered, RMSprop.DEFAULTS.maximize()).toMap())
fun adamax(lr: Double = Adamax.DEFAULTS.lr(), betas: Pair<Double, Double> = pair(Adamax.DEFAULTS.beta1(), Adamax.DEFAULTS.beta2()),
           eps: Double = Adamax.DEFAULTS.eps(), weightDecay: Double = Adamax.DEFAULTS.weightDecay()) =
    OptimizerSpec("Adamax", Adamax.Options(lr, betas.first, betas.second, eps, weightDecay, Adamax.DEFAULTS.maximize()).toMap())
fun adadelta(lr: Double = Adadelta.DEFAULTS.lr(), rho: Double = Adadelta.DEFAULTS.rho(), eps: Double = Adadelta.DEFAULTS.eps(),
             weightDecay: Double = Adadelta.DEFAULTS.weightDecay()) =
    OptimizerSpec("Adadelta", Adadelta.Options(lr, rho, eps, weightDecay, Adadelta.DEFAULTS.maximize()).toMap())
fun nadam(lr: Double = NAdam.DEFAULTS.lr(), betas: Pair<Double, Double> = pair(NAdam.DEFAULTS.beta1(), NAdam.DEFAULTS.beta2()),
          eps: Double = NAdam.DEFAULTS.eps(), weightDecay: Double = NAdam.DEFAULTS.weightDecay(), momentumDecay: Double = NAdam.DEFAULTS.momentumDecay()) =
    OptimizerSpec("NAdam", NAdam.Options(lr, betas.first, betas.second, eps, weightDecay, momentumDecay).toMap())
fun radam(lr: Double = RAdam.DEFAULTS.lr(), betas: Pair<Double, Double> = pair(RAdam.DEFAULTS.beta1(), RAdam.DEFAULTS.beta2()),
          eps: Double = RAdam.DEFAULTS.eps(), weightDecay: Double = RAdam.DEFAULTS.weightDecay()) =
    OptimizerSpec("RAdam", RAdam.Options(lr, betas.first, betas.second, eps, weightDecay).toMap())
fun adaBound(lr: Double = AdaBound.DEFAULTS.lr(), betas: Pair<Double, Double> = pair(AdaBound.DEFAULTS.beta1(), AdaBound.DEFAULTS.beta2()),
             finalLr: Double = AdaBound.DEFAULTS.finalLr(), gamma: Double = AdaBound.DEFAULTS.gamma(), eps: Double = AdaBound.DEFAULTS.eps(),
             weightDecay: Double = AdaBound.DEFAULTS.weightDecay(), amsbound: Boolean = AdaBound.DEFAULTS.amsbound()) =
    OptimizerSpec("AdaBound", AdaBound.Options(lr, betas.first, betas.second, finalLr, gamma, eps, weightDecay, amsbound).toMap())
fun lion(lr: Double = Lion.DEFAULTS.lr(), betas: Pair<Double, Double> = pair(Lion.DEFAULTS.beta1(), Lion.DEFAULTS.beta2()),
         weightDecay: Double = Lion.DEFAULTS.weightDecay()) =
    OptimizerSpec("Lion", Lion.Options(lr, betas.first, betas.second, weightDecay).toMap())

// Schedulers under PyTorch's names; defaults come from the scheduler classes in core.
fun stepLR(stepSize: Int, gamma: Double = StepLR.DEFAULT_GAMMA) = SchedulerSpec("StepLR", opts("step_size" to stepSize, "gamma" to gamma), false)
fun multiStepLR(milestones: List<Int>, gamma: Double = MultiStepLR.DEFAULT_GAMMA) =
    SchedulerSpec("MultiStepLR", opts("milestones" to milestones, "gamma" to gamma), false)
fun exponentialLR(gamma: Double) = SchedulerSpec("ExponentialLR", opts("gamma" to gamma), false)
fun cosineAnnealingLR(tMax: Int, etaMin: Double = CosineAnnealingLR.DEFAULT_ETA_MIN) =
    SchedulerSpec("CosineAnnealingLR", opts("T_max" to tMax, "eta_min" to etaMin), false)
fun cosineAnnealingWarmRestarts(t0: Int, tMult: Int = CosineAnnealingWarmRestarts.DEFAULT_T_MULT, etaMin: Double = CosineAnnealingWarmRestarts.DEFAULT_ETA_MIN) =
    SchedulerSpec("CosineAnnealingWarmRestarts", opts("T_0" to t0, "T_mult" to tMult, "eta_min" to etaMin), false)
fun linearLR(startFactor: Double = LinearLR.DEFAULT_START_FACTOR, endFactor: Double = LinearLR.DEFAULT_END_FACTOR,
             totalIters: Int = LinearLR.DEFAULT_TOTAL_ITERS, perBatch: Boolean = false) =
    SchedulerSpec("LinearLR", opts("start_factor" to startFactor, "end_factor" to endFactor, "total_iters" to totalIters), perBatch)
fun constantLR(factor: Double = ConstantLR.DEFAULT_FACTOR, totalIters: Int = ConstantLR.DEFAULT_TOTAL_ITERS) =
    SchedulerSpec("ConstantLR", opts("factor" to factor, "total_iters" to totalIters), false)
fun polynomialLR(totalIters: Int = PolynomialLR.DEFAULT_TOTAL_ITERS, power: Double = PolynomialLR.DEFAULT_POWER) =
    SchedulerSpec("PolynomialLR", opts("total_iters" to totalIters, "power" to power), false)
/** Stepped after every batch: give total_steps (or epochs and steps_per_epoch). */
fun oneCycleLR(maxLr: Double, totalSteps: Int? = null, epochs: Int? = null, stepsPerEpoch: Int? = null, pctStart: Double = oneCycle.pctStart,
               annealStrategy: String = oneCycle.annealStrategy, threePhase: Boolean = oneCycle.threePhase) =
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
fun reduceLROnPlateau(monitor: String = "val_loss", mode: String = plateau.mode, factor: Double = plateau.factor, patience: Int = plateau.patience,
                      threshold: Double = plateau.threshold, cooldown: Int = plateau.cooldown, minLr: Double = plateau.minLr) =
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

/**
 * Where [fit] shows its progress: on the console (the Trainer's progress bar or lines) unless an environment installs
 * its own display here, as the Kotlin notebook integration (soma-jupyter) does to draw live progress in the cell.
 */
object FitProgress {
    /** Makes the listener that shows one fit's progress; null, or a null listener, means the console. */
    @Volatile
    var display: (() -> TrainingListener?)? = null
}

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
    internal val checkpoints = FitCheckpoints()

    /** Validates on [loader] after every epoch (metrics logged with the `val_` prefix). */
    fun validate(loader: Iterable<Batch>) { validation = loader }
}

/**
 * Trains this model: `model.fit(train, epochs = 5) { optimizer = adam(lr = 1e-3); loss = crossEntropy(); validate(test) }`.
 * [epochs] counts from the start of the run, so a fit that resumes after epoch k trains epochs k+1 to [epochs].
 */
fun Module.fit(train: Iterable<Batch>, epochs: Int, configure: FitConfig.() -> Unit = {}): History {
    val c = FitConfig().apply(configure)
    val optimizer = c.optimizer.create(parameters())
    val display = if (c.progress) FitProgress.display?.invoke() else null
    val b = Trainer.builder().loss(c.loss).optimizer(optimizer).metrics(*c.metrics.toTypedArray())
        .callbacks(*c.callbacks.toTypedArray()).listeners(*c.listeners.toTypedArray()).progress(c.progress && display == null)
    display?.let { b.listeners(it) }
    val scheduler = c.scheduler?.let { s ->
        s.create(optimizer).also { made ->
            when (made) {
                is ReduceLROnPlateau -> b.scheduler(made, s.monitor ?: "val_loss")
                is LRScheduler -> b.scheduler(made, s.perBatch)
            }
        }
    }
    c.checkpoints.wire(b, this, train, optimizer, scheduler)
    return b.build().fit(this, train, c.validation, epochs)
}

/** Loss (cross-entropy unless given) and accuracy over [loader], in eval mode without gradients. */
fun Module.evaluate(loader: Iterable<Batch>, loss: Loss = crossEntropy(), vararg metrics: Metric = arrayOf(accuracy())): Map<String, Double> =
    Trainer.evaluate(this, loader, loss, *metrics)

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
