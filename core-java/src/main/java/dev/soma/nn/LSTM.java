package dev.soma.nn;

import dev.soma.tensor.Recurrent;

/**
 * Long short-term memory over sequences (torch.nn.LSTM): per step i, f, g, o = σ, σ, tanh, σ of
 * W_ih x + b_ih + W_hh h + b_hh (gates in that order), c = f·c + i·g, h = o·tanh(c), projected by weight_hr to
 * proj_size when it is set. Inputs (input, h_0, c_0), outputs (output, h_n, c_n); see {@link RNNBase}.
 */
public final class LSTM extends RNNBase {
    public LSTM(int inputSize, int hiddenSize) { this(builder(inputSize, hiddenSize)); }

    private LSTM(Builder<LSTM> b) { super(Recurrent.Cell.LSTM, b); }

    /** {@code LSTM.builder(128, 256).numLayers(2).batchFirst(true).build()}. */
    public static Builder<LSTM> builder(int inputSize, int hiddenSize) { return new Builder<>(inputSize, hiddenSize, LSTM::new); }

    @Override public Config config() { return baseConfig().put("proj_size", projSize); }

    static LSTM fromConfig(Config c) {
        return builderFrom(c, builder(c.getInt("input_size"), c.getInt("hidden_size"))).projSize(c.getInt("proj_size", 0)).build();
    }
}
