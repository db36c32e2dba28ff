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

    private static void add(String name, BiFunction<List<ParamGroup>, Map<String, Object>, Optimizer> make, Object... kv) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) d.put((String) kv[i], kv[i + 1]);
        ENTRIES.put(name, new Entry(d, make));
    }

    static {
        double[] adamBetas = {0.9, 0.999};
        add("SGD", SGD::new, "lr", 1e-3, "momentum", 0.0, "dampening", 0.0, "weight_decay", 0.0, "nesterov", false, "maximize", false);
        add("Adagrad", Adagrad::new, "lr", 1e-2, "lr_decay", 0.0, "weight_decay", 0.0, "initial_accumulator_value", 0.0,
                "eps", 1e-10, "maximize", false);
        add("RMSprop", RMSprop::new, "lr", 1e-2, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0, "momentum", 0.0,
                "centered", false, "maximize", false);
        add("Adam", Adam::new, "lr", 1e-3, "betas", adamBetas, "eps", 1e-8, "weight_decay", 0.0, "amsgrad", false, "maximize", false);
        add("AdamW", AdamW::new, "lr", 1e-3, "betas", adamBetas, "eps", 1e-8, "weight_decay", 1e-2, "amsgrad", false, "maximize", false);
        add("NAdam", NAdam::new, "lr", 2e-3, "betas", adamBetas, "eps", 1e-8, "weight_decay", 0.0, "momentum_decay", 4e-3);
        add("RAdam", RAdam::new, "lr", 1e-3, "betas", adamBetas, "eps", 1e-8, "weight_decay", 0.0);
        add("Adamax", Adamax::new, "lr", 2e-3, "betas", adamBetas, "eps", 1e-8, "weight_decay", 0.0, "maximize", false);
        add("Adadelta", Adadelta::new, "lr", 1.0, "rho", 0.9, "eps", 1e-6, "weight_decay", 0.0, "maximize", false);
        add("AdaBound", AdaBound::new, "lr", 1e-3, "betas", adamBetas, "final_lr", 0.1, "gamma", 1e-3, "eps", 1e-8,
                "weight_decay", 0.0, "amsbound", false);
        add("Lion", Lion::new, "lr", 1e-4, "betas", new double[] {0.9, 0.99}, "weight_decay", 0.0);
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
