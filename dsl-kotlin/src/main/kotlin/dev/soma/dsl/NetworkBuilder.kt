package dev.soma.dsl

import dev.soma.nn.*
import dev.soma.tensor.Generator

/** Keeps an inner builder block from calling an outer builder's methods by accident. */
@DslMarker
annotation class SomaDsl

/** A per-sample input shape for [network] (the batch dim is added by Soma): `shape(3, 32, 32)`. */
fun shape(vararg dims: Int): SampleShape = SampleShape(dims.toList())

/** A per-sample shape (no batch dim) as a list of sizes, made by [shape]; apart from the core's `dev.soma.tensor.Shape` helpers. */
data class SampleShape(val dims: List<Int>) {
    override fun toString(): String = dims.joinToString(", ", "(", ")")
}

/**
 * Builds a core [Sequential] layer by layer. With an input shape, each layer's input size is inferred from the
 * previous output through the layers' own shape rules (the ones the summary uses), and a mismatch is reported
 * when the network is built, naming the layer, its position and both shapes.
 */
@SomaDsl
class NetworkBuilder internal constructor(input: SampleShape?, private val path: String, private val generator: Generator) {
    private val layers = ArrayList<Pair<String?, Module>>()
    /** The current output shape with a batch dim of 1 in front, or null when no input shape was given. */
    private var current: IntArray? = input?.let { intArrayOf(1) + it.dims.toIntArray() }

    /** The per-sample shape the next layer receives, when known. */
    val outputShape: SampleShape? get() = current?.let { SampleShape(it.drop(1)) }

    /** Appends any module (user layers included); its shape rule advances the inferred shape. */
    fun add(module: Module, name: String? = null): Module {
        val position = layers.size
        current?.let { s ->
            current = if (!module.hasShapeRule()) null    // a layer without a single-input shape rule: inference stops here
            else try {
                module.outputShape(s)
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("network: layer $path${name ?: position} (${module.typeName()}) does not fit the input "
                    + SampleShape(s.drop(1).toList()) + ": ${e.message}", e)
            }
        }
        layers += name to module
        return module
    }

    private fun features(what: String): Int {
        val s = current ?: throw IllegalArgumentException("network: $what cannot infer its input size without an input shape; "
            + "give it explicitly or start with network(input = shape(...))")
        return s.last()
    }

    // ------------------------------------------------------------ dense and embedding layers

    fun linear(inFeatures: Int, outFeatures: Int, bias: Boolean = true) = add(Linear(inFeatures, outFeatures, bias, generator))

    /** A Linear whose in_features is the previous output's last size. */
    fun linear(outFeatures: Int, bias: Boolean = true) = linear(features("linear($outFeatures)"), outFeatures, bias)

    fun maxout(inFeatures: Int, outFeatures: Int, pieces: Int) = add(Maxout(inFeatures, outFeatures, pieces, generator))

    fun maxout(outFeatures: Int, pieces: Int) = maxout(features("maxout($outFeatures, $pieces)"), outFeatures, pieces)

    fun embedding(numEmbeddings: Int, embeddingDim: Int, paddingIdx: Int? = null, maxNorm: Double? = null, normType: Double = 2.0,
                  scaleGradByFreq: Boolean = false) =
        add(Embedding(numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq))

    // ------------------------------------------------------------ recurrent layers (the output sequence chains on)

    /** An LSTM whose input_size is the previous output's last size unless given; in a network it passes on its output. */
    fun lstm(hiddenSize: Int, numLayers: Int = 1, bias: Boolean = true, batchFirst: Boolean = false, dropout: Double = 0.0,
             bidirectional: Boolean = false, projSize: Int = 0, inputSize: Int? = null) =
        add(recurrent(LSTM.builder(inputSize ?: features("lstm($hiddenSize)"), hiddenSize), numLayers, bias, batchFirst, dropout,
            bidirectional).projSize(projSize).build())

