package dev.soma.tensor;

import dev.soma.autograd.Graph;
import dev.soma.kernel.Gemm;
import dev.soma.kernel.PackedBCache;
import dev.soma.kernel.RecurrentCells;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One direction of one recurrent layer over a whole sequence as a single graph node (the op under nn.RNN, LSTM, GRU
 * and their cells). Forward: the input projections of all steps in one GEMM, then per step one GEMM for the recurrent
 * product and one fused pass over the gates; the activated gates are kept for backward. Backward runs through time
 * with one GEMM per step for dL/dh', then the weight gradients of all steps at once: one GEMM each for W_ih, W_hh
 * (and W_hr), column sums for the biases, one GEMM for dL/dx.
 *
 * <p>Variable lengths (packed sequences): with {@code batchSizes}, step t updates only its first batchSizes[t] rows
 * (non-increasing, as PyTorch packs them by decreasing length); the other rows keep their state, so h_n holds each
 * row's state at its own last step, and outputs past a row's length are zero.
 */
public final class Recurrent {
    private Recurrent() {}

    /** The cell a layer runs, with its number of gates (PyTorch's RNN_TANH, RNN_RELU, LSTM, GRU modes). */
    public enum Cell {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        /** Gates per hidden unit: the rows of W_ih are gates·hidden_size. */
        public final int gates;

        Cell(int gates) { this.gates = gates; }
    }

    /**
     * Runs one layer direction: x (T, N, in), h0 (N, P), c0 (N, H) for an LSTM (else null), W_ih (G·H, in),
     * W_hh (G·H, P), biases (G·H) or null, W_hr (P, H) for an LSTM with projections (else null, and P = H).
     * Returns {output (T, N, P), h_n (N, P)} and for an LSTM also c_n (N, H). {@code reverse} walks t = T−1 … 0;
     * {@code batchSizes} (length T, non-increasing, each ≤ N) or null for all rows at every step.
     */
    public static Tensor[] layer(Cell cell, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                                 Tensor wHr, boolean reverse, int[] batchSizes) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(h0, "h0");
        Ops.requireFloat("recurrent layer", x);
        Ops.requireFloat("recurrent layer", h0);
        if (x.dim() != 3 || wIh.dim() != 2 || wHh.dim() != 2)
            throw new IllegalArgumentException("recurrent layer " + cell + ": expected input (T, N, in) and 2-D weights, got input "
                    + Shape.str(x.shape) + ", weight_ih " + Shape.str(wIh.shape) + ", weight_hh " + Shape.str(wHh.shape));
        int steps = x.size(0), n = x.size(1), in = x.size(2);
        int gh = wIh.size(0), hidden = gh / cell.gates, p = wHr == null ? hidden : wHr.size(0);
        if (gh != cell.gates * hidden || wIh.size(1) != in || wHh.size(0) != gh || wHh.size(1) != p
                || !Arrays.equals(h0.shape, new int[] {n, p}) || (cell == Cell.LSTM) != (c0 != null)
                || (c0 != null && !Arrays.equals(c0.shape, new int[] {n, hidden})) || (wHr != null && cell != Cell.LSTM)
                || (bIh != null && !Arrays.equals(bIh.shape, new int[] {gh})) || (bHh != null && !Arrays.equals(bHh.shape, new int[] {gh})))
            throw new IllegalArgumentException("recurrent layer " + cell + ": inconsistent shapes: input " + Shape.str(x.shape)
                    + ", h0 " + Shape.str(h0.shape) + (c0 == null ? "" : ", c0 " + Shape.str(c0.shape)) + ", weight_ih "
                    + Shape.str(wIh.shape) + ", weight_hh " + Shape.str(wHh.shape) + (wHr == null ? "" : ", weight_hr " + Shape.str(wHr.shape)));
        int[] sizes = batchSizes(batchSizes, steps, n);
        boolean lstm = cell == Cell.LSTM, gru = cell == Cell.GRU, relu = cell == Cell.RNN_RELU;
        int rowsAll = steps * n;
        float[] xd = Ops.dense(x.detach().contiguous()), wih = Ops.dense(wIh.detach()), whh = Ops.dense(wHh.detach());
        float[] bih = bIh == null ? null : Ops.dense(bIh.detach()), bhh = bHh == null ? null : Ops.dense(bHh.detach());
        float[] whr = wHr == null ? null : Ops.dense(wHr.detach());

