package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Modules applied in order, each to the previous one's output (torch.nn.Sequential); children are named 0, 1, …. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

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

    @Override public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : layers) x = m.forward(x);
        return x;
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
