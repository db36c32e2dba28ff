package dev.soma.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Builds optimizers by their torch.optim class name from an options map (PyTorch's keyword names), filling
 * every option not given with PyTorch's default. Used where optimizers are described as data: checkpoints,
 * configs, the Kotlin DSL.
 */
public final class OptimizerFactory {
    private record Entry(Map<String, Object> defaults, BiFunction<List<ParamGroup>, Map<String, Object>, Optimizer> make) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    private static void add(String name, BiFunction<List<ParamGroup>, Map<String, Object>, Optimizer> make,
            Map<String, Object> defaults) {
        ENTRIES.put(name, new Entry(defaults, make));
    }

    static {    // each optimizer's defaults come from its Options record
        add("SGD", SGD::new, SGD.DEFAULTS.toMap());
        add("Adagrad", Adagrad::new, Adagrad.DEFAULTS.toMap());
        add("RMSprop", RMSprop::new, RMSprop.DEFAULTS.toMap());
        add("Adam", Adam::new, Adam.DEFAULTS.toMap());
        add("AdamW", AdamW::new, AdamW.DEFAULTS.toMap());
        add("NAdam", NAdam::new, NAdam.DEFAULTS.toMap());
        add("RAdam", RAdam::new, RAdam.DEFAULTS.toMap());
        add("Adamax", Adamax::new, Adamax.DEFAULTS.toMap());
        add("Adadelta", Adadelta::new, Adadelta.DEFAULTS.toMap());
        add("AdaBound", AdaBound::new, AdaBound.DEFAULTS.toMap());
        add("Lion", Lion::new, Lion.DEFAULTS.toMap());
    }

    private OptimizerFactory() {}

    /** The optimizer names this factory knows. */
    public static List<String> names() { return List.copyOf(ENTRIES.keySet()); }

    /** PyTorch's default options of optimizer {@code name}. */
    public static Map<String, Object> defaults(String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        entry(name).defaults().forEach((k, v) -> out.put(k, v instanceof double[] d ? d.clone() : v));
        return out;
    }

    /** Optimizer {@code name} over {@code groups} with {@code options} overriding the defaults; unknown options fail. */
    public static Optimizer create(String name, List<ParamGroup> groups, Map<String, Object> options) {
        Entry e = entry(name);
        Map<String, Object> merged = defaults(name);
        for (Map.Entry<String, Object> o : options.entrySet()) {
            if (!merged.containsKey(o.getKey()))
                throw new IllegalArgumentException(name + " has no option '" + o.getKey() + "' (options: " + merged.keySet() + ")");
            Object v = o.getValue();
            merged.put(o.getKey(), v instanceof Number n && !(v instanceof Double) ? n.doubleValue() : v);
        }
        for (ParamGroup g : groups)
            for (String k : g.options().keySet())
                if (!merged.containsKey(k))
                    throw new IllegalArgumentException(name + " param group has unknown option '" + k + "' (options: " + merged.keySet() + ")");
        return e.make().apply(groups, merged);
    }

    private static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + new TreeSet<>(ENTRIES.keySet()));
        return e;
    }
}
