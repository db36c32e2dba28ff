package dev.soma.nn;

import dev.soma.nn.init.Init;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Recurrent;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * What RNNCell, LSTMCell and GRUCell share (PyTorch's RNNCellBase): weight_ih (G·H, input_size), weight_hh (G·H, H),
 * bias_ih and bias_hh (G·H), all U(−1/√H, 1/√H); one time step as a one-step {@link Recurrent#layer}. Input (N, in)
 * or unbatched (in); states (N, H) or (H), zeros when absent; checks and messages as PyTorch's.
 */
public abstract class RNNCellBase extends Module {
    public final int inputSize, hiddenSize;
    public final boolean bias;
    public final Parameter weightIh, weightHh, biasIh, biasHh;     // biases may be null
    private final Recurrent.Cell cell;

    RNNCellBase(Recurrent.Cell cell, int inputSize, int hiddenSize, boolean bias, Generator g) {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new IllegalArgumentException(cellName(cell) + ": input_size and hidden_size must be greater than zero, got "
                    + inputSize + " and " + hiddenSize);
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        int gh = cell.gates * hiddenSize;
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", Init.uniform_(Tensor.zeros(gh, inputSize), -k, k, g));
        weightHh = registerParameter("weight_hh", Init.uniform_(Tensor.zeros(gh, hiddenSize), -k, k, g));
        biasIh = registerParameter("bias_ih", bias ? Init.uniform_(Tensor.zeros(gh), -k, k, g) : null);
        biasHh = registerParameter("bias_hh", bias ? Init.uniform_(Tensor.zeros(gh), -k, k, g) : null);
    }

    private static String cellName(Recurrent.Cell cell) {
        return cell == Recurrent.Cell.LSTM ? "LSTMCell" : cell == Recurrent.Cell.GRU ? "GRUCell" : "RNNCell";
    }

    private boolean isLstm() { return cell == Recurrent.Cell.LSTM; }

    @Override public List<String> inputNames() { return isLstm() ? List.of("input", "h_0", "c_0") : List.of("input", "hx"); }

    @Override public int requiredInputs() { return 1; }

    @Override public List<String> outputNames() { return isLstm() ? List.of("h_1", "c_1") : List.of("h_1"); }

    /** h_1: the first of {@link #forwardOutputs} (an LSTMCell's c_1 comes from there). */
    @Override public Tensor forward(Tensor... inputs) { return forwardOutputs(inputs)[0]; }

    /** h_1 (N, H) (and c_1 for an LSTMCell) for input (N, in) and the states, or unbatched (H) for input (in). */
    @Override public Tensor[] forwardOutputs(Tensor... inputs) {
        checkInputs(inputs);
        Tensor input = inputs[0], h = inputs.length > 1 ? inputs[1] : null, c = inputs.length > 2 ? inputs[2] : null;
        if (input.dim() != 1 && input.dim() != 2)
            throw new IllegalArgumentException(this + ": Expected input to be 1-D or 2-D but received " + input.dim() + "-D tensor");
        if (isLstm() && (h == null) != (c == null))
            throw new IllegalArgumentException(this + ": h_0 and c_0 must be given together (hx = (h_0, c_0)), got only " + (h == null ? "c_0" : "h_0"));
        boolean batched = input.dim() == 2;
        for (Tensor s : new Tensor[] {h, c})
            if (s != null && s.dim() != input.dim())
                throw new IllegalArgumentException(this + ": " + (batched ? "batched 2-D input expects 2-D hidden states" : "unbatched 1-D input expects 1-D hidden states")
                        + ", got " + Shape.str(s.shape()));
        Tensor x = batched ? input : input.unsqueeze(0);
        if (!batched) {
            if (h != null) h = h.unsqueeze(0);
            if (c != null) c = c.unsqueeze(0);
        }
        int n = x.size(0);
        if (x.size(1) != inputSize)
            throw new IllegalArgumentException(this + ": input has inconsistent input_size: got " + x.size(1) + " expected " + inputSize);
        checkState(h, 0, n);
        checkState(c, 1, n);
        if (h == null) h = Tensor.zeros(n, hiddenSize);
        if (isLstm() && c == null) c = Tensor.zeros(n, hiddenSize);
        Tensor[] r = Recurrent.layer(cell, x.unsqueeze(0), h, isLstm() ? c : null, weightIh, weightHh, biasIh, biasHh, null, false, null);
        Tensor[] out = isLstm() ? new Tensor[] {r[1], r[2]} : new Tensor[] {r[1]};
        if (!batched) for (int i = 0; i < out.length; i++) out[i] = out[i].squeeze(0);
        return out;
    }

    private void checkState(Tensor s, int index, int n) {
        if (s == null) return;
        if (s.size(0) != n)
            throw new IllegalArgumentException(this + ": Input batch size " + n + " doesn't match hidden" + index + " batch size " + s.size(0));
        if (s.size(1) != hiddenSize)
            throw new IllegalArgumentException(this + ": hidden" + index + " has inconsistent hidden_size: got " + s.size(1)
                    + ", expected " + hiddenSize);
    }

    /** h_1's shape: (N, H) for input (N, in), (H) for (in); the states must be (N, H) or (H) alike. */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] in = inputShapes[0];
        if ((in.length != 1 && in.length != 2) || in[in.length - 1] != inputSize)
            throw shapeError("(N, " + inputSize + ") or unbatched (" + inputSize + ")", in);
        int[] out = in.clone();
        out[out.length - 1] = hiddenSize;
        for (int i = 1; i < inputShapes.length; i++)
            if (inputShapes[i] != null && !java.util.Arrays.equals(inputShapes[i], out))
                throw new IllegalArgumentException(this + ": expected " + inputNames().get(i) + " " + Shape.str(out) + ", got " + Shape.str(inputShapes[i]));
        return out;
    }

    /** N·(in·G·H + H·G·H): the input and the recurrent product of one step, G gates (RNN 1, GRU 3, LSTM 4). */
    @Override public long macs(int[]... inputShapes) {
        outputShape(inputShapes);
        int[] in = inputShapes[0];
        long n = in.length == 2 ? in[0] : 1, gh = (long) cell.gates * hiddenSize;
        return n * (inputSize * gh + hiddenSize * gh);
    }

    @Override protected String extraRepr() { return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False"); }

    Config baseConfig() { return Config.of(typeName()).put("input_size", inputSize).put("hidden_size", hiddenSize).put("bias", bias); }
}
