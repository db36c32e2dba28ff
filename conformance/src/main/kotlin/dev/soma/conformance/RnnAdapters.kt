package dev.soma.conformance

import dev.soma.nn.GRU
import dev.soma.nn.GRUCell
import dev.soma.nn.LSTM
import dev.soma.nn.LSTMCell
import dev.soma.nn.Module
import dev.soma.nn.RNN
import dev.soma.nn.RNNBase
import dev.soma.nn.RNNCell
import dev.soma.tensor.Tensor

/**
 * Family `rnn`: modules RNN, LSTM, GRU and their cells from torch.nn constructor kwargs. The case's inputs are named as
 * the module's [Module.inputNames] (input, h_0, c_0 / input, hx; absent states are None) and its outputs as
 * [Module.outputNames] (output, h_n, c_n / h_1, c_1).
 */
object RnnAdapters {
    fun register(r: AdapterRegistry) {
        r.module("RNN", ModuleAdapter({ a -> sequence(RNN.builder(a.int("input_size"), a.int("hidden_size")), a)
            .nonlinearity(a.string("nonlinearity", "tanh")).build() }, ::allOutputs))
        r.module("LSTM", ModuleAdapter({ a -> sequence(LSTM.builder(a.int("input_size"), a.int("hidden_size")), a)
            .projSize(a.int("proj_size", 0)).build() }, ::allOutputs))
        r.module("GRU", ModuleAdapter({ a -> sequence(GRU.builder(a.int("input_size"), a.int("hidden_size")), a).build() }, ::allOutputs))
        r.module("RNNCell", ModuleAdapter({ a -> RNNCell(a.int("input_size"), a.int("hidden_size"), a.bool("bias", true),
            a.string("nonlinearity", "tanh")) }, ::allOutputs))
        r.module("LSTMCell", ModuleAdapter({ a -> LSTMCell(a.int("input_size"), a.int("hidden_size"), a.bool("bias", true)) }, ::allOutputs))
        r.module("GRUCell", ModuleAdapter({ a -> GRUCell(a.int("input_size"), a.int("hidden_size"), a.bool("bias", true)) }, ::allOutputs))
    }

    private fun <M : RNNBase> sequence(b: RNNBase.Builder<M>, a: Attrs): RNNBase.Builder<M> =
        b.numLayers(a.int("num_layers", 1)).bias(a.bool("bias", true)).batchFirst(a.bool("batch_first", false))
            .dropout(a.double("dropout", 0.0)).bidirectional(a.bool("bidirectional", false))

    // Inputs by the module's own names (absent ones None), outputs likewise.
    @Suppress("UNUSED_PARAMETER")
    private fun allOutputs(m: Module, x: Inputs, forwardAttrs: Attrs): Map<String, Tensor> {
        val unknown = x.map.keys - m.inputNames().toSet()
        if (unknown.isNotEmpty()) throw GoldenFormatException("${m.typeName()} takes ${m.inputNames()}, the case gives $unknown")
        val outs = m.forwardOutputs(*m.inputNames().map { x.optional(it) }.toTypedArray())
        return m.outputNames().zip(outs.toList()).toMap()
    }
}
