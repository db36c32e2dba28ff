package dev.soma.nn;

/**
 * The activation of a Transformer layer's feed-forward block: "relu" or "gelu" by name (PyTorch keeps F.relu/F.gelu,
 * not a module, so nothing is registered) or any one-input module. In a config it is the name, or the module's own
 * config nested under {@code activation}.
 */
final class TransformerActivation {
    private TransformerActivation() {}

    /** The module computing a named activation; anything but relu or gelu is refused as PyTorch refuses it. */
    static Module named(String name) {
        if ("relu".equals(name)) return new ReLU();
        if ("gelu".equals(name)) return new GELU();
        throw new IllegalArgumentException("activation should be relu/gelu, not " + name);
    }

    /** Puts {@code activation}: the name, or the module's config. */
    static void putActivation(Config c, String name, Module module) {
        if (name != null) c.put("activation", name);
        else c.put("activation", module.config());
    }

    /** The activation of a layer config: a String name or a built Module. */
    static Object activation(Config c) {
        if (!c.has("activation")) return "relu";
        Object v = c.fields().get("activation");
        return v instanceof Config m ? ModuleFactory.build(m) : c.getString("activation");
    }
}
