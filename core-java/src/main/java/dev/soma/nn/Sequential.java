package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Modules applied in order, each to the previous one's output (torch.nn.Sequential); children are named 0, 1, …. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /** A sequence of the given layers. */
    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** A sequence of the given layers. */
    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) add(m);
    }

    /** Appends a layer, named by its position; returns this. */
    public Sequential add(Module layer) {
        if (layer == null) throw new IllegalArgumentException("Sequential: cannot add a null layer");
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
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
        return Config.of("Sequential").put("modules", cs);
    }

    static Sequential fromConfig(Config c) {
        Sequential s = new Sequential();
        for (Config child : c.getConfigs("modules")) s.add(ModuleFactory.build(child));
        return s;
    }
}
