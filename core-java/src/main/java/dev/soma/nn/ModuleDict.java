package dev.soma.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/** Holds sub-modules by name so they are registered (torch.nn.ModuleDict); insertion order is kept. */
public final class ModuleDict extends Module {
    private final LinkedHashMap<String, Module> items = new LinkedHashMap<>();

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends Module> modules) { modules.forEach(this::put); }

    /** Adds {@code module} under {@code name}; returns this. */
    public ModuleDict put(String name, Module module) {
        if (module == null) throw new IllegalArgumentException("ModuleDict: cannot add a null module under '" + name + "'");
        registerModule(name, module);
        items.put(name, module);
        return this;
    }

    /** The module under {@code name}. */
    public Module get(String name) {
        Module m = items.get(name);
        if (m == null) throw new IllegalArgumentException("ModuleDict: no module named '" + name + "' (has " + items.keySet() + ")");
        return m;
    }

    public boolean containsKey(String name) { return items.containsKey(name); }

    public int size() { return items.size(); }

    @Override public Config config() {
        Config children = Config.of("entries");
        items.forEach((k, v) -> children.put(k, v.config()));
        return Config.of("ModuleDict").put("modules", children);
    }

    static ModuleDict fromConfig(Config c) {
        ModuleDict d = new ModuleDict();
        Config children = c.getConfig("modules");
        for (String k : children.fields().keySet()) d.put(k, ModuleFactory.build(children.getConfig(k)));
        return d;
    }
}
