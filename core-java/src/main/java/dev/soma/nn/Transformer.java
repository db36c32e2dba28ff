package dev.soma.nn;

import dev.soma.autograd.GradMode;
import dev.soma.nn.init.Init;
import dev.soma.tensor.Tensor;
import java.util.List;

/**
 * torch.nn.Transformer: an encoder (num_encoder_layers encoder layers and a final LayerNorm) over src and a decoder
 * (num_decoder_layers decoder layers and a final LayerNorm) over tgt attending to the encoder's output; either may be
 * a custom module. Every parameter of more than one dim is re-drawn xavier-uniform, as PyTorch's _reset_parameters.
 * src (S, N, E) and tgt (T, N, E) (batch first: (N, S, E), (N, T, E)) give (T, N, E).
 */
public final class Transformer extends Module {
    public final int dModel, nhead, numEncoderLayers, numDecoderLayers, dimFeedforward;
    public final double dropout, layerNormEps;
    public final String activation;
    public final boolean batchFirst, normFirst, bias, customEncoder, customDecoder;
    public final Module encoder, decoder;

    /** PyTorch's defaults: d_model 512, 8 heads, 6 + 6 layers, dim_feedforward 2048, dropout 0.1, relu. */
    public Transformer() { this(512, 8, 6, 6, 2048, 0.1); }