    /** A GRU whose input_size is the previous output's last size unless given. */
    fun gru(hiddenSize: Int, numLayers: Int = 1, bias: Boolean = true, batchFirst: Boolean = false, dropout: Double = 0.0,
            bidirectional: Boolean = false, inputSize: Int? = null) =
        add(recurrent(GRU.builder(inputSize ?: features("gru($hiddenSize)"), hiddenSize), numLayers, bias, batchFirst, dropout,
            bidirectional).build())

    /** An Elman RNN ("tanh" or "relu") whose input_size is the previous output's last size unless given. */
    fun rnn(hiddenSize: Int, numLayers: Int = 1, nonlinearity: String = "tanh", bias: Boolean = true, batchFirst: Boolean = false,
            dropout: Double = 0.0, bidirectional: Boolean = false, inputSize: Int? = null) =
        add(recurrent(RNN.builder(inputSize ?: features("rnn($hiddenSize)"), hiddenSize), numLayers, bias, batchFirst, dropout,
            bidirectional).nonlinearity(nonlinearity).build())

    private fun <M : RNNBase> recurrent(b: RNNBase.Builder<M>, numLayers: Int, bias: Boolean, batchFirst: Boolean, dropout: Double,
                                        bidirectional: Boolean): RNNBase.Builder<M> =
        b.numLayers(numLayers).bias(bias).batchFirst(batchFirst).dropout(dropout).bidirectional(bidirectional).generator(generator)

    fun flatten(startDim: Int = 1, endDim: Int = -1) = add(Flatten(startDim, endDim))

    fun unflatten(dim: Int, vararg sizes: Int) = add(Unflatten(dim, *sizes))

    fun identity() = add(Identity())

    fun dropout(p: Double = 0.5) = add(Dropout(p, generator))

    // ------------------------------------------------------------ Transformer: inputs (N, L, d_model), batch first

    /** A TransformerEncoderLayer over (N, L, dModel); dModel is the previous output's last size unless given. */
    fun transformerEncoderLayer(dModel: Int? = null, nhead: Int = 8, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                                activation: String = "relu", layerNormEps: Double = 1e-5, normFirst: Boolean = false, bias: Boolean = true) =
        add(encoderLayer(dModel ?: features("transformerEncoderLayer()"), nhead, dimFeedforward, dropout, activation, layerNormEps, normFirst, bias))

    /** A TransformerEncoder of [numLayers] copies of one encoder layer over (N, L, dModel), with a final LayerNorm when [norm]. */
    fun transformerEncoder(dModel: Int? = null, nhead: Int = 8, dimFeedforward: Int = 2048, numLayers: Int = 6, dropout: Double = 0.1,
                           activation: String = "relu", layerNormEps: Double = 1e-5, normFirst: Boolean = false, bias: Boolean = true,
                           norm: Boolean = false): Module {
        val d = dModel ?: features("transformerEncoder()")
        val layer = encoderLayer(d, nhead, dimFeedforward, dropout, activation, layerNormEps, normFirst, bias)
        return add(TransformerEncoder(layer, numLayers, if (norm) LayerNorm(intArrayOf(d), layerNormEps, true, bias) else null))
    }

    private fun encoderLayer(d: Int, nhead: Int, dimFeedforward: Int, dropout: Double, activation: String, layerNormEps: Double,
                             normFirst: Boolean, bias: Boolean) =
        TransformerEncoderLayer(d, nhead, dimFeedforward, dropout, activation, layerNormEps, true, normFirst, bias, generator)

    /** Adds the fixed sinusoidal position code (a buffer) to (N, L, dModel), then dropout. */
    fun sinusoidalPositionalEncoding(dModel: Int? = null, maxLen: Int = 5000, dropout: Double = 0.1) =
        add(SinusoidalPositionalEncoding(dModel ?: features("sinusoidalPositionalEncoding()"), maxLen, dropout, true))

    /** Adds a learned vector per position (an Embedding of [maxLen] positions) to (N, L, dModel), then dropout. */
    fun learnedPositionalEncoding(maxLen: Int, dModel: Int? = null, dropout: Double = 0.1) =
        add(LearnedPositionalEncoding(maxLen, dModel ?: features("learnedPositionalEncoding($maxLen)"), dropout, true))

