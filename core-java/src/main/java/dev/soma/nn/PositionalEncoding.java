package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * What the sinusoidal and the learned position codes share: a (max_len, d_model) table whose row p codes position p,
 * added to an input of (L, N, d_model), (N, L, d_model) with batch_first, or (L, d_model), with L at most max_len.
 * The subclasses own the table (a buffer or a parameter) and the dropout after the addition.
 */
public abstract class PositionalEncoding extends Module {
    public final int dModel, maxLen;
    public final boolean batchFirst;

    PositionalEncoding(int dModel, int maxLen, boolean batchFirst) {
        if (dModel <= 0 || maxLen <= 0)
            throw new IllegalArgumentException(typeName() + ": d_model and max_len must be positive, got " + dModel + " and " + maxLen);
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
    }

    /** x + table[:L], the rows broadcast over the batch. */
    final Tensor addTable(Tensor x, Tensor table) {
        outputShape(x.shape());
        int seq = batchFirst && x.dim() == 3 ? 1 : 0;
        Tensor code = table.narrow(0, 0, x.size(seq));
        if (x.dim() == 3 && !batchFirst) code = code.unsqueeze(1);
        return x.add(code);
    }

    /** The input's shape: (L, N, d_model), (N, L, d_model) or (L, d_model) with L ≤ max_len. */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        int seq = batchFirst && x.length == 3 ? 1 : 0;
        if ((x.length != 2 && x.length != 3) || x[x.length - 1] != dModel || x[seq] > maxLen)
            throw shapeError((batchFirst ? "(N, L, " : "(L, N, ") + dModel + ") or (L, " + dModel + ") with L <= max_len=" + maxLen, x);
        return x.clone();
    }

    /** Additions only: no multiply-accumulates. */
    @Override public long macs(int[] x) {
        outputShape(x);
        return 0;
    }
}
