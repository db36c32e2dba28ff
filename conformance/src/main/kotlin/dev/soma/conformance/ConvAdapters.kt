package dev.soma.conformance

import dev.soma.nn.Conv1d
import dev.soma.nn.Conv2d
import dev.soma.nn.Conv3d
import dev.soma.nn.ConvTranspose1d
import dev.soma.nn.ConvTranspose2d
import dev.soma.nn.ConvTranspose3d
import dev.soma.nn.Functional
import dev.soma.nn.IntsOrString

/** Family `conv`: F.conv1d/conv2d and F.conv_transpose1d/2d, and the Conv and ConvTranspose modules. */
object ConvAdapters {
    fun register(r: AdapterRegistry) {
        for (rank in 1..3) {
            r.function("conv${rank}d") { a, x ->
                val w = x["weight"]
                if (w.dim() != rank + 2) throw IllegalArgumentException("conv${rank}d: expected a ${rank + 2}-d weight, got ${w.shape().toList()}")
                val stride = a.ints("stride", intArrayOf(1))
                val dilation = a.ints("dilation", intArrayOf(1))
                val groups = a.int("groups", 1)
                val p = padding(a)
                val y = if (p.isString) Functional.conv(x["input"], w, x.optional("bias"), stride, p.string(), dilation, groups)
                else Functional.conv(x["input"], w, x.optional("bias"), stride, p.ints(), dilation, groups)
                output(y)
            }
            r.function("conv_transpose${rank}d") { a, x ->
                val w = x["weight"]
                if (w.dim() != rank + 2) throw IllegalArgumentException("conv_transpose${rank}d: expected a ${rank + 2}-d weight, got ${w.shape().toList()}")
                output(Functional.convTranspose(x["input"], w, x.optional("bias"), a.ints("stride", intArrayOf(1)),
                    a.ints("padding", intArrayOf(0)), a.ints("output_padding", intArrayOf(0)), a.int("groups", 1),
                    a.ints("dilation", intArrayOf(1))))
            }
        }
        r.module("Conv1d", ModuleAdapter({ a -> Conv1d(a.int("in_channels"), a.int("out_channels"), a.ints("kernel_size"), a.ints("stride", intArrayOf(1)),
            padding(a), a.ints("dilation", intArrayOf(1)), a.int("groups", 1), a.bool("bias", true), a.string("padding_mode", "zeros")) }))
        r.module("Conv2d", ModuleAdapter({ a -> Conv2d(a.int("in_channels"), a.int("out_channels"), a.ints("kernel_size"), a.ints("stride", intArrayOf(1)),
            padding(a), a.ints("dilation", intArrayOf(1)), a.int("groups", 1), a.bool("bias", true), a.string("padding_mode", "zeros")) }))
        r.module("Conv3d", ModuleAdapter({ a -> Conv3d(a.int("in_channels"), a.int("out_channels"), a.ints("kernel_size"), a.ints("stride", intArrayOf(1)),
            padding(a), a.ints("dilation", intArrayOf(1)), a.int("groups", 1), a.bool("bias", true), a.string("padding_mode", "zeros")) }))
        r.module("ConvTranspose1d", ModuleAdapter({ a -> checkZeros(a); ConvTranspose1d(a.int("in_channels"), a.int("out_channels"), a.ints("kernel_size"),
            a.ints("stride", intArrayOf(1)), a.ints("padding", intArrayOf(0)), a.ints("output_padding", intArrayOf(0)), a.int("groups", 1),
            a.bool("bias", true), a.ints("dilation", intArrayOf(1))) }))
        r.module("ConvTranspose2d", ModuleAdapter({ a -> checkZeros(a); ConvTranspose2d(a.int("in_channels"), a.int("out_channels"), a.ints("kernel_size"),
            a.ints("stride", intArrayOf(1)), a.ints("padding", intArrayOf(0)), a.ints("output_padding", intArrayOf(0)), a.int("groups", 1),
            a.bool("bias", true), a.ints("dilation", intArrayOf(1))) }))
        r.module("ConvTranspose3d", ModuleAdapter({ a -> checkZeros(a); ConvTranspose3d(a.int("in_channels"), a.int("out_channels"), a.ints("kernel_size"),
            a.ints("stride", intArrayOf(1)), a.ints("padding", intArrayOf(0)), a.ints("output_padding", intArrayOf(0)), a.int("groups", 1),
            a.bool("bias", true), a.ints("dilation", intArrayOf(1))) }))
    }

    // padding: an int, a list of ints, or "same"/"valid".
    private fun padding(a: Attrs): IntsOrString {
        val raw = a.raw("padding") ?: return IntsOrString.of(0)
        return when {
            raw is kotlinx.serialization.json.JsonPrimitive && raw.isString -> IntsOrString.of(raw.content)
            a.isList("padding") -> IntsOrString.of(*a.ints("padding"))
            else -> IntsOrString.of(a.int("padding"))
        }
    }

    private fun checkZeros(a: Attrs) {
        val mode = a.string("padding_mode", "zeros")
        if (mode != "zeros") throw IllegalArgumentException("ConvTranspose: only \"zeros\" padding mode is supported, got '$mode'")
    }
}
