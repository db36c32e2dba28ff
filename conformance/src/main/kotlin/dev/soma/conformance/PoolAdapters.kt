package dev.soma.conformance

import dev.soma.nn.AdaptiveAvgPool1d
import dev.soma.nn.AdaptiveAvgPool2d
import dev.soma.nn.AdaptiveAvgPool3d
import dev.soma.nn.AdaptiveMaxPool1d
import dev.soma.nn.AdaptiveMaxPool2d
import dev.soma.nn.AdaptiveMaxPool3d
import dev.soma.nn.AdaptivePoolNd
import dev.soma.nn.AvgPool1d
import dev.soma.nn.AvgPool2d
import dev.soma.nn.AvgPool3d
import dev.soma.nn.Functional
import dev.soma.nn.MaxPool1d
import dev.soma.nn.MaxPool2d
import dev.soma.nn.MaxPool3d
import dev.soma.nn.MaxPoolNd
import dev.soma.nn.MaxUnpool1d
import dev.soma.nn.MaxUnpool2d
import dev.soma.nn.MaxUnpool3d
import dev.soma.nn.MaxUnpoolNd
import dev.soma.nn.Module
import dev.soma.nn.PixelShuffle
import dev.soma.nn.PixelUnshuffle
import dev.soma.nn.Upsample
import dev.soma.tensor.Tensor
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.intOrNull

/**
 * Family `pool`: F.max_pool1d/2d/3d (with return_indices), avg_pool1d/2d/3d, adaptive_avg/max_pool1d/2d/3d,
 * max_unpool1d/2d/3d, interpolate, pixel_shuffle and pixel_unshuffle, and the modules of the same names.
 */