    // ------------------------------------------------------------ convolution

    // The channel dim of the previous output (N, C, *): in_channels of a convolution, num_features of a norm. A wrong
    // number of spatial dims is the layer's own shape rule's to report.
    private fun inferredChannels(what: String): Int {
        val s = current ?: throw IllegalArgumentException("network: $what cannot infer its input channels without an input shape; "
            + "give them explicitly or start with network(input = shape(...))")
        if (s.size < 2) throw IllegalArgumentException("network: $what needs an input with a channel dim, got ${SampleShape(s.drop(1))}")
        return s[1]
    }

    /**
     * Conv1d/Conv2d/Conv3d by spatial rank, in_channels given or inferred from the previous output's channel dim. Sizes are
     * an Int (every dim) or an IntArray (one per dim); [padding] also takes "same" or "valid".
     */
    private fun conv(rank: Int, inChannels: Int?, outChannels: Int, kernelSize: IntArray, stride: IntArray, padding: Any,
                     dilation: IntArray, groups: Int, bias: Boolean, paddingMode: String): Module {
        val cIn = inChannels ?: inferredChannels("conv${rank}d($outChannels)")
        val p = paddingOf(padding)
        return add(when (rank) {
            1 -> Conv1d(cIn, outChannels, kernelSize, stride, p, dilation, groups, bias, paddingMode, generator)
            2 -> Conv2d(cIn, outChannels, kernelSize, stride, p, dilation, groups, bias, paddingMode, generator)
            else -> Conv3d(cIn, outChannels, kernelSize, stride, p, dilation, groups, bias, paddingMode, generator)
        })
    }

    private fun convTranspose(rank: Int, inChannels: Int?, outChannels: Int, kernelSize: IntArray, stride: IntArray, padding: IntArray,
                              outputPadding: IntArray, groups: Int, bias: Boolean, dilation: IntArray): Module {
        val cIn = inChannels ?: inferredChannels("convTranspose${rank}d($outChannels)")
        return add(when (rank) {
            1 -> ConvTranspose1d(cIn, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation, generator)
            2 -> ConvTranspose2d(cIn, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation, generator)
            else -> ConvTranspose3d(cIn, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation, generator)
        })
    }

    fun conv1d(outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Any = 0, dilation: Int = 1, groups: Int = 1,
               bias: Boolean = true, paddingMode: String = "zeros", inChannels: Int? = null) =
        conv(1, inChannels, outChannels, intArrayOf(kernelSize), intArrayOf(stride), padding, intArrayOf(dilation), groups, bias, paddingMode)

    fun conv2d(outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Any = 0, dilation: Int = 1, groups: Int = 1,
               bias: Boolean = true, paddingMode: String = "zeros", inChannels: Int? = null) =
        conv(2, inChannels, outChannels, intArrayOf(kernelSize), intArrayOf(stride), padding, intArrayOf(dilation), groups, bias, paddingMode)

    /** A Conv2d with per-dim sizes: `conv2d(16, kernelSize = intArrayOf(3, 1), padding = intArrayOf(1, 0))`. */
    fun conv2d(outChannels: Int, kernelSize: IntArray, stride: IntArray = intArrayOf(1), padding: Any = 0,
               dilation: IntArray = intArrayOf(1), groups: Int = 1, bias: Boolean = true, paddingMode: String = "zeros",
               inChannels: Int? = null) =
        conv(2, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, paddingMode)

    /** A DepthwiseConv2d over the previous output's channels (or [channels]), [multiplier] kernels per channel. */
    fun depthwiseConv2d(kernelSize: Int, stride: Int = 1, padding: Any = 0, dilation: Int = 1, multiplier: Int = 1, bias: Boolean = true,
                        paddingMode: String = "zeros", channels: Int? = null) =
        add(DepthwiseConv2d(channels ?: inferredChannels("depthwiseConv2d($kernelSize)"), multiplier, intArrayOf(kernelSize), intArrayOf(stride),
            paddingOf(padding), intArrayOf(dilation), bias, paddingMode, generator))

