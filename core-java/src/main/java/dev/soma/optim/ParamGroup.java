package dev.soma.optim;

import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters sharing hyper-parameters (one entry of torch's optimizer.param_groups). Options are
 * Doubles, Booleans or double[] (e.g. betas) under PyTorch's names; schedulers change "lr" and "momentum".
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final LinkedHashMap<String, Object> options = new LinkedHashMap<>();

    /** A group of {@code params} with no options of its own (the optimizer's defaults fill them). */
    public ParamGroup(List<? extends Tensor> params) {
        if (params.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        this.params = List.copyOf(params);
    }

    /** Sets an option; numbers are stored as Double; returns this. */
    public ParamGroup set(String key, Object value) {
        if (value instanceof Number n) value = n.doubleValue();
        else if (value instanceof double[] d) value = d.clone();
        else if (!(value instanceof Boolean) && !(value instanceof String) && value != null)
            throw new IllegalArgumentException("param group option '" + key + "' must be a number, boolean, string or double[], got "
                    + value.getClass().getSimpleName());
        options.put(key, value);
        return this;
    }

    /** The group's parameters. */
    public List<Tensor> params() { return params; }

    /** The options, read-only. */
    public Map<String, Object> options() { return Collections.unmodifiableMap(options); }

    public boolean has(String key) { return options.containsKey(key); }

    private Object need(String key) {
        if (!options.containsKey(key)) throw new IllegalArgumentException("param group has no option '" + key + "' (has "
                + options.keySet() + ")");
        return options.get(key);
    }

    /** A numeric option. */
    public double getDouble(String key) {
        Object v = need(key);
        if (v instanceof Double d) return d;
        throw new IllegalArgumentException("param group option '" + key + "' is not a number: " + v);
    }

    /** A boolean option. */
    public boolean getBoolean(String key) {
        Object v = need(key);
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("param group option '" + key + "' is not a boolean: " + v);
    }

    /** A double[] option such as betas. */
    public double[] getDoubles(String key) {
        Object v = need(key);
        if (v instanceof double[] d) return d.clone();
        throw new IllegalArgumentException("param group option '" + key + "' is not a list of numbers: " + v);
    }

    /** The learning rate. */
    public double lr() { return getDouble("lr"); }

    /** Sets the learning rate (what schedulers do). */
    public void setLr(double lr) { set("lr", lr); }

    /** Fills options this group lacks from {@code defaults}. */
    void fillDefaults(Map<String, Object> defaults) {
        for (Map.Entry<String, Object> e : defaults.entrySet()) if (!options.containsKey(e.getKey())) set(e.getKey(), e.getValue());
    }

    /** The options as a plain map (copies of arrays). */
    Map<String, Object> optionsCopy() {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, v instanceof double[] d ? d.clone() : v));
        return out;
    }

    static List<ParamGroup> single(List<? extends Tensor> params) {
        List<ParamGroup> l = new ArrayList<>();
        l.add(new ParamGroup(params));
        return l;
    }
}
