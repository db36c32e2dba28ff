package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * torch.nn.TransformerDecoder: num_layers copies of a decoder layer applied in turn to tgt, each attending to the same
 * memory (children {@code layers.0}, …), then an optional final {@code norm}. The copies start with the given layer's
 * weights, as PyTorch's deep copies do.
 */
public final class TransformerDecoder extends Module {
    public final int numLayers;
    public final ModuleList layers;
    /** The final norm, or null. */
    public final Module norm;

    /** num_layers copies of decoderLayer, without a final norm. */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) { this(decoderLayer, numLayers, null); }

    /** As torch.nn.TransformerDecoder(decoder_layer, num_layers, norm); norm may be null. */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, Module norm) {
        this(TransformerEncoder.copies(decoderLayer, numLayers, "TransformerDecoder"), norm);
    }

    private TransformerDecoder(List<Module> layers, Module norm) {
        this.numLayers = layers.size();
        this.layers = registerModule("layers", new ModuleList(layers));
        this.norm = registerModule("norm", norm);
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

    /**
     * forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_is_causal,
     * memory_is_causal): every layer gets the same memory and masks; masks may be null.
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, boolean tgtIsCausal, boolean memoryIsCausal) {
        Tensor x = tgt;
        for (Module layer : layers)
            x = ((TransformerDecoderLayer) layer).forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask,
                    tgtIsCausal, memoryIsCausal);
        return norm == null ? x : norm.forward(x);
    }

    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        return LayerStack.outputShape(layers, norm, inputShapes[0], inputShapes[1]);
    }

    /** The layers' MACs (a final LayerNorm counts none). */
    @Override public long macs(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        return LayerStack.macs(layers, norm, inputShapes[0], inputShapes[1]);
    }

    @Override public Config config() {
        Config c = Config.of("TransformerDecoder").put("decoder_layer", numLayers > 0 ? layers.get(0).config() : null)
                .put("num_layers", numLayers);
        return c.put("norm", norm == null ? null : norm.config());
    }

    static TransformerDecoder fromConfig(Config c) {
        Config layer = c.getConfig("decoder_layer"), norm = c.getConfig("norm");
        int n = c.getInt("num_layers");
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Module built = ModuleFactory.build(layer);
            if (!(built instanceof TransformerDecoderLayer))
                throw new IllegalArgumentException("TransformerDecoder config: decoder_layer must be a TransformerDecoderLayer, got " + layer);
            layers.add(built);
        }
        return new TransformerDecoder(layers, norm == null ? null : ModuleFactory.build(norm));
    }
}
