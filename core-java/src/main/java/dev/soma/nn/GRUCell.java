package dev.soma.nn;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Recurrent;

/** One GRU step (torch.nn.GRUCell): inputs (input, hx), output h_1; gates r, z, n as in {@link GRU}. */
public final class GRUCell extends RNNCellBase {
    public GRUCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public GRUCell(int inputSize, int hiddenSize, boolean bias) { this(inputSize, hiddenSize, bias, Generator.defaultGenerator()); }

    /** A cell whose weights are drawn from g. */
    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator g) { super(Recurrent.Cell.GRU, inputSize, hiddenSize, bias, g); }

    @Override public Config config() { return baseConfig(); }

    static GRUCell fromConfig(Config c) { return new GRUCell(c.getInt("input_size"), c.getInt("hidden_size"), c.getBoolean("bias", true)); }
}
