package dev.soma.nn;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Recurrent;

/** One LSTM step (torch.nn.LSTMCell): inputs (input, h_0, c_0), outputs (h_1, c_1); gates i, f, g, o as in {@link LSTM}. */
public final class LSTMCell extends RNNCellBase {
    public LSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias) { this(inputSize, hiddenSize, bias, Generator.defaultGenerator()); }

    /** A cell whose weights are drawn from g. */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator g) { super(Recurrent.Cell.LSTM, inputSize, hiddenSize, bias, g); }

    @Override public Config config() { return baseConfig(); }

    static LSTMCell fromConfig(Config c) { return new LSTMCell(c.getInt("input_size"), c.getInt("hidden_size"), c.getBoolean("bias", true)); }
}
