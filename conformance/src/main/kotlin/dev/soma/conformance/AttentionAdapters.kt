package dev.soma.conformance

import dev.soma.nn.Functional
import dev.soma.nn.Module
import dev.soma.nn.MultiheadAttention
import dev.soma.tensor.Tensor

/**
 * Family `attention`: F.scaled_dot_product_attention (PyTorch 2.x semantics) and the MultiheadAttention module, whose
 * forward attrs need_weights, average_attn_weights and is_causal become [MultiheadAttention.Options]; it returns
 * `attn_output` and, when asked for, `attn_weights`.
 */
object AttentionAdapters {
    fun register(r: AdapterRegistry) {
        r.function("scaled_dot_product_attention") { a, x ->
            val scale = if (a.has("scale")) a.double("scale", 0.0) else null
            output(Functional.scaledDotProductAttention(x["query"], x["key"], x["value"], x.optional("attn_mask"),
                a.double("dropout_p", 0.0), a.bool("is_causal", false), scale))
        }
        r.module("MultiheadAttention", ModuleAdapter({ a ->
            MultiheadAttention(a.int("embed_dim"), a.int("num_heads"), a.double("dropout", 0.0), a.bool("bias", true),
                a.bool("add_bias_kv", false), a.bool("add_zero_attn", false), a.intOrNull("kdim"), a.intOrNull("vdim"),
                a.bool("batch_first", false))
        }, ::multiheadAttention))
    }

    /** forward(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights, is_causal). */
    internal fun options(f: Attrs): MultiheadAttention.Options =
        MultiheadAttention.Options(f.bool("need_weights", true), f.bool("average_attn_weights", true), f.bool("is_causal", false))

    private fun multiheadAttention(m: Module, x: Inputs, f: Attrs): Map<String, Tensor> {
        val out = (m as MultiheadAttention).forwardOutputs(x["query"], x["key"], x["value"], x.optional("key_padding_mask"),
            x.optional("attn_mask"), options(f))
        val weights = out[1] ?: return mapOf("attn_output" to out[0])
        return mapOf("attn_output" to out[0], "attn_weights" to weights)
    }
}
