package dev.soma.nn;

import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * torch.nn.TransformerEncoderLayer: self-attention then a feed-forward block (linear1, activation, dropout, linear2),
 * each added to its input with dropout; post-norm (x = norm(x + block(x))) or, with norm_first, pre-norm
 * (x = x + block(norm(x))). Input (L, N, d_model), (N, L, d_model) with batch_first, or unbatched (L, d_model); masks
 * as {@link MultiheadAttention}'s. The activation is "relu", "gelu" or any one-input module (then registered as the child
 * {@code activation}, as in PyTorch).
 */
public final class TransformerEncoderLayer extends Module {
    public final int dModel, nhead, dimFeedforward;
    public final double dropoutP, layerNormEps;
    public final boolean batchFirst, normFirst, bias;
    /** "relu" or "gelu" when given by name, else null (a module activation). */
    public final String activationName;
    public final MultiheadAttention selfAttn;
    public final Linear linear1, linear2;
    public final Dropout dropout, dropout1, dropout2;
    public final LayerNorm norm1, norm2;
    /** The activation as a module (for a named one, a ReLU or GELU that is not registered, as PyTorch keeps a function). */
    public final Module activation;

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, relu, layer_norm_eps 1e-5, sequence-first, post-norm. */
    public TransformerEncoderLayer(int dModel, int nhead) { this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false); }

    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst) {
        this(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, true);
    }

    /** As torch.nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first, bias). */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, boolean bias) {
        this(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, Generator.defaultGenerator());
    }

    /** As above, drawing the initial weights and the dropout masks from {@code g}. */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, boolean bias, Generator g) {
        this(dModel, nhead, dimFeedforward, dropout, TransformerActivation.named(activation), activation, layerNormEps, batchFirst,
                normFirst, bias, g);
    }

    /** With any activation module, registered as the child {@code activation}. */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, Module activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, boolean bias) {
        this(dModel, nhead, dimFeedforward, dropout, activation, null, layerNormEps, batchFirst, normFirst, bias, Generator.defaultGenerator());
    }

    private TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, Module activation, String activationName,
                                    double layerNormEps, boolean batchFirst, boolean normFirst, boolean bias, Generator g) {
        if (dimFeedforward <= 0) throw new IllegalArgumentException("TransformerEncoderLayer: dim_feedforward must be positive, got " + dimFeedforward);
        if (activation == null) throw new IllegalArgumentException("TransformerEncoderLayer: activation must not be null");
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        this.bias = bias;
        this.activationName = activationName;
        // Children in PyTorch's order: its repr and state_dict keys come out the same.
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, bias, false, false, null, null, batchFirst, g));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward, bias, g));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel, bias, g));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true, bias));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true, bias));
        dropout1 = registerModule("dropout1", new Dropout(dropout, g));
        dropout2 = registerModule("dropout2", new Dropout(dropout, g));
        this.activation = activationName == null ? registerModule("activation", activation) : activation;
    }

    private static final List<String> INPUTS = List.of("src", "src_mask", "src_key_padding_mask");

    /** src, then the optional src_mask and src_key_padding_mask. */
    @Override public List<String> inputNames() { return INPUTS; }

    @Override public int requiredInputs() { return 1; }

    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        return forward(inputs[0], inputs.length > 1 ? inputs[1] : null, inputs.length > 2 ? inputs[2] : null, false);
    }

    /** The layer without masks. */
    @Override public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    /**
     * forward(src, src_mask, src_key_padding_mask, is_causal): masks may be null; is_causal is PyTorch's hint that
     * src_mask is the causal mask.
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask, boolean isCausal) {
        if (src == null) throw new IllegalArgumentException(label() + ": src must not be null");
        outputShape(src.shape());
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttentionBlock(norm1.forward(x), srcMask, srcKeyPaddingMask, isCausal));
            return x.add(feedForwardBlock(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttentionBlock(x, srcMask, srcKeyPaddingMask, isCausal)));
        return norm2.forward(x.add(feedForwardBlock(x)));
    }

    private Tensor selfAttentionBlock(Tensor x, Tensor mask, Tensor kpm, boolean isCausal) {
        MultiheadAttention.Options o = MultiheadAttention.Options.NO_WEIGHTS.withIsCausal(isCausal);
        return dropout1.forward(selfAttn.forwardOutputs(x, x, x, kpm, mask, o)[0]);
    }

    private Tensor feedForwardBlock(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(activation.forward(linear1.forward(x)))));
    }

    /** src's shape, (L, N, d_model), (N, L, d_model) or (L, d_model); the masks are checked when given. */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] src = inputShapes[0];
        if ((src.length != 2 && src.length != 3) || src[src.length - 1] != dModel)
            throw shapeError((batchFirst ? "(N, L, " : "(L, N, ") + dModel + ") or unbatched (L, " + dModel + ")", src);
        selfAttn.outputShape(src, src, src);
        return src.clone();
    }

    /** Self-attention's MACs (S = L) plus the feed-forward block's 2·rows·d_model·dim_feedforward. */
    @Override public long macs(int[]... inputShapes) {
        int[] src = outputShape(inputShapes);
        return selfAttn.macs(src, src, src) + linear1.macs(src) + linear2.macs(linear1.outputShape(src));
    }

    @Override String label() { return "TransformerEncoderLayer(d_model=" + dModel + ", nhead=" + nhead + ")"; }

    @Override public Config config() {
        Config c = Config.of("TransformerEncoderLayer").put("d_model", dModel).put("nhead", nhead).put("dim_feedforward", dimFeedforward)
                .put("dropout", dropoutP);
        TransformerActivation.putActivation(c, activationName, activation);
        return c.put("layer_norm_eps", layerNormEps).put("batch_first", batchFirst).put("norm_first", normFirst).put("bias", bias);
    }

    static TransformerEncoderLayer fromConfig(Config c) {
        int d = c.getInt("d_model"), h = c.getInt("nhead"), ff = c.getInt("dim_feedforward", 2048);
        double p = c.getDouble("dropout", 0.1), eps = c.getDouble("layer_norm_eps", 1e-5);
        boolean bf = c.getBoolean("batch_first", false), nf = c.getBoolean("norm_first", false), b = c.getBoolean("bias", true);
        Object act = TransformerActivation.activation(c);
        return act instanceof String s ? new TransformerEncoderLayer(d, h, ff, p, s, eps, bf, nf, b)
                : new TransformerEncoderLayer(d, h, ff, p, (Module) act, eps, bf, nf, b);
    }
}