object PoolAdapters {
    fun register(r: AdapterRegistry) {
        for (rank in 1..3) {
            r.function("max_pool${rank}d") { a, x ->
                val k = a.ints("kernel_size")
                val stride = a.intsOrNull("stride")
                val padding = a.ints("padding", intArrayOf(0))
                val dilation = a.ints("dilation", intArrayOf(1))
                val ceil = a.bool("ceil_mode", false)
                if (a.bool("return_indices", false)) {
                    val vi = Functional.maxPoolWithIndices(x["input"], rank, k, stride, padding, dilation, ceil)
                    mapOf("output" to vi.values(), "indices" to vi.indices())
                } else output(Functional.maxPool(x["input"], rank, k, stride, padding, dilation, ceil))
            }
            r.function("avg_pool${rank}d") { a, x ->
                output(Functional.avgPool(x["input"], rank, a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0)),
                    a.bool("ceil_mode", false), a.bool("count_include_pad", true), a.int("divisor_override", 0)))
            }
            r.function("adaptive_avg_pool${rank}d") { a, x -> output(Functional.adaptiveAvgPool(x["input"], rank, *outputSize(a))) }
            r.function("adaptive_max_pool${rank}d") { a, x ->
                if (a.bool("return_indices", false)) {
                    val vi = Functional.adaptiveMaxPoolWithIndices(x["input"], rank, *outputSize(a))
                    mapOf("output" to vi.values(), "indices" to vi.indices())
                } else output(Functional.adaptiveMaxPool(x["input"], rank, *outputSize(a)))
            }
            r.function("max_unpool${rank}d") { a, x ->
                output(Functional.maxUnpool(x["input"], x["indices"], rank, a.ints("kernel_size"), a.intsOrNull("stride"),
                    a.ints("padding", intArrayOf(0)), a.intsOrNull("output_size")))
            }
        }
        r.function("interpolate") { a, x ->
            val align = if (a.has("align_corners")) a.bool("align_corners", false) else null
            output(Functional.interpolate(x["input"], a.intsOrNull("size"), scaleFactor(a), a.string("mode", "nearest"), align))
        }
        r.module("MaxPool1d", ModuleAdapter({ a -> maxPoolArgs(a) { k, s, p, d, ri, c -> MaxPool1d(k, s, p, d, ri, c) } }, ::withIndices))
        r.module("MaxPool2d", ModuleAdapter({ a -> maxPoolArgs(a) { k, s, p, d, ri, c -> MaxPool2d(k, s, p, d, ri, c) } }, ::withIndices))
        r.module("MaxPool3d", ModuleAdapter({ a -> maxPoolArgs(a) { k, s, p, d, ri, c -> MaxPool3d(k, s, p, d, ri, c) } }, ::withIndices))
        r.module("AvgPool1d", ModuleAdapter({ a -> AvgPool1d(a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0)),
            a.bool("ceil_mode", false), a.bool("count_include_pad", true)) }))
        r.module("AvgPool2d", ModuleAdapter({ a -> AvgPool2d(a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0)),
            a.bool("ceil_mode", false), a.bool("count_include_pad", true), a.intOrNull("divisor_override")) }))
        r.module("AvgPool3d", ModuleAdapter({ a -> AvgPool3d(a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0)),
            a.bool("ceil_mode", false), a.bool("count_include_pad", true), a.intOrNull("divisor_override")) }))
        r.module("AdaptiveAvgPool1d", ModuleAdapter({ a -> AdaptiveAvgPool1d(outputSize(a)) }))
        r.module("AdaptiveAvgPool2d", ModuleAdapter({ a -> AdaptiveAvgPool2d(outputSize(a)) }))
        r.module("AdaptiveAvgPool3d", ModuleAdapter({ a -> AdaptiveAvgPool3d(outputSize(a)) }))
        r.module("AdaptiveMaxPool1d", ModuleAdapter({ a -> AdaptiveMaxPool1d(outputSize(a), a.bool("return_indices", false)) }, ::withIndices))
        r.module("AdaptiveMaxPool2d", ModuleAdapter({ a -> AdaptiveMaxPool2d(outputSize(a), a.bool("return_indices", false)) }, ::withIndices))
        r.module("AdaptiveMaxPool3d", ModuleAdapter({ a -> AdaptiveMaxPool3d(outputSize(a), a.bool("return_indices", false)) }, ::withIndices))
        r.module("MaxUnpool1d", ModuleAdapter({ a -> MaxUnpool1d(a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0))) }, ::unpool))
        r.module("MaxUnpool2d", ModuleAdapter({ a -> MaxUnpool2d(a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0))) }, ::unpool))
        r.module("MaxUnpool3d", ModuleAdapter({ a -> MaxUnpool3d(a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0))) }, ::unpool))
        r.module("Upsample", ModuleAdapter({ a ->
            Upsample(a.intsOrNull("size"), scaleFactor(a), a.string("mode", "nearest"), if (a.has("align_corners")) a.bool("align_corners", false) else null)
        }))
        r.module("PixelShuffle", ModuleAdapter({ a -> PixelShuffle(a.int("upscale_factor")) }))
        r.module("PixelUnshuffle", ModuleAdapter({ a -> PixelUnshuffle(a.int("downscale_factor")) }))
        r.function("pixel_shuffle") { a, x -> output(Functional.pixelShuffle(x["input"], a.int("upscale_factor"))) }
        r.function("pixel_unshuffle") { a, x -> output(Functional.pixelUnshuffle(x["input"], a.int("downscale_factor"))) }
    }

    // output_size: an int or a list whose None entries keep the input's size (-1 in Soma).
    internal fun outputSize(a: Attrs): IntArray = when (val v = a.raw("output_size")) {
        is JsonArray -> IntArray(v.size) {
            val e = v[it]
            if (e is JsonNull) -1 else (e as? JsonPrimitive)?.intOrNull ?: throw GoldenFormatException("output_size must hold ints or None, got $v")
        }
        null -> throw GoldenFormatException("attribute 'output_size' is required but absent")
        else -> intArrayOf(a.int("output_size"))
    }

    // scale_factor: a number or a list of numbers, absent = None.
    internal fun scaleFactor(a: Attrs): DoubleArray? = when (val v = a.raw("scale_factor")) {
        null -> null
        is JsonArray -> DoubleArray(v.size) { (v[it] as? JsonPrimitive)?.doubleOrNull ?: throw GoldenFormatException("scale_factor must hold numbers, got $v") }
        else -> doubleArrayOf(a.double("scale_factor", 1.0))
    }

    private fun maxPoolArgs(a: Attrs, make: (IntArray, IntArray?, IntArray, IntArray, Boolean, Boolean) -> Module): Module =
        make(a.ints("kernel_size"), a.intsOrNull("stride"), a.ints("padding", intArrayOf(0)), a.ints("dilation", intArrayOf(1)),
            a.bool("return_indices", false), a.bool("ceil_mode", false))

    // A max pooling module built with return_indices gives (output, indices), as PyTorch's forward does.
    private fun withIndices(m: Module, x: Inputs, forwardAttrs: Attrs): Map<String, Tensor> {
        val vi = when {
            m is MaxPoolNd && m.returnIndices -> m.forwardWithIndices(x.single())
            m is AdaptivePoolNd && m.returnIndices -> m.forwardWithIndices(x.single())
            else -> return output(m.forward(x.single()))
        }
        return mapOf("output" to vi.values(), "indices" to vi.indices())
    }

    // forward(input, indices, output_size=None).
    private fun unpool(m: Module, x: Inputs, forwardAttrs: Attrs): Map<String, Tensor> =
        output((m as MaxUnpoolNd).forward(x["input"], x["indices"], forwardAttrs.intsOrNull("output_size")))
}