    /**
     * A SeparableConv2d: depthwise [kernelSize] convolution, optionally a [norm] and an [activation] (any modules), then a
     * 1×1 convolution to [outChannels].
     */
    fun separableConv2d(outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Any = 0, dilation: Int = 1, multiplier: Int = 1,
                        bias: Boolean = true, norm: Module? = null, activation: Module? = null, inChannels: Int? = null) =
        add(SeparableConv2d(inChannels ?: inferredChannels("separableConv2d($outChannels)"), outChannels, intArrayOf(kernelSize),
            intArrayOf(stride), paddingOf(padding), intArrayOf(dilation), multiplier, bias, norm, activation, generator))

    fun conv3d(outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Any = 0, dilation: Int = 1, groups: Int = 1,
               bias: Boolean = true, paddingMode: String = "zeros", inChannels: Int? = null) =
        conv(3, inChannels, outChannels, intArrayOf(kernelSize), intArrayOf(stride), padding, intArrayOf(dilation), groups, bias, paddingMode)

    fun convTranspose1d(outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, groups: Int = 1,
                        bias: Boolean = true, dilation: Int = 1, inChannels: Int? = null) =
        convTranspose(1, inChannels, outChannels, intArrayOf(kernelSize), intArrayOf(stride), intArrayOf(padding), intArrayOf(outputPadding),
            groups, bias, intArrayOf(dilation))

    fun convTranspose2d(outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, groups: Int = 1,
                        bias: Boolean = true, dilation: Int = 1, inChannels: Int? = null) =
        convTranspose(2, inChannels, outChannels, intArrayOf(kernelSize), intArrayOf(stride), intArrayOf(padding), intArrayOf(outputPadding),
            groups, bias, intArrayOf(dilation))

    fun convTranspose3d(outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, groups: Int = 1,
                        bias: Boolean = true, dilation: Int = 1, inChannels: Int? = null) =
        convTranspose(3, inChannels, outChannels, intArrayOf(kernelSize), intArrayOf(stride), intArrayOf(padding), intArrayOf(outputPadding),
            groups, bias, intArrayOf(dilation))

    /** Unfold: the input's sliding blocks as columns (N, C·kH·kW, L). */
    fun unfold(kernelSize: Int, dilation: Int = 1, padding: Int = 0, stride: Int = 1) =
        add(Unfold(intArrayOf(kernelSize), intArrayOf(dilation), intArrayOf(padding), intArrayOf(stride)))

    /** Fold: columns (N, C·kH·kW, L) summed back into (N, C, outputSize). */
    fun fold(outputSize: IntArray, kernelSize: Int, dilation: Int = 1, padding: Int = 0, stride: Int = 1) =
        add(Fold(outputSize, intArrayOf(kernelSize), intArrayOf(dilation), intArrayOf(padding), intArrayOf(stride)))

    // ------------------------------------------------------------ normalisation


    /** BatchNorm1d over (N, C) or (N, C, L); num_features inferred from the channel dim. A null momentum is a cumulative average. */
    fun batchNorm1d(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Boolean = true, trackRunningStats: Boolean = true,
                    numFeatures: Int? = null) =
        add(BatchNorm1d(numFeatures ?: inferredChannels("batchNorm1d()"), eps, momentum, affine, trackRunningStats))

    /** BatchNorm2d over (N, C, H, W); num_features inferred from the channel dim. */
    fun batchNorm2d(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Boolean = true, trackRunningStats: Boolean = true,
                    numFeatures: Int? = null) =
        add(BatchNorm2d(numFeatures ?: inferredChannels("batchNorm2d()"), eps, momentum, affine, trackRunningStats))

    /** GroupNorm with [numGroups] groups; num_channels inferred from the channel dim. */
    fun groupNorm(numGroups: Int, eps: Double = 1e-5, affine: Boolean = true, numChannels: Int? = null) =
        add(GroupNorm(numGroups, numChannels ?: inferredChannels("groupNorm($numGroups)"), eps, affine))

