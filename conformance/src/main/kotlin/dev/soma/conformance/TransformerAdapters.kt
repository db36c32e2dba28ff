package dev.soma.conformance

import dev.soma.nn.LayerNorm
import dev.soma.nn.Module
import dev.soma.nn.TransformerDecoder
import dev.soma.nn.TransformerDecoderLayer
import dev.soma.nn.TransformerEncoder
import dev.soma.nn.TransformerEncoderLayer
import kotlinx.serialization.json.JsonPrimitive

/**
 * Family `transformer`: TransformerEncoderLayer, TransformerDecoderLayer, TransformerEncoder and TransformerDecoder
 * built from torch.nn constructor kwargs (nested `{op, attrs}` for encoder_layer, decoder_layer and norm), run with
 * their masks as inputs and the is_causal flags as forward attrs.
 */
object TransformerAdapters {
    fun register(r: AdapterRegistry) {
        r.module("TransformerEncoderLayer", ModuleAdapter({ a -> encoderLayer(a) }) { m, x, f ->
            output((m as TransformerEncoderLayer).forward(x["src"], x.optional("src_mask"), x.optional("src_key_padding_mask"),
                f.bool("is_causal", false)))
        })
        r.module("TransformerDecoderLayer", ModuleAdapter({ a -> decoderLayer(a) }) { m, x, f ->
            output((m as TransformerDecoderLayer).forward(x["tgt"], x["memory"], x.optional("tgt_mask"), x.optional("memory_mask"),
                x.optional("tgt_key_padding_mask"), x.optional("memory_key_padding_mask"), f.bool("tgt_is_causal", false),
                f.bool("memory_is_causal", false)))
        })
        r.module("TransformerEncoder", ModuleAdapter({ a ->
            val layer = nested(a, "encoder_layer") { encoderLayer(it) }
            TransformerEncoder(layer, a.int("num_layers"), norm(a))
        }) { m, x, f ->
            output((m as TransformerEncoder).forward(x["src"], x.optional("mask"), x.optional("src_key_padding_mask"),
                f.bool("is_causal", false)))
        })
        r.module("TransformerDecoder", ModuleAdapter({ a ->
            val layer = nested(a, "decoder_layer") { decoderLayer(it) }
            TransformerDecoder(layer, a.int("num_layers"), norm(a))
        }) { m, x, f ->
            output((m as TransformerDecoder).forward(x["tgt"], x["memory"], x.optional("tgt_mask"), x.optional("memory_mask"),
                x.optional("tgt_key_padding_mask"), x.optional("memory_key_padding_mask"), f.bool("tgt_is_causal", false),
                f.bool("memory_is_causal", false)))
        })
    }

    private fun encoderLayer(a: Attrs) = TransformerEncoderLayer(a.int("d_model"), a.int("nhead"), a.int("dim_feedforward", 2048),
        a.double("dropout", 0.1), a.string("activation", "relu"), a.double("layer_norm_eps", 1e-5), a.bool("batch_first", false),
        a.bool("norm_first", false), a.bool("bias", true))

    private fun decoderLayer(a: Attrs) = TransformerDecoderLayer(a.int("d_model"), a.int("nhead"), a.int("dim_feedforward", 2048),
        a.double("dropout", 0.1), a.string("activation", "relu"), a.double("layer_norm_eps", 1e-5), a.bool("batch_first", false),
        a.bool("norm_first", false), a.bool("bias", true))

    // A nested module attribute {op, attrs}; every attr inside must be read too.
    private fun <M : Module> nested(a: Attrs, key: String, build: (Attrs) -> M): M {
        val o = a.obj(key) ?: throw GoldenFormatException("attribute '$key' must be a nested module {op, attrs}")
        val attrs = Attrs.of(o["attrs"])
        val m = build(attrs)
        if ((o["op"] as? JsonPrimitive)?.content != m.typeName())
            throw GoldenFormatException("attribute '$key' names ${o["op"]}, built ${m.typeName()}")
        if (attrs.unread().isNotEmpty()) throw AssertionError("the adapter ignored $key attrs ${attrs.unread()}")
        return m
    }

    private fun norm(a: Attrs): Module? {
        if (a.obj("norm") == null) return null
        return nested(a, "norm") { n -> LayerNorm(n.ints("normalized_shape"), n.double("eps", 1e-5), n.bool("elementwise_affine", true)) }
    }

}
