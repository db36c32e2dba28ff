package dev.soma.nn;

import dev.soma.tensor.Recurrent;

/**
 * Elman recurrent network over sequences (torch.nn.RNN): per step h = tanh(W_ih x + b_ih + W_hh h + b_hh), or relu
 * with nonlinearity "relu". Inputs (input, h_0), outputs (output, h_n); see {@link RNNBase}.
 */
public final class RNN extends RNNBase {
    public final String nonlinearity;

    public RNN(int inputSize, int hiddenSize) { this(builder(inputSize, hiddenSize)); }

    private RNN(Builder<RNN> b) {
        super(cell("RNN", b.nonlinearity), b);
        nonlinearity = b.nonlinearity;
    }

    /** The cell for PyTorch's nonlinearity argument; any other value raises PyTorch's error, prefixed with the layer. */
    static Recurrent.Cell cell(String layer, String nonlinearity) {
        if ("tanh".equals(nonlinearity)) return Recurrent.Cell.RNN_TANH;
        if ("relu".equals(nonlinearity)) return Recurrent.Cell.RNN_RELU;
        throw new IllegalArgumentException(layer + ": Unknown nonlinearity '" + nonlinearity + "'");
    }

    /** {@code RNN.builder(16, 32).nonlinearity("relu").build()}. */
    public static Builder<RNN> builder(int inputSize, int hiddenSize) { return new Builder<>(inputSize, hiddenSize, RNN::new); }

    @Override public Config config() { return baseConfig().put("nonlinearity", nonlinearity); }

    static RNN fromConfig(Config c) {
        return builderFrom(c, builder(c.getInt("input_size"), c.getInt("hidden_size")))
                .nonlinearity(c.has("nonlinearity") ? c.getString("nonlinearity") : "tanh").build();
    }
}