        // All input projections at once; the recurrent bias joins them except in a GRU, whose n gate needs it apart.
        float[] gates = new float[rowsAll * gh];
        Gemm.sgemm(false, true, rowsAll, gh, in, 1f, xd, 0, in, wih, 0, in, 0f, gates, 0, gh);
        RecurrentCells.addBias(gates, 0, rowsAll, gh, bih, gru ? null : bhh);

        // What backward reads is kept for every step only when a graph is recorded; inference reuses one step's room.
        Tensor[] inputs = {x, h0, c0, wIh, wHh, bIh, bHh, wHr};
        boolean keep = Graph.needed(inputs);
        int kept = keep ? rowsAll : n;
        float[] hPrev = new float[kept * p], out = new float[rowsAll * p];
        float[] hCur = h0.detach().contiguous().toFloatArray();
        float[] cCur = lstm ? c0.detach().contiguous().toFloatArray() : null;
        float[] cPrev = lstm ? new float[kept * hidden] : null, tanhC = lstm ? new float[kept * hidden] : null;
        float[] m = whr != null ? new float[kept * hidden] : null;       // o·tanh(c) before the projection
        float[] ghScratch = gru ? new float[n * gh] : null, ghn = gru ? new float[kept * hidden] : null;
        // The recurrent weights are B of a product at every step: packed at the first, their panels are reused.
        PackedBCache whhPacked = new PackedBCache(), whrPacked = new PackedBCache();
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s, rows = sizes[t];
            int go = t * n * gh, po = t * n * p, kp = keep ? po : 0, kh = keep ? t * n * hidden : 0;
            System.arraycopy(hCur, 0, hPrev, kp, rows * p);
            if (gru) {
                Gemm.sgemm(false, true, rows, gh, p, 1f, hPrev, kp, p, whh, 0, p, 0f, ghScratch, 0, gh, whhPacked);
                RecurrentCells.addBias(ghScratch, 0, rows, gh, bhh, null);
                RecurrentCells.gruForward(gates, go, ghScratch, 0, hPrev, kp, out, po, ghn, kh, rows, hidden);
            } else {
                Gemm.sgemm(false, true, rows, gh, p, 1f, hPrev, kp, p, whh, 0, p, 1f, gates, go, gh, whhPacked);
                if (lstm) {
                    System.arraycopy(cCur, 0, cPrev, kh, rows * hidden);
                    float[] h = m != null ? m : out;
                    RecurrentCells.lstmForward(gates, go, cPrev, kh, cCur, 0, tanhC, kh, h, m != null ? kh : po, rows, hidden);
                    if (m != null)
                        Gemm.sgemm(false, true, rows, p, hidden, 1f, m, kh, hidden, whr, 0, hidden, 0f, out, po, p, whrPacked);
                } else {
                    RecurrentCells.rnnForward(relu, gates, go, out, po, rows, hidden);
                }
            }
            System.arraycopy(out, po, hCur, 0, rows * p);
        }

        Tensor[] outs = lstm
                ? new Tensor[] {Tensor.wrap(out, new int[] {steps, n, p}), Tensor.wrap(hCur, new int[] {n, p}), Tensor.wrap(cCur, new int[] {n, hidden})}
                : new Tensor[] {Tensor.wrap(out, new int[] {steps, n, p}), Tensor.wrap(hCur, new int[] {n, p})};
        if (!keep) return outs;
        return Graph.recordMulti(cell + "Backward", outs, inputs, (grads, need) -> {
            float[] dOut = grads[0] == null ? null : Ops.dense(grads[0].contiguous());
            float[] dhCur = grads[1] == null ? new float[n * p] : grads[1].contiguous().toFloatArray();
            float[] dcCur = lstm ? (grads[2] == null ? new float[n * hidden] : grads[2].contiguous().toFloatArray()) : null;
            float[] dGi = new float[rowsAll * gh], dGh = gru ? new float[rowsAll * gh] : dGi;
            float[] dh = new float[n * p];
            float[] dhs = m != null ? new float[rowsAll * p] : null, dm = m != null ? new float[n * hidden] : null;
            PackedBCache whhBack = new PackedBCache(), whrBack = new PackedBCache();
            for (int s = steps - 1; s >= 0; s--) {
                int t = reverse ? steps - 1 - s : s, rows = sizes[t];
                int go = t * n * gh, po = t * n * p, ho = t * n * hidden;
                for (int i = 0; i < rows * p; i++) dh[i] = dhCur[i] + (dOut == null ? 0f : dOut[po + i]);
                if (gru) {
                    RecurrentCells.gruBackward(gates, go, ghn, ho, hPrev, po, dh, 0, dGi, go, dGh, go, dhCur, 0, rows, hidden);
                    Gemm.sgemm(false, false, rows, p, gh, 1f, dGh, go, gh, whh, 0, p, 1f, dhCur, 0, p, whhBack);
                    continue;
                }
                if (lstm) {
                    float[] dCell = dh;
                    if (m != null) {
                        System.arraycopy(dh, 0, dhs, po, rows * p);
                        Gemm.sgemm(false, false, rows, hidden, p, 1f, dh, 0, p, whr, 0, hidden, 0f, dm, 0, hidden, whrBack);
                        dCell = dm;
                    }
                    RecurrentCells.lstmBackward(gates, go, cPrev, ho, tanhC, ho, dCell, 0, dcCur, 0, dGi, go, rows, hidden);
                } else {
                    RecurrentCells.rnnBackward(relu, out, po, dh, 0, dGi, go, rows, hidden);
                }
                Gemm.sgemm(false, false, rows, p, gh, 1f, dGi, go, gh, whh, 0, p, 0f, dhCur, 0, p, whhBack);
            }
            Tensor dx = null, dwih = null, dwhh = null, dbih = null, dbhh = null, dwhr = null;
            if (need[0]) {
                float[] d = new float[rowsAll * in];
                Gemm.sgemm(false, false, rowsAll, in, gh, 1f, dGi, 0, gh, wih, 0, in, 0f, d, 0, in);
                dx = Tensor.wrap(d, new int[] {steps, n, in});
            }
            if (need[3]) {
                float[] d = new float[gh * in];
                Gemm.sgemm(true, false, gh, in, rowsAll, 1f, dGi, 0, gh, xd, 0, in, 0f, d, 0, in);
                dwih = Tensor.wrap(d, new int[] {gh, in});
            }
            if (need[4]) {
                float[] d = new float[gh * p];
                Gemm.sgemm(true, false, gh, p, rowsAll, 1f, dGh, 0, gh, hPrev, 0, p, 0f, d, 0, p);
                dwhh = Tensor.wrap(d, new int[] {gh, p});
            }
            if (bIh != null && need[5]) {
                float[] d = new float[gh];
                RecurrentCells.columnSums(dGi, rowsAll, gh, d);
                dbih = Tensor.wrap(d, new int[] {gh});
            }
            if (bHh != null && need[6]) {
                float[] d = new float[gh];
                RecurrentCells.columnSums(dGh, rowsAll, gh, d);
                dbhh = Tensor.wrap(d, new int[] {gh});
            }
            if (m != null && need[7]) {
                float[] d = new float[p * hidden];
                Gemm.sgemm(true, false, p, hidden, rowsAll, 1f, dhs, 0, p, m, 0, hidden, 0f, d, 0, hidden);
                dwhr = Tensor.wrap(d, new int[] {p, hidden});
            }
            return new Tensor[] {dx, Tensor.wrap(dhCur, new int[] {n, p}), lstm ? Tensor.wrap(dcCur, new int[] {n, hidden}) : null,
                    dwih, dwhh, dbih, dbhh, dwhr};
        }, Stream.of(inputs).filter(Objects::nonNull).toArray(Tensor[]::new));
    }

    // Every step's row count: all n rows, or the packed batch sizes, checked non-increasing and within n.
    private static int[] batchSizes(int[] given, int steps, int n) {
        if (given == null) {
            int[] all = new int[steps];
            Arrays.fill(all, n);
            return all;
        }
        if (given.length != steps)
            throw new IllegalArgumentException("recurrent layer: " + given.length + " batch sizes for " + steps + " steps");
        for (int t = 0; t < steps; t++)
            if (given[t] < 0 || given[t] > n || (t > 0 && given[t] > given[t - 1]))
                throw new IllegalArgumentException("recurrent layer: batch sizes must be non-increasing and at most " + n
                        + ", got " + Arrays.toString(given));
        return given;
    }
}