    /**
     * LayerNorm over [normalizedShape], or, when none is given, over the previous output's last [lastDims] sizes:
     * `layerNorm()` normalises the features of (N, L, D), `layerNorm(lastDims = 3)` whole (C, H, W) samples.
     */
    fun layerNorm(vararg normalizedShape: Int, lastDims: Int = 1, eps: Double = 1e-5, elementwiseAffine: Boolean = true): Module {
        val shape = if (normalizedShape.isNotEmpty()) normalizedShape else {
            val s = current ?: throw IllegalArgumentException("network: layerNorm() cannot infer normalized_shape without an input shape; "
                + "give it explicitly or start with network(input = shape(...))")
            if (lastDims < 1 || lastDims >= s.size)
                throw IllegalArgumentException("network: layerNorm(lastDims = $lastDims) needs 1 to ${s.size - 1} trailing dims, the input is ${SampleShape(s.drop(1))}")
            s.copyOfRange(s.size - lastDims, s.size)
        }
        return add(LayerNorm(shape, eps, elementwiseAffine))
    }

    /** InstanceNorm1d over (N, C, L); num_features inferred from the channel dim. */
    fun instanceNorm1d(eps: Double = 1e-5, momentum: Double = 0.1, affine: Boolean = false, trackRunningStats: Boolean = false,
                       numFeatures: Int? = null) =
        add(InstanceNorm1d(numFeatures ?: inferredChannels("instanceNorm1d()"), eps, momentum, affine, trackRunningStats))

    /** InstanceNorm2d over (N, C, H, W); num_features inferred from the channel dim. */
    fun instanceNorm2d(eps: Double = 1e-5, momentum: Double = 0.1, affine: Boolean = false, trackRunningStats: Boolean = false,
                       numFeatures: Int? = null) =
        add(InstanceNorm2d(numFeatures ?: inferredChannels("instanceNorm2d()"), eps, momentum, affine, trackRunningStats))

    fun localResponseNorm(size: Int, alpha: Double = 1e-4, beta: Double = 0.75, k: Double = 1.0) = add(LocalResponseNorm(size, alpha, beta, k))

    /** Dropout2d: drops whole channels, drawing from the network's generator. */
    fun dropout2d(p: Double = 0.5) = add(Dropout2d(p, generator))
    // ------------------------------------------------------------ pooling and resampling
    // Sizes are an Int (every dim) or an IntArray (one per dim); stride = null means the kernel size, as in PyTorch.

    fun maxPool1d(kernelSize: Int, stride: Int? = null, padding: Int = 0, dilation: Int = 1, ceilMode: Boolean = false) =
        add(MaxPool1d(intArrayOf(kernelSize), stride?.let { intArrayOf(it) }, intArrayOf(padding), intArrayOf(dilation), false, ceilMode))

    fun maxPool2d(kernelSize: Int, stride: Int? = null, padding: Int = 0, dilation: Int = 1, ceilMode: Boolean = false) =
        add(MaxPool2d(intArrayOf(kernelSize), stride?.let { intArrayOf(it) }, intArrayOf(padding), intArrayOf(dilation), false, ceilMode))

    fun maxPool2d(kernelSize: IntArray, stride: IntArray? = null, padding: IntArray = intArrayOf(0), dilation: IntArray = intArrayOf(1),
                  ceilMode: Boolean = false) = add(MaxPool2d(kernelSize, stride, padding, dilation, false, ceilMode))

    fun maxPool3d(kernelSize: Int, stride: Int? = null, padding: Int = 0, dilation: Int = 1, ceilMode: Boolean = false) =
        add(MaxPool3d(intArrayOf(kernelSize), stride?.let { intArrayOf(it) }, intArrayOf(padding), intArrayOf(dilation), false, ceilMode))

    fun avgPool1d(kernelSize: Int, stride: Int? = null, padding: Int = 0, ceilMode: Boolean = false, countIncludePad: Boolean = true) =
        add(AvgPool1d(intArrayOf(kernelSize), stride?.let { intArrayOf(it) }, intArrayOf(padding), ceilMode, countIncludePad))

