package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * Adds a learned vector per position (BERT's and GPT's position embeddings), then dropout: the child {@code embedding},
 * an {@link Embedding} of max_len positions, gives row p to position p. Input (L, N, d_model), (N, L, d_model) with
 * batch_first, or (L, d_model); L at most max_len.
 */
public final class LearnedPositionalEncoding extends PositionalEncoding {
    public final Embedding embedding;
    public final Dropout dropout;

    /** dropout 0.1, sequence-first. */
    public LearnedPositionalEncoding(int maxLen, int dModel) { this(maxLen, dModel, 0.1, false); }

    public LearnedPositionalEncoding(int maxLen, int dModel, double dropout, boolean batchFirst) {
        super(dModel, maxLen, batchFirst);
        embedding = registerModule("embedding", new Embedding(maxLen, dModel));
        this.dropout = registerModule("dropout", new Dropout(dropout));
    }

    /** x + embedding.weight[:L] (broadcast over the batch), then dropout. */
    @Override public Tensor forward(Tensor x) {
        return dropout.forward(addTable(x, embedding.weight));    // rows 0..L−1: the lookup of positions 0..L−1
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
