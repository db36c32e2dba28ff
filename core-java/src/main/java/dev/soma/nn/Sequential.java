package dev.soma.nn;

import dev.soma.autograd.GradMode;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Modules applied in order, each to the previous one's output (torch.nn.Sequential); children are named 0, 1, …. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private int[] inputShape;

    /** A sequence of the given layers. */
    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** A sequence of the given layers. */
    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer, named by its position; returns this. */
    public Sequential add(Module layer) { return add(Integer.toString(layers.size()), layer); }

    /** Appends a layer under {@code name} (as an OrderedDict given to torch.nn.Sequential); returns this. */
    public Sequential add(String name, Module layer) {
        if (layer == null) throw new IllegalArgumentException("Sequential: cannot add a null layer");
        if (namedChildren().containsKey(name)) throw new IllegalArgumentException("Sequential: a layer named '" + name + "' already exists");
        if (name.contains(",")) throw new IllegalArgumentException("Sequential: layer names may not contain ',', got '" + name + "'");
        registerModule(name, layer);
        layers.add(layer);
        names.add(name);
        return this;
    }

    /** The layer at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int i = index < 0 ? index + layers.size() : index;
        if (i < 0 || i >= layers.size())
            throw new IndexOutOfBoundsException("Sequential: index " + index + " is out of range for " + layers.size() + " layers");
        return layers.get(i);
    }

    /** The number of layers. */
    public int size() { return layers.size(); }

    /**
     * Records the per-sample input shape (no batch dim) this network was built for, as Keras's input_shape, so a
     * summary needs no shape; returns this. It is checked against the layers' shape rules when they have them.
     */
    public Sequential inputShape(int... perSample) {
        int[] batched = new int[perSample.length + 1];
        batched[0] = 1;
        System.arraycopy(perSample, 0, batched, 1, perSample.length);
        if (hasShapeRule()) outputShape(batched);
        inputShape = perSample.clone();
        return this;
    }

    /** The per-sample input shape given to {@link #inputShape(int...)}, or null when none was. */
    public int[] inputShape() { return inputShape == null ? null : inputShape.clone(); }

    /**
     * The layers applied in order. Without grad, an intermediate result goes back to the buffer pool as soon as the
     * next layer has consumed it, when both layers {@link Module#keepsNoTensors keep no tensors} and the next result is
     * not a view of it (W6b's MLP: 730–785 → 670–685 µs a batch of 256); with grad, the graph holds them.
     */
    @Override public Tensor forward(Tensor input) {
        boolean release = !GradMode.isEnabled();
        Tensor x = input;
        Module made = null;
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            Tensor y;
            try {
                y = layer.forward(x);
            } catch (RuntimeException e) {
                throw located(i, x, e);
            }
            if (release && made != null && !x.sharesStorageWith(input) && !x.sharesStorageWith(y) && !x.requiresGrad()
                    && made.keepsNoTensors() && layer.keepsNoTensors())
                x.close();
            x = y;
            made = layer;
        }
        return x;
    }

    private static final String PLACE = "Sequential[";

    /**
     * A layer's error with its place in front, {@code Sequential[2] Linear(…): expected input (*, 784), got […]}, nested
     * sequences joining their names ({@code Sequential[1.0] …}), and a hint when the cause is a likely one.
     */
    private RuntimeException located(int i, Tensor input, RuntimeException e) {
        Module layer = layers.get(i);
        String message = String.valueOf(e.getMessage()), place = PLACE + names.get(i);
        if (layer instanceof Sequential && message.startsWith(PLACE))
            return ErrorContext.withMessage(e, place + "." + message.substring(PLACE.length()));
        String label = layer.label();
        return ErrorContext.withMessage(e, place + "] " + (message.startsWith(label) ? message : label + ": " + message) + hint(layer, input));
    }

    /** A Linear fed an unflattened batch whose per-sample values number exactly its in_features: flatten() was forgotten. */
    private static String hint(Module layer, Tensor input) {
        if (!(layer instanceof Linear linear) || input.dim() < 3) return "";
        int[] sample = Arrays.copyOfRange(input.shape(), 1, input.dim());
        long values = 1;
        for (int s : sample) values *= s;
        return values == linear.inFeatures ? "; missing flatten()? each sample's " + Shape.str(sample) + " holds "
                + values + " = in_features values" : "";
    }

    /** True when every layer has a shape rule. */
    @Override public boolean hasShapeRule() {
        for (Module m : layers) if (!m.hasShapeRule()) return false;
        return true;
    }

    /** Each layer's shape rule applied in turn. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        int[] s = inputShape.clone();
        for (Module m : layers) s = m.outputShape(s);
        return s;
    }

    /** The sum of the layers' counts, each at the shape the previous layers give it. */
    @Override public long macs(int[] inputShape) {
        checkShape(inputShape);
        int[] s = inputShape.clone();
        long n = 0;
        for (Module m : layers) {
            n += m.macs(s);
            s = m.outputShape(s);
        }
        return n;
    }

    @Override public Config config() {
        List<Config> cs = new ArrayList<>();
        for (Module m : layers) cs.add(m.config());
        Config c = Config.of("Sequential").put("modules", cs);
        boolean positional = true;
        for (int i = 0; i < names.size(); i++) positional &= names.get(i).equals(Integer.toString(i));
        return positional ? c : c.put("names", String.join(",", names));
    }

    static Sequential fromConfig(Config c) {
        Sequential s = new Sequential();
        List<Config> children = c.getConfigs("modules");
        String[] names = c.has("names") ? c.getString("names").split(",", -1) : null;
        if (names != null && names.length != children.size())
            throw new IllegalArgumentException("Sequential config: " + names.length + " names for " + children.size() + " modules");
        for (int i = 0; i < children.size(); i++) {
            Module m = ModuleFactory.build(children.get(i));
            if (names == null) s.add(m);
            else s.add(names[i], m);
        }
        return s;
    }
}
