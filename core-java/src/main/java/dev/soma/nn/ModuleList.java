package dev.soma.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Holds sub-modules in a list so they are registered (torch.nn.ModuleList); it has no forward of its own. */
public final class ModuleList extends Module implements Iterable<Module> {
    private final List<Module> items = new ArrayList<>();

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    public ModuleList(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module, named by its position; returns this. */
    public ModuleList add(Module m) {
        if (m == null) throw new IllegalArgumentException("ModuleList: cannot add a null module");
        registerModule(Integer.toString(items.size()), m);
        items.add(m);
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int i = index < 0 ? index + items.size() : index;
        if (i < 0 || i >= items.size())
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " is out of range for " + items.size() + " modules");
        return items.get(i);
    }

    public int size() { return items.size(); }

    @Override public Iterator<Module> iterator() { return List.copyOf(items).iterator(); }

    @Override public Config config() {
        List<Config> cs = new ArrayList<>();
        for (Module m : items) cs.add(m.config());
        return Config.of("ModuleList").put("modules", cs);
    }

    static ModuleList fromConfig(Config c) {
        ModuleList l = new ModuleList();
        for (Config child : c.getConfigs("modules")) l.add(ModuleFactory.build(child));
        return l;
    }
}