    fun avgPool2d(kernelSize: Int, stride: Int? = null, padding: Int = 0, ceilMode: Boolean = false, countIncludePad: Boolean = true,
                  divisorOverride: Int? = null) =
        add(AvgPool2d(intArrayOf(kernelSize), stride?.let { intArrayOf(it) }, intArrayOf(padding), ceilMode, countIncludePad, divisorOverride))

    fun avgPool2d(kernelSize: IntArray, stride: IntArray? = null, padding: IntArray = intArrayOf(0), ceilMode: Boolean = false,
                  countIncludePad: Boolean = true, divisorOverride: Int? = null) =
        add(AvgPool2d(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride))

    fun avgPool3d(kernelSize: Int, stride: Int? = null, padding: Int = 0, ceilMode: Boolean = false, countIncludePad: Boolean = true,
                  divisorOverride: Int? = null) =
        add(AvgPool3d(intArrayOf(kernelSize), stride?.let { intArrayOf(it) }, intArrayOf(padding), ceilMode, countIncludePad, divisorOverride))

    fun adaptiveAvgPool1d(outputSize: Int) = add(AdaptiveAvgPool1d(outputSize))

    fun adaptiveAvgPool2d(outputSize: Int) = add(AdaptiveAvgPool2d(outputSize))

    /** Per-dim output sizes; null (PyTorch's None) keeps that dim: `adaptiveAvgPool2d(null, 3)`. */
    fun adaptiveAvgPool2d(height: Int?, width: Int?) = add(AdaptiveAvgPool2d(intArrayOf(height ?: -1, width ?: -1)))

    fun adaptiveMaxPool1d(outputSize: Int) = add(AdaptiveMaxPool1d(outputSize))

    fun adaptiveMaxPool2d(outputSize: Int) = add(AdaptiveMaxPool2d(outputSize))

    /** Per-dim output sizes; null (PyTorch's None) keeps that dim. */
    fun adaptiveMaxPool2d(height: Int?, width: Int?) = add(AdaptiveMaxPool2d(intArrayOf(height ?: -1, width ?: -1), false))

    /** Mean over H and W to (N, C): AdaptiveAvgPool2d(1) and Flatten in one layer (Soma's, as Keras' GlobalAveragePooling2D). */
    fun globalAvgPool2d() = add(GlobalAvgPool2d())

    /** Upsample by [scaleFactor] or to [size] (exactly one), mode nearest, nearest-exact, linear, bilinear or trilinear. */
    fun upsample(scaleFactor: Double? = null, size: IntArray? = null, mode: String = "nearest", alignCorners: Boolean? = null) =
        add(Upsample(size, scaleFactor?.let { doubleArrayOf(it) }, mode, alignCorners))

    fun pixelShuffle(upscaleFactor: Int) = add(PixelShuffle(upscaleFactor))

    fun pixelUnshuffle(downscaleFactor: Int) = add(PixelUnshuffle(downscaleFactor))

    // ------------------------------------------------------------ activations

    fun relu() = add(ReLU())
    fun relu6() = add(ReLU6())
    fun leakyRelu(negativeSlope: Double = 0.01) = add(LeakyReLU(negativeSlope))
    fun elu(alpha: Double = 1.0) = add(ELU(alpha))
    fun selu() = add(SELU())
    fun celu(alpha: Double = 1.0) = add(CELU(alpha))
    fun gelu(approximate: String = "none") = add(GELU(approximate))
    fun silu() = add(SiLU())
    fun mish() = add(Mish())
    fun sigmoid() = add(Sigmoid())
    fun tanh() = add(Tanh())
    fun softplus(beta: Double = 1.0, threshold: Double = 20.0) = add(Softplus(beta, threshold))
    fun hardtanh(minVal: Double = -1.0, maxVal: Double = 1.0) = add(Hardtanh(minVal, maxVal))
    fun hardsigmoid() = add(Hardsigmoid())
    fun hardswish() = add(Hardswish())
    fun softsign() = add(Softsign())
    fun logSigmoid() = add(LogSigmoid())
    fun threshold(threshold: Double, value: Double) = add(Threshold(threshold, value))
    fun hardshrink(lambd: Double = 0.5) = add(Hardshrink(lambd))
    fun softshrink(lambd: Double = 0.5) = add(Softshrink(lambd))
    fun tanhshrink() = add(Tanhshrink())
    fun glu(dim: Int = -1) = add(GLU(dim))
    fun softmax(dim: Int) = add(Softmax(dim))
    fun logSoftmax(dim: Int) = add(LogSoftmax(dim))