    /** d_model and nhead, with PyTorch's other defaults. */
    public Transformer(int dModel, int nhead) { this(dModel, nhead, 6, 6, 2048, 0.1); }

    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward, double dropout) {
        this(dModel, nhead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout, "relu", null, null, 1e-5, false, false, true);
    }

    /**
     * As torch.nn.Transformer(d_model, nhead, num_encoder_layers, num_decoder_layers, dim_feedforward, dropout, activation,
     * custom_encoder, custom_decoder, layer_norm_eps, batch_first, norm_first, bias); custom modules may be null. A custom
     * encoder takes (src, mask, src_key_padding_mask) as inputs, a custom decoder (tgt, memory, tgt_mask, memory_mask,
     * tgt_key_padding_mask, memory_key_padding_mask).
     */
    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward, double dropout,
                       String activation, Module customEncoder, Module customDecoder, double layerNormEps, boolean batchFirst,
                       boolean normFirst, boolean bias) {
        this.dModel = dModel;
        this.nhead = nhead;
        this.numEncoderLayers = numEncoderLayers;
        this.numDecoderLayers = numDecoderLayers;
        this.dimFeedforward = dimFeedforward;
        this.dropout = dropout;
        this.activation = activation;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        this.bias = bias;
        this.customEncoder = customEncoder != null;
        this.customDecoder = customDecoder != null;
        encoder = registerModule("encoder", customEncoder != null ? customEncoder : new TransformerEncoder(
                new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias),
                numEncoderLayers, new LayerNorm(new int[] {dModel}, layerNormEps, true, bias)));
        decoder = registerModule("decoder", customDecoder != null ? customDecoder : new TransformerDecoder(
                new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias),
                numDecoderLayers, new LayerNorm(new int[] {dModel}, layerNormEps, true, bias)));
        try (var off = GradMode.noGrad()) {
            for (Parameter p : parameters()) if (p.dim() > 1) Init.xavierUniform_(p);
        }
    }

    /**
     * A (n, n) float mask with 0 on and below the diagonal and −∞ above it (PyTorch's generate_square_subsequent_mask):
     * position i attends to positions 0..i.
     */
    public static Tensor generateSquareSubsequentMask(int n) {
        if (n < 0) throw new IllegalArgumentException("generateSquareSubsequentMask: size must be non-negative, got " + n);
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) java.util.Arrays.fill(m, i * n + i + 1, (i + 1) * n, Float.NEGATIVE_INFINITY);
        return Tensor.of(m, n, n);
    }

    private static final List<String> INPUTS = List.of("src", "tgt", "src_mask", "tgt_mask", "memory_mask", "src_key_padding_mask",
            "tgt_key_padding_mask", "memory_key_padding_mask");

    /** src and tgt, then the optional masks in PyTorch's order. */
    @Override public List<String> inputNames() { return INPUTS; }

    @Override public int requiredInputs() { return 2; }

    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        Tensor[] x = java.util.Arrays.copyOf(inputs, INPUTS.size());
        return forward(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], false, false, false);
    }

    /** src and tgt without masks. */
    public Tensor forward(Tensor src, Tensor tgt) { return forward(src, tgt, null, null, null, null, null, null, false, false, false); }

    /**
     * forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask,
     * memory_key_padding_mask, src_is_causal, tgt_is_causal, memory_is_causal); masks may be null.
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask, Tensor srcKeyPaddingMask,
                          Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask, boolean srcIsCausal, boolean tgtIsCausal,
                          boolean memoryIsCausal) {
        if (src == null || tgt == null) throw new IllegalArgumentException("Transformer: src and tgt must not be null");
        checkPair(src.shape(), tgt.shape());
        Tensor memory = encoder instanceof TransformerEncoder e ? e.forward(src, srcMask, srcKeyPaddingMask, srcIsCausal)
                : encoder.forward(src, srcMask, srcKeyPaddingMask);
        return decoder instanceof TransformerDecoder d
                ? d.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal)
                : decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    // PyTorch's checks: equal batch sizes (batched inputs) and d_model features.
    private void checkPair(int[] src, int[] tgt) {
        boolean batched = src.length == 3;
        if (batched && tgt.length == 3 && src[batchFirst ? 0 : 1] != tgt[batchFirst ? 0 : 1])
            throw new IllegalArgumentException("Transformer(d_model=" + dModel + "): the batch number of src and tgt must be equal, got src "
                    + dev.soma.tensor.Shape.str(src) + " and tgt " + dev.soma.tensor.Shape.str(tgt));
        if (src.length == 0 || tgt.length == 0 || src[src.length - 1] != dModel || tgt[tgt.length - 1] != dModel)
            throw new IllegalArgumentException("Transformer(d_model=" + dModel + "): the feature number of src and tgt must be equal to "
                    + "d_model, got src " + dev.soma.tensor.Shape.str(src) + " and tgt " + dev.soma.tensor.Shape.str(tgt));
    }

    /** tgt's shape. */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        checkPair(inputShapes[0], inputShapes[1]);
        int[] memory = encoder.outputShape(inputShapes[0]);
        return decoder.outputShape(inputShapes[1], memory);
    }

    /** The encoder's MACs over src plus the decoder's over tgt and the memory. */
    @Override public long macs(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        checkPair(inputShapes[0], inputShapes[1]);
        int[] memory = encoder.outputShape(inputShapes[0]);
        return encoder.macs(inputShapes[0]) + decoder.macs(inputShapes[1], memory);
    }

    @Override public Config config() {
        Config c = Config.of("Transformer").put("d_model", dModel).put("nhead", nhead).put("num_encoder_layers", numEncoderLayers)
                .put("num_decoder_layers", numDecoderLayers).put("dim_feedforward", dimFeedforward).put("dropout", dropout)
                .put("activation", activation).put("layer_norm_eps", layerNormEps).put("batch_first", batchFirst)
                .put("norm_first", normFirst).put("bias", bias);
        if (customEncoder) c.put("custom_encoder", encoder.config());
        if (customDecoder) c.put("custom_decoder", decoder.config());
        return c;
    }

    static Transformer fromConfig(Config c) {
        Config enc = c.has("custom_encoder") ? c.getConfig("custom_encoder") : null, dec = c.has("custom_decoder") ? c.getConfig("custom_decoder") : null;
        return new Transformer(c.getInt("d_model", 512), c.getInt("nhead", 8), c.getInt("num_encoder_layers", 6),
                c.getInt("num_decoder_layers", 6), c.getInt("dim_feedforward", 2048), c.getDouble("dropout", 0.1),
                c.getString("activation", "relu"), enc == null ? null : ModuleFactory.build(enc), dec == null ? null : ModuleFactory.build(dec),
                c.getDouble("layer_norm_eps", 1e-5), c.getBoolean("batch_first", false), c.getBoolean("norm_first", false),
                c.getBoolean("bias", true));
    }
}
