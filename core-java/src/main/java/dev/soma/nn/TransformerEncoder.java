package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * torch.nn.TransformerEncoder: num_layers copies of an encoder layer applied in turn (children {@code layers.0},
 * {@code layers.1}, …), then an optional final {@code norm}. As PyTorch deep-copies the given layer, every copy starts
 * with the given layer's weights; the copies are made through the layer's config (so a custom activation module must
 * be registered with {@link ModuleFactory}).
 */
public final class TransformerEncoder extends Module {
    public final int numLayers;
    public final ModuleList layers;
    /** The final norm, or null. */
    public final Module norm;

    /** num_layers copies of encoderLayer, without a final norm. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) { this(encoderLayer, numLayers, null); }

    /** As torch.nn.TransformerEncoder(encoder_layer, num_layers, norm); norm may be null. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, Module norm) {
        this(copies(encoderLayer, numLayers, "TransformerEncoder"), norm);
    }

    private TransformerEncoder(List<Module> layers, Module norm) {
        this.numLayers = layers.size();
        this.layers = registerModule("layers", new ModuleList(layers));
        this.norm = registerModule("norm", norm);
    }

    /** numLayers copies of layer with its weights (PyTorch's _get_clones, copy.deepcopy). */
    static List<Module> copies(Module layer, int numLayers, String owner) {
        if (layer == null) throw new IllegalArgumentException(owner + ": the layer must not be null");
        if (numLayers < 0) throw new IllegalArgumentException(owner + ": num_layers must be non-negative, got " + numLayers);
        List<Module> out = new ArrayList<>(numLayers);
        for (int i = 0; i < numLayers; i++) {
            Module copy = ModuleFactory.build(layer.config());
            copy.loadStateDict(layer.stateDict(), true);
            copy.train(layer.isTraining());
            out.add(copy);
        }
        return out;
    }

    private static final List<String> INPUTS = List.of("src", "mask", "src_key_padding_mask");

    /** src, then the optional mask and src_key_padding_mask (PyTorch's names). */
    @Override public List<String> inputNames() { return INPUTS; }

    @Override public int requiredInputs() { return 1; }

    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        return forward(inputs[0], inputs.length > 1 ? inputs[1] : null, inputs.length > 2 ? inputs[2] : null, false);
    }

    /** The stack without masks. */
    @Override public Tensor forward(Tensor src) { return forward(src, null, null, false); }

    /** forward(src, mask, src_key_padding_mask, is_causal): every layer gets the same masks; masks may be null. */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask, boolean isCausal) {
        Tensor x = src;
        for (Module layer : layers) x = ((TransformerEncoderLayer) layer).forward(x, mask, srcKeyPaddingMask, isCausal);
        return norm == null ? x : norm.forward(x);
    }

    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        return LayerStack.outputShape(layers, norm, inputShapes[0]);
    }

    /** The layers' MACs (a final LayerNorm counts none). */
    @Override public long macs(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        return LayerStack.macs(layers, norm, inputShapes[0]);
    }

    @Override public Config config() {
        Config c = Config.of("TransformerEncoder").put("encoder_layer", numLayers > 0 ? layers.get(0).config() : null)
                .put("num_layers", numLayers);
        return c.put("norm", norm == null ? null : norm.config());
    }

    static TransformerEncoder fromConfig(Config c) {
        Config layer = c.getConfig("encoder_layer"), norm = c.getConfig("norm");
        int n = c.getInt("num_layers");
        Module built = layer == null ? null : ModuleFactory.build(layer);
        if (n > 0 && !(built instanceof TransformerEncoderLayer))
            throw new IllegalArgumentException("TransformerEncoder config: encoder_layer must be a TransformerEncoderLayer, got " + layer);
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) layers.add(i == 0 ? built : ModuleFactory.build(layer));
        return new TransformerEncoder(layers, norm == null ? null : ModuleFactory.build(norm));
    }
}