    /** PReLU with one slope, or one per channel (dim 1) when numParameters > 1. */
    fun prelu(numParameters: Int = 1, init: Double = 0.25) = add(PReLU(numParameters, init))

    // ------------------------------------------------------------ composition

    /** A named sub-block: its layers' state-dict names are prefixed by `name.`. */
    fun block(name: String, body: NetworkBuilder.() -> Unit): Module {
        val inner = NetworkBuilder(outputShape, "$path$name.", generator).apply(body)
        return add(inner.build(), name)
    }

    /** x + f(x), or projection(x) + f(x) when the block changes the shape. */
    fun residual(projection: Module? = null, body: NetworkBuilder.() -> Unit): Module {
        val inner = NetworkBuilder(outputShape, "$path${layers.size}.body.", generator).apply(body)
        return add(Residual(inner.build(), projection))
    }

    /** Branches on the same input, merged by concatenation along [dim] or by addition. */
    fun parallel(merge: Parallel.Merge = Parallel.Merge.CONCAT, dim: Int = 1, body: ParallelBuilder.() -> Unit): Module {
        val branches = ParallelBuilder(outputShape, "$path${layers.size}.", generator).apply(body).branches
        return add(Parallel(merge, dim, branches))
    }

    /** The body [times] times in a row (its index passed in), flattened into this sequence. */
    fun repeat(times: Int, body: NetworkBuilder.(Int) -> Unit) {
        require(times >= 0) { "network: repeat needs a non-negative count, got $times" }
        for (i in 0 until times) body(i)
    }

    internal fun build(): Sequential {
        val s = Sequential()
        for ((name, m) in layers) if (name == null) s.add(m) else s.add(name, m)
        return s
    }
}

/** Collects the branches of a [NetworkBuilder.parallel] block, each built as its own sequence. */
@SomaDsl
class ParallelBuilder internal constructor(private val input: SampleShape?, private val path: String, private val generator: Generator) {
    internal val branches = ArrayList<Module>()

    /** One branch. */
    fun branch(body: NetworkBuilder.() -> Unit) {
        branches += NetworkBuilder(input, "$path${branches.size}.", generator).apply(body).build()
    }
}

/**
 * A network as a core [Sequential] (children named 0, 1, … as PyTorch's): `network { linear(3072, 100); relu();
 * linear(100, 10) }`, or with shape inference `network(input = shape(784)) { linear(256); relu(); linear(10) }`.
 * Weights are drawn from [generator] (the default one unless given). The input shape stays with the network
 * ([Sequential.inputShape]), so `summary()` needs none.
 */
fun network(input: SampleShape? = null, generator: Generator = Generator.defaultGenerator(), body: NetworkBuilder.() -> Unit): Sequential =
    NetworkBuilder(input, "", generator).apply(body).build().also { s -> input?.let { s.inputShape(*it.dims.toIntArray()) } }

/** A convolution's padding from an Int, an IntArray, a List<Int> or "same"/"valid". */
internal fun paddingOf(padding: Any): IntsOrString = when (padding) {
    is Int -> IntsOrString.of(padding)
    is IntArray -> IntsOrString.of(*padding)
    is String -> IntsOrString.of(padding)
    is List<*> -> IntsOrString.of(*IntArray(padding.size) { (padding[it] as? Int)
        ?: throw IllegalArgumentException("network: padding must hold Ints, got $padding") })
    else -> throw IllegalArgumentException("network: padding must be an Int, an IntArray, a List<Int>, \"same\" or \"valid\", "
        + "got ${padding::class.simpleName} $padding")
}
