package dev.soma.nn;

import dev.soma.tensor.Recurrent;

/**
 * Gated recurrent unit over sequences (torch.nn.GRU): per step r = σ(W_ir x + b_ir + W_hr h + b_hr),
 * z = σ(W_iz x + b_iz + W_hz h + b_hz), n = tanh(W_in x + b_in + r·(W_hn h + b_hn)), h = (1 − z)·n + z·h, gates in
 * the order r, z, n. Inputs (input, h_0), outputs (output, h_n); see {@link RNNBase}.
 */
public final class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) { this(builder(inputSize, hiddenSize)); }

    private GRU(Builder<GRU> b) { super(Recurrent.Cell.GRU, b); }

    /** {@code GRU.builder(32, 64).bidirectional(true).build()}. */
    public static Builder<GRU> builder(int inputSize, int hiddenSize) { return new Builder<>(inputSize, hiddenSize, GRU::new); }

    @Override public Config config() { return baseConfig(); }

    static GRU fromConfig(Config c) { return builderFrom(c, builder(c.getInt("input_size"), c.getInt("hidden_size"))).build(); }
}
