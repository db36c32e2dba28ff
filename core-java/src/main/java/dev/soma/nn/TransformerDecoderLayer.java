package dev.soma.nn;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * torch.nn.TransformerDecoderLayer: self-attention over tgt, attention over memory (multihead_attn), then the
 * feed-forward block (linear1, activation, dropout, linear2), each added to its input with dropout; post-norm
 * (norm1..norm3 after each sum) or pre-norm with norm_first. tgt (T, N, d_model), memory (S, N, d_model), or batch
 * first, or unbatched; masks as {@link MultiheadAttention}'s. The activation is "relu", "gelu" or any one-input module.
 */
public final class TransformerDecoderLayer extends Module {
    public final int dModel, nhead, dimFeedforward;
    public final double dropoutP, layerNormEps;
    public final boolean batchFirst, normFirst, bias;
    /** "relu" or "gelu" when given by name, else null (a module activation). */
    public final String activationName;
    public final MultiheadAttention selfAttn, multiheadAttn;
    public final Linear linear1, linear2;
    public final Dropout dropout, dropout1, dropout2, dropout3;
    public final LayerNorm norm1, norm2, norm3;
    public final Module activation;

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, relu, layer_norm_eps 1e-5, sequence-first, post-norm. */
    public TransformerDecoderLayer(int dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false); }

    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst) {
        this(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, true);
    }

    /** As torch.nn.TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first, bias). */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, boolean bias) {
        this(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, Generator.defaultGenerator());
    }

    /** As above, drawing the initial weights and the dropout masks from {@code g}. */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, boolean bias, Generator g) {
        this(dModel, nhead, dimFeedforward, dropout, TransformerActivation.named(activation), activation, layerNormEps, batchFirst,
                normFirst, bias, g);
    }

    /** With any activation module, registered as the child {@code activation}. */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, Module activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, boolean bias) {
        this(dModel, nhead, dimFeedforward, dropout, activation, null, layerNormEps, batchFirst, normFirst, bias, Generator.defaultGenerator());
    }

    private TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, Module activation, String activationName,
                                    double layerNormEps, boolean batchFirst, boolean normFirst, boolean bias, Generator g) {
        if (dimFeedforward <= 0) throw new IllegalArgumentException("TransformerDecoderLayer: dim_feedforward must be positive, got " + dimFeedforward);
        if (activation == null) throw new IllegalArgumentException("TransformerDecoderLayer: activation must not be null");
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        this.bias = bias;
        this.activationName = activationName;
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, bias, false, false, null, null, batchFirst, g));
        multiheadAttn = registerModule("multihead_attn", new MultiheadAttention(dModel, nhead, dropout, bias, false, false, null, null, batchFirst, g));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward, bias, g));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel, bias, g));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true, bias));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true, bias));
        norm3 = registerModule("norm3", new LayerNorm(new int[] {dModel}, layerNormEps, true, bias));
        dropout1 = registerModule("dropout1", new Dropout(dropout, g));
        dropout2 = registerModule("dropout2", new Dropout(dropout, g));
        dropout3 = registerModule("dropout3", new Dropout(dropout, g));
        this.activation = activationName == null ? registerModule("activation", activation) : activation;
    }

    private static final List<String> INPUTS = List.of("tgt", "memory", "tgt_mask", "memory_mask", "tgt_key_padding_mask",
            "memory_key_padding_mask");

    /** tgt and memory, then the optional tgt_mask, memory_mask, tgt_key_padding_mask and memory_key_padding_mask. */
    @Override public List<String> inputNames() { return INPUTS; }

    @Override public int requiredInputs() { return 2; }

    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        Tensor[] x = java.util.Arrays.copyOf(inputs, INPUTS.size());
        return forward(x[0], x[1], x[2], x[3], x[4], x[5], false, false);
    }

    /** The layer without masks. */
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null, false, false); }

    /**
     * forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_is_causal,
     * memory_is_causal): masks may be null; the is_causal flags are PyTorch's hints that the matching mask is causal.
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        if (tgt == null || memory == null) throw new IllegalArgumentException(label() + ": tgt and memory must not be null");
        outputShape(tgt.shape(), memory.shape());
        Tensor x = tgt;
        if (normFirst) {
            x = x.add(selfAttentionBlock(norm1.forward(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal));
            x = x.add(memoryBlock(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal));
            return x.add(feedForwardBlock(norm3.forward(x)));
        }
        x = norm1.forward(x.add(selfAttentionBlock(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal)));
        x = norm2.forward(x.add(memoryBlock(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal)));
        return norm3.forward(x.add(feedForwardBlock(x)));
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor kpm, boolean isCausal) {
        MultiheadAttention.Options o = MultiheadAttention.Options.NO_WEIGHTS.withIsCausal(isCausal);
        return dropout1.forward(selfAttn.forwardOutputs(x, x, x, kpm, mask, o)[0]);
    }

    private Tensor memoryBlock(Tensor x, Tensor mem, Tensor mask, Tensor kpm, boolean isCausal) {
        MultiheadAttention.Options o = MultiheadAttention.Options.NO_WEIGHTS.withIsCausal(isCausal);
        return dropout2.forward(multiheadAttn.forwardOutputs(x, mem, mem, kpm, mask, o)[0]);
    }

    private Tensor feedForwardBlock(Tensor x) {
        return dropout3.forward(linear2.forward(dropout.forward(activation.forward(linear1.forward(x)))));
    }

    /** tgt's shape; memory must be (S, N, d_model) (or batch first, or unbatched) with tgt's batch. */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] tgt = inputShapes[0], memory = inputShapes[1];
        if ((tgt.length != 2 && tgt.length != 3) || tgt[tgt.length - 1] != dModel)
            throw shapeError((batchFirst ? "(N, T, " : "(T, N, ") + dModel + ") or unbatched (T, " + dModel + ")", tgt);
        selfAttn.outputShape(tgt, tgt, tgt);
        multiheadAttn.outputShape(tgt, memory, memory);
        return tgt.clone();
    }

    /** Both attentions' MACs (self: S = T; memory: S from memory) plus the feed-forward block's. */
    @Override public long macs(int[]... inputShapes) {
        int[] tgt = outputShape(inputShapes), memory = inputShapes[1];
        return selfAttn.macs(tgt, tgt, tgt) + multiheadAttn.macs(tgt, memory, memory) + linear1.macs(tgt)
                + linear2.macs(linear1.outputShape(tgt));
    }

    @Override String label() { return "TransformerDecoderLayer(d_model=" + dModel + ", nhead=" + nhead + ")"; }

    @Override public Config config() {
        Config c = Config.of("TransformerDecoderLayer").put("d_model", dModel).put("nhead", nhead).put("dim_feedforward", dimFeedforward)
                .put("dropout", dropoutP);
        TransformerActivation.putActivation(c, activationName, activation);
        return c.put("layer_norm_eps", layerNormEps).put("batch_first", batchFirst).put("norm_first", normFirst).put("bias", bias);
    }

    static TransformerDecoderLayer fromConfig(Config c) {
        int d = c.getInt("d_model"), h = c.getInt("nhead"), ff = c.getInt("dim_feedforward", 2048);
        double p = c.getDouble("dropout", 0.1), eps = c.getDouble("layer_norm_eps", 1e-5);
        boolean bf = c.getBoolean("batch_first", false), nf = c.getBoolean("norm_first", false), b = c.getBoolean("bias", true);
        Object act = TransformerActivation.activation(c);
        return act instanceof String s ? new TransformerDecoderLayer(d, h, ff, p, s, eps, bf, nf, b)
                : new TransformerDecoderLayer(d, h, ff, p, (Module) act, eps, bf, nf, b);
    }
}
