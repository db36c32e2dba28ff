package dev.soma.nn;

import dev.soma.nn.init.Init;
import dev.soma.nn.utils.PackedSequence;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Recurrent;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What RNN, LSTM and GRU share (PyTorch's RNNBase): the stacked, optionally bidirectional layers, their weights under
 * PyTorch's names and order (weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}, weight_hr_l{k}, each with
 * {@code _reverse} for the backward direction), the input and state checks with PyTorch's messages, and the forward:
 * each layer direction is one {@link Recurrent#layer} node, directions are concatenated, dropout sits between layers.
 * Inputs (input, h_0[, c_0]) with input (L, N, H_in), (N, L, H_in) when batch_first, or unbatched (L, H_in); outputs
 * (output, h_n[, c_n]) shaped as PyTorch's. A {@link PackedSequence} goes through {@link #forward(PackedSequence, Tensor...)}.
 */
public abstract class RNNBase extends Module {
    public final int inputSize, hiddenSize, numLayers, projSize;
    public final boolean bias, batchFirst, bidirectional;
    public final double dropout;
    private final Recurrent.Cell cell;
    private final Generator generator;
    // Per layer and direction, the weights in PyTorch's order: w_ih, w_hh, b_ih, b_hh, w_hr (absent ones null).
    private final List<Parameter[]> weights = new ArrayList<>();

    RNNBase(Recurrent.Cell cell, Builder<?> b) {
        String name = cell == Recurrent.Cell.LSTM ? "LSTM" : cell == Recurrent.Cell.GRU ? "GRU" : "RNN";
        if (b.inputSize <= 0) throw new IllegalArgumentException(name + ": input_size must be greater than zero, got " + b.inputSize);
        if (b.hiddenSize <= 0) throw new IllegalArgumentException(name + ": hidden_size must be greater than zero, got " + b.hiddenSize);
        if (b.numLayers <= 0) throw new IllegalArgumentException(name + ": num_layers must be greater than zero, got " + b.numLayers);
        if (!(b.dropout >= 0 && b.dropout <= 1))
            throw new IllegalArgumentException(name + ": dropout should be a number in range [0, 1] representing the probability of an "
                    + "element being zeroed, got " + b.dropout);
        if (b.projSize < 0)
            throw new IllegalArgumentException(name + ": proj_size should be a positive integer or zero to disable projections, got " + b.projSize);
        if (b.projSize > 0 && cell != Recurrent.Cell.LSTM)
            throw new IllegalArgumentException(name + ": proj_size argument is only supported for LSTM, not RNN or GRU");
        if (!"tanh".equals(b.nonlinearity) && !name.equals("RNN"))
            throw new IllegalArgumentException(name + ": the nonlinearity argument is only supported for RNN, got '" + b.nonlinearity + "'");
        if (b.projSize > 0 && b.projSize >= b.hiddenSize)
            throw new IllegalArgumentException(name + ": proj_size has to be smaller than hidden_size, got proj_size=" + b.projSize
                    + " and hidden_size=" + b.hiddenSize);
        this.cell = cell;
        inputSize = b.inputSize;
        hiddenSize = b.hiddenSize;
        numLayers = b.numLayers;
        projSize = b.projSize;
        bias = b.bias;
        batchFirst = b.batchFirst;
        bidirectional = b.bidirectional;
        dropout = b.dropout;
        generator = b.generator;
        int gh = cell.gates * hiddenSize, p = stateSize(), dirs = directions();
        double k = 1 / Math.sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : p * dirs;
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + layer + (d == 1 ? "_reverse" : "");
                Parameter[] w = new Parameter[5];
                w[0] = registerParameter("weight_ih" + sfx, Tensor.zeros(gh, in));
                w[1] = registerParameter("weight_hh" + sfx, Tensor.zeros(gh, p));
                if (bias) {
                    w[2] = registerParameter("bias_ih" + sfx, Tensor.zeros(gh));
                    w[3] = registerParameter("bias_hh" + sfx, Tensor.zeros(gh));
                }
                if (projSize > 0) w[4] = registerParameter("weight_hr" + sfx, Tensor.zeros(projSize, hiddenSize));
                for (Parameter t : w) if (t != null) Init.uniform_(t, -k, k, generator);
                weights.add(w);
            }
        }
    }

    /** 2 when bidirectional, else 1. */
    public final int directions() { return bidirectional ? 2 : 1; }

    /** The size of h: proj_size when the LSTM projects, else hidden_size. */
    public final int stateSize() { return projSize > 0 ? projSize : hiddenSize; }

    private boolean isLstm() { return cell == Recurrent.Cell.LSTM; }

    @Override public List<String> inputNames() { return isLstm() ? List.of("input", "h_0", "c_0") : List.of("input", "h_0"); }

    @Override public int requiredInputs() { return 1; }

    @Override public List<String> outputNames() { return isLstm() ? List.of("output", "h_n", "c_n") : List.of("output", "h_n"); }

    /**
     * output (L, N, D·P) (batch first: (N, L, D·P); unbatched (L, D·P)), h_n (num_layers·D, N, P) and for an LSTM c_n
     * (num_layers·D, N, H), where D is 2 when bidirectional and P is proj_size or hidden_size. Absent states are zeros.
     */
    @Override public Tensor[] forwardOutputs(Tensor... inputs) {
        checkInputs(inputs);
        Tensor input = inputs[0], h0 = at(inputs, 1), c0 = at(inputs, 2);
        if (input.dim() != 2 && input.dim() != 3)
            throw new IllegalArgumentException(this + ": Expected input to be 2-D or 3-D but received " + input.dim() + "-D tensor");
        boolean batched = input.dim() == 3;
        checkStateRanks(batched, h0, c0);
        Tensor x = batched ? (batchFirst ? input.transpose(0, 1) : input) : input.unsqueeze(1);
        if (!batched) {
            if (h0 != null) h0 = h0.unsqueeze(1);
            if (c0 != null) c0 = c0.unsqueeze(1);
        }
        Tensor[] out = run(x, h0, c0, null);
        if (batched && batchFirst) out[0] = out[0].transpose(0, 1);
        if (!batched) for (int i = 0; i < out.length; i++) out[i] = out[i].squeeze(1);
        return out;
    }

    /** The outputs of a packed forward: the packed output sequence and the final states in the original batch order. */
    public record PackedOutput(PackedSequence output, Tensor hN, Tensor cN) {}

    /**
     * Runs a packed batch of variable-length sequences (PyTorch's forward on a PackedSequence): states (h_0[, c_0]) in
     * the original batch order; returns the packed output with the input's batch sizes and indices, and h_n (c_n)
     * taken at each sequence's own last step, in the original batch order.
     */
    public PackedOutput forward(PackedSequence input, Tensor... states) {
        if (input == null) throw new IllegalArgumentException(this + ": the packed input must not be null");
        Tensor[] all = new Tensor[1 + states.length];
        all[0] = input.data();
        System.arraycopy(states, 0, all, 1, states.length);
        checkInputs(all);
        Tensor h0 = at(all, 1), c0 = at(all, 2);
        checkStateRanks(true, h0, c0);
        int[] sizes = input.batchSizeArray();
        Tensor sorted = input.sortedIndices(), unsorted = input.unsortedIndices();
        if (sorted != null) {
            if (h0 != null) h0 = h0.indexSelect(1, sorted);
            if (c0 != null) c0 = c0.indexSelect(1, sorted);
        }
        Tensor[] out = run(input.paddedSorted(), h0, c0, sizes);
        Tensor packed = PackedSequence.packSorted(out[0], sizes);
        for (int i = 1; i < out.length; i++) if (unsorted != null) out[i] = out[i].indexSelect(1, unsorted);
        return new PackedOutput(new PackedSequence(packed, input.batchSizes(), sorted, unsorted), out[1], out.length > 2 ? out[2] : null);
    }

    private static Tensor at(Tensor[] inputs, int i) { return i < inputs.length ? inputs[i] : null; }

    // PyTorch's rank checks on the states: 3-D with a batched input, 2-D without.
    private void checkStateRanks(boolean batched, Tensor h0, Tensor c0) {
        int want = batched ? 3 : 2;
        String kind = batched ? "batched 3-D" : "unbatched 2-D";
        if (isLstm() && (h0 == null) != (c0 == null))
            throw new IllegalArgumentException(this + ": h_0 and c_0 must be given together (hx = (h_0, c_0)), got only "
                    + (h0 == null ? "c_0" : "h_0"));
        if (isLstm() && h0 != null && (h0.dim() != want || c0.dim() != want))
            throw new IllegalArgumentException(this + ": For " + kind + " input, hx and cx should also be " + want + "-D but got ("
                    + h0.dim() + "-D, " + c0.dim() + "-D) tensors");
        if (!isLstm() && h0 != null && h0.dim() != want)
            throw new IllegalArgumentException(this + ": For " + kind + " input, hx should also be " + want + "-D but got "
                    + h0.dim() + "-D tensor");
    }

    // Runs all layers over time-major x (T, N, in) with states (layers·D, N, ·) or null; returns output, h_n[, c_n].
    private Tensor[] run(Tensor x, Tensor h0, Tensor c0, int[] batchSizes) {
        if (x.size(-1) != inputSize)
            throw new IllegalArgumentException(this + ": input.size(-1) must be equal to input_size. Expected " + inputSize
                    + ", got " + x.size(-1));
        int n = x.size(1), dirs = directions(), p = stateSize(), states = numLayers * dirs;
        checkHidden(h0, new int[] {states, n, p}, isLstm() ? "Expected hidden[0] size " : "Expected hidden size ");
        checkHidden(c0, new int[] {states, n, hiddenSize}, "Expected hidden[1] size ");
        if (h0 == null) h0 = Tensor.zeros(states, n, p);
        if (isLstm() && c0 == null) c0 = Tensor.zeros(states, n, hiddenSize);
        Tensor layerInput = x;
        Tensor[] hN = new Tensor[states], cN = isLstm() ? new Tensor[states] : null;
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] dirOut = new Tensor[dirs];
            for (int d = 0; d < dirs; d++) {
                int k = layer * dirs + d;
                Parameter[] w = weights.get(k);
                Tensor[] r = Recurrent.layer(cell, layerInput, h0.select(0, k), c0 == null ? null : c0.select(0, k),
                        w[0], w[1], w[2], w[3], w[4], d == 1, batchSizes);
                dirOut[d] = r[0];
                hN[k] = r[1];
                if (cN != null) cN[k] = r[2];
            }
            layerInput = dirs == 1 ? dirOut[0] : Tensor.cat(dirOut, 2);
            if (layer < numLayers - 1 && dropout > 0 && isTraining())
                layerInput = Functional.dropout(layerInput, dropout, true, generator);
        }
        Tensor h = Tensor.stack(hN, 0);
        return cN == null ? new Tensor[] {layerInput, h} : new Tensor[] {layerInput, h, Tensor.stack(cN, 0)};
    }

    private void checkHidden(Tensor h, int[] expected, String what) {
        if (h != null && !Arrays.equals(h.shape(), expected))
            throw new IllegalArgumentException(this + ": " + what + tuple(expected) + ", got " + Shape.str(h.shape()));
    }

    // PyTorch prints the expected size as a Python tuple: (1, 2, 3).
    private static String tuple(int[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) sb.append(i == 0 ? "" : ", ").append(s[i]);
        return sb.append(')').toString();
    }

    /** The output's shape (see {@link #forwardOutputs}); the states' shapes are checked as the forward checks them. */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] in = inputShapes[0];
        if (in.length != 2 && in.length != 3) throw shapeError("(L, N, " + inputSize + ") or unbatched (L, " + inputSize + ")", in);
        if (in[in.length - 1] != inputSize)
            throw new IllegalArgumentException(this + ": input.size(-1) must be equal to input_size. Expected " + inputSize
                    + ", got " + in[in.length - 1]);
        boolean batched = in.length == 3;
        int n = batched ? in[batchFirst ? 0 : 1] : 1, states = numLayers * directions();
        for (int i = 1; i < inputShapes.length; i++) {
            int[] s = inputShapes[i];
            if (s == null) continue;
            int[] want = batched ? new int[] {states, n, i == 1 ? stateSize() : hiddenSize} : new int[] {states, i == 1 ? stateSize() : hiddenSize};
            if (!Arrays.equals(s, want))
                throw new IllegalArgumentException(this + ": Expected " + (isLstm() ? "hidden[" + (i - 1) + "] size " : "hidden size ")
                        + tuple(want) + ", got " + Shape.str(s));
        }
        int[] out = in.clone();
        out[out.length - 1] = directions() * stateSize();
        return out;
    }

    /**
     * Per layer and direction, T·N·(in·G·H + P·G·H) multiply-accumulates, plus T·N·H·P for an LSTM's projection:
     * the input projection, the recurrent product and the projection, with G gates (RNN 1, GRU 3, LSTM 4), in the
     * layer's input size (input_size, then D·P), P the state size; gate arithmetic and biases are not counted.
     */
    @Override public long macs(int[]... inputShapes) {
        outputShape(inputShapes);
        int[] in = inputShapes[0];
        long steps = in.length == 3 ? in[batchFirst ? 1 : 0] : in[0];
        long n = in.length == 3 ? in[batchFirst ? 0 : 1] : 1;
        long gh = (long) cell.gates * hiddenSize, p = stateSize(), total = 0;
        for (int layer = 0; layer < numLayers; layer++) {
            long layerIn = layer == 0 ? inputSize : p * directions();
            long perStep = layerIn * gh + p * gh + (projSize > 0 ? (long) hiddenSize * projSize : 0);
            total += directions() * steps * n * perStep;
        }
        return total;
    }

    @Override protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (projSize != 0) s.append(", proj_size=").append(projSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(dropout);
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }

    /** The config fields every recurrent layer has, under PyTorch's argument names. */
    Config baseConfig() {
        return Config.of(typeName()).put("input_size", inputSize).put("hidden_size", hiddenSize).put("num_layers", numLayers)
                .put("bias", bias).put("batch_first", batchFirst).put("dropout", dropout).put("bidirectional", bidirectional);
    }

    /** A builder filled from {@link #baseConfig} fields (absent ones keep PyTorch's defaults). */
    static <M extends RNNBase> Builder<M> builderFrom(Config c, Builder<M> b) {
        return b.numLayers(c.getInt("num_layers", 1)).bias(c.getBoolean("bias", true)).batchFirst(c.getBoolean("batch_first", false))
                .dropout(c.getDouble("dropout", 0)).bidirectional(c.getBoolean("bidirectional", false));
    }

    /**
     * PyTorch's optional arguments with its defaults: num_layers 1, bias true, batch_first false, dropout 0,
     * bidirectional false (and for LSTM proj_size 0, for RNN nonlinearity "tanh"); the generator draws the weights
     * and the dropout masks.
     */
    public static class Builder<M extends RNNBase> {
        final int inputSize, hiddenSize;
        int numLayers = 1, projSize = 0;
        boolean bias = true, batchFirst = false, bidirectional = false;
        double dropout = 0;
        String nonlinearity = "tanh";
        Generator generator = Generator.defaultGenerator();
        private final Function<Builder<M>, M> make;

        Builder(int inputSize, int hiddenSize, Function<Builder<M>, M> make) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
            this.make = make;
        }

        public Builder<M> numLayers(int v) { numLayers = v; return this; }
        public Builder<M> bias(boolean v) { bias = v; return this; }
        public Builder<M> batchFirst(boolean v) { batchFirst = v; return this; }
        public Builder<M> dropout(double v) { dropout = v; return this; }
        public Builder<M> bidirectional(boolean v) { bidirectional = v; return this; }
        /** LSTM only: the size h is projected to (0 = none). */
        public Builder<M> projSize(int v) { projSize = v; return this; }
        /** RNN only: "tanh" or "relu". */
        public Builder<M> nonlinearity(String v) { nonlinearity = v; return this; }
        public Builder<M> generator(Generator g) { generator = g; return this; }

        /** The layer; bad arguments raise IllegalArgumentException naming the layer. */
        public M build() { return make.apply(this); }
    }
}
