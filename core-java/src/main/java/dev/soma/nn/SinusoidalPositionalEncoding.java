package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * Adds the fixed sinusoidal position code of "Attention Is All You Need" (PyTorch's word-language-model tutorial's
 * PositionalEncoding), then dropout: pe[pos, 2i] = sin(pos / 10000^(2i/d_model)), pe[pos, 2i+1] = cos(same). The
 * table is the buffer {@code pe} (max_len, d_model), not a parameter; as in the tutorial it is persistent, so it is
 * saved with the weights and a file carries the exact table it was trained with. Input (L, N, d_model), (N, L,
 * d_model) with batch_first, or (L, d_model); L at most max_len.
 */
public final class SinusoidalPositionalEncoding extends PositionalEncoding {
    public final Tensor pe;
    public final Dropout dropout;

    /** max_len 5000, dropout 0.1 (the tutorial's), sequence-first. */
    public SinusoidalPositionalEncoding(int dModel) { this(dModel, 5000, 0.1, false); }

    public SinusoidalPositionalEncoding(int dModel, int maxLen, double dropout, boolean batchFirst) {
        super(dModel, maxLen, batchFirst);
        float[] table = new float[maxLen * dModel];
        for (int pos = 0; pos < maxLen; pos++)
            for (int i = 0; i < dModel; i += 2) {
                double angle = pos * Math.exp(i * (-Math.log(10000.0) / dModel));
                table[pos * dModel + i] = (float) Math.sin(angle);
                if (i + 1 < dModel) table[pos * dModel + i + 1] = (float) Math.cos(angle);
            }
        pe = registerBuffer("pe", Tensor.of(table, maxLen, dModel));
        this.dropout = registerModule("dropout", new Dropout(dropout));
    }

    /** x + pe[:L] (broadcast over the batch), then dropout. */
    @Override public Tensor forward(Tensor x) { return dropout.forward(addTable(x, pe)); }

    @Override protected String extraRepr() { return "d_model=" + dModel + ", max_len=" + maxLen + ", batch_first=" + (batchFirst ? "True" : "False"); }

    @Override public Config config() {
        return Config.of("SinusoidalPositionalEncoding").put("d_model", dModel).put("max_len", maxLen).put("dropout", dropout.p)
                .put("batch_first", batchFirst);
    }

    static SinusoidalPositionalEncoding fromConfig(Config c) {
        return new SinusoidalPositionalEncoding(c.getInt("d_model"), c.getInt("max_len", 5000), c.getDouble("dropout", 0.1),
                c.getBoolean("batch_first", false));
    }
}
