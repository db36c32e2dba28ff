package dev.soma.nn;

import dev.soma.tensor.Generator;

/** One Elman RNN step (torch.nn.RNNCell): h_1 = tanh (or relu) of W_ih x + b_ih + W_hh h + b_hh; inputs (input, hx). */
public final class RNNCell extends RNNCellBase {
    public final String nonlinearity;

    public RNNCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, "tanh"); }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity) {
        this(inputSize, hiddenSize, bias, nonlinearity, Generator.defaultGenerator());
    }

    /** A cell whose weights are drawn from g; nonlinearity "tanh" or "relu". */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity, Generator g) {
        super(RNN.cell("RNNCell", nonlinearity), inputSize, hiddenSize, bias, g);
        this.nonlinearity = nonlinearity;
    }

    @Override protected String extraRepr() { return super.extraRepr() + ("tanh".equals(nonlinearity) ? "" : ", nonlinearity=" + nonlinearity); }

    @Override public Config config() { return baseConfig().put("nonlinearity", nonlinearity); }

    static RNNCell fromConfig(Config c) {
        return new RNNCell(c.getInt("input_size"), c.getInt("hidden_size"), c.getBoolean("bias", true), c.getString("nonlinearity", "tanh"));
    }
}
