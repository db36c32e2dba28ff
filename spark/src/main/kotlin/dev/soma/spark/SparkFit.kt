package dev.soma.spark

import dev.soma.data.Batch
import dev.soma.dsl.OptimizerSpec
import dev.soma.dsl.SampleShape
import dev.soma.dsl.SchedulerSpec
import dev.soma.dsl.SomaDsl
import dev.soma.dsl.adam
import dev.soma.dsl.createFor
import dev.soma.dsl.crossEntropy
import dev.soma.nn.Loss
import dev.soma.nn.Module
import dev.soma.optim.lr.LRScheduler
import dev.soma.optim.lr.ReduceLROnPlateau
import dev.soma.train.Callback
import dev.soma.train.Metric
import dev.soma.train.TrainingListener
import org.apache.spark.api.java.JavaRDD
import org.apache.spark.api.java.JavaSparkContext

/** The settings of one [sparkFit] call: those of `fit`, plus the global batch, the workers and a checkpoint folder. */
@SomaDsl
class SparkFitConfig internal constructor() {
    var optimizer: OptimizerSpec = adam()
    var loss: Loss = crossEntropy()
    var scheduler: SchedulerSpec? = null
    /** The shape of one sample; features are reshaped to it. Unset: a flat vector of the features. */
    var input: SampleShape? = null
    var batchSize: Int = 64
    /** Spark tasks per step; unset: the context's default parallelism. */
    var workers: Int? = null
    /** Shuffles each epoch with this seed (core DataLoader's order); null keeps the data order. */
    var shuffle: Long? = 0L
    var dropLast: Boolean = false
    var progress: Boolean = true
    /** A Hadoop folder (hdfs://…, s3a://…, file:/…) for a checkpoint after every epoch, resumed from when present. */
    var checkpointDir: String? = null
    val listeners: MutableList<TrainingListener> = mutableListOf()
    val callbacks: MutableList<Callback> = mutableListOf()
    internal var validation: Iterable<Batch>? = null
    internal var validationMetrics: List<Metric> = emptyList()

    /** Evaluates on [loader] on the driver after every epoch (logged with the `val_` prefix). */
    fun validate(loader: Iterable<Batch>, vararg metrics: Metric = arrayOf(dev.soma.dsl.accuracy())) {
        validation = loader
        validationMetrics = metrics.toList()
    }
}

/**
 * Trains this model data-parallel on Spark: `model.sparkFit(sc, data, epochs = 5) { optimizer = adam(lr = 1e-3) }`.
 * Returns the model (trained in place) and the history, as [SparkTrainer.fit].
 */
fun Module.sparkFit(sc: JavaSparkContext, data: JavaRDD<SparkSample>, epochs: Int,
                    configure: SparkFitConfig.() -> Unit = {}): SparkTrainer.Result {
    val c = SparkFitConfig().apply(configure)
    val optimizer = c.optimizer.create(parameters())
    val shape = c.input?.dims?.toIntArray() ?: intArrayOf(data.first().features.size)
    val b = SparkTrainer.builder().loss(c.loss).optimizer(optimizer).inputShape(*shape).batchSize(c.batchSize)
        .dropLast(c.dropLast).progress(c.progress).listeners(*c.listeners.toTypedArray())
        .callbacks(*c.callbacks.toTypedArray())
    c.workers?.let { b.workers(it) }
    c.shuffle?.let { b.shuffle(it) }
    c.checkpointDir?.let { b.checkpointDir(it) }
    c.validation?.let { b.validation(it, *c.validationMetrics.toTypedArray()) }
    c.scheduler?.let { s ->
        when (val made = s.createFor(optimizer)) {
            is ReduceLROnPlateau -> b.scheduler(made, s.monitor ?: "val_loss")
            is LRScheduler -> b.scheduler(made, s.perBatch)
        }
    }
    return b.build().fit(sc, data, this, epochs)
}
