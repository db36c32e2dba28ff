package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * Adds a learned vector per position (BERT's and GPT's position embeddings), then dropout: the child {@code embedding},
 * an {@link Embedding} of max_len positions, gives row p to position p. Input (L, N, d_model), (N, L, d_model) with
 * batch_first, or (L, d_model); L at most max_len.
 */
public final class LearnedPositionalEncoding extends Module {
    public final int maxLen, dModel;
    public final boolean batchFirst;
    public final Embedding embedding;
    public final Dropout dropout;

    /** dropout 0.1, sequence-first. */
    public LearnedPositionalEncoding(int maxLen, int dModel) { this(maxLen, dModel, 0.1, false); }

    public LearnedPositionalEncoding(int maxLen, int dModel, double dropout, boolean batchFirst) {
        this.maxLen = maxLen;
        this.dModel = dModel;
        this.batchFirst = batchFirst;
        embedding = registerModule("embedding", new Embedding(maxLen, dModel));
        this.dropout = registerModule("dropout", new Dropout(dropout));
    }

    /** x + embedding.weight[:L] (broadcast over the batch), then dropout. */
    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        int seq = batchFirst && x.dim() == 3 ? 1 : 0;
        Tensor code = embedding.weight.narrow(0, 0, x.size(seq));   // rows 0..L−1: the lookup of positions 0..L−1
        if (x.dim() == 3 && !batchFirst) code = code.unsqueeze(1);
        return dropout.forward(x.add(code));
    }

    /** The input's shape: (L, N, d_model), (N, L, d_model) or (L, d_model) with L ≤ max_len. */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        int seq = batchFirst && x.length == 3 ? 1 : 0;
        if ((x.length != 2 && x.length != 3) || x[x.length - 1] != dModel || x[seq] > maxLen)
            throw shapeError((batchFirst ? "(N, L, " : "(L, N, ") + dModel + ") or (L, " + dModel + ") with L <= max_len=" + maxLen, x);
        return x.clone();
    }

    @Override public long macs(int[] x) {
        outputShape(x);
        return 0;
    }

    @Override protected String extraRepr() { return "max_len=" + maxLen + ", d_model=" + dModel + ", batch_first=" + (batchFirst ? "True" : "False"); }

    @Override public Config config() {
        return Config.of("LearnedPositionalEncoding").put("max_len", maxLen).put("d_model", dModel).put("dropout", dropout.p)
                .put("batch_first", batchFirst);
    }

    static LearnedPositionalEncoding fromConfig(Config c) {
        return new LearnedPositionalEncoding(c.getInt("max_len"), c.getInt("d_model"), c.getDouble("dropout", 0.1),
                c.getBoolean("batch_first", false));
    }
}
