package dev.soma.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A layer's architecture without its weights: a type name and named constructor arguments, each a
 * primitive (Integer, Long, Double, Boolean, String), an int[] or double[], a nested Config, or a list of
 * Configs (a container's children). Rebuilt into a module by {@link ModuleFactory}.
 *
 * <p>A field may hold null, PyTorch's {@code None} (e.g. BatchNorm's {@code momentum=None}): put a null
 * {@code Double} or {@code Integer} and read it with {@link #getNullableDouble} / {@link #getNullableInt}. A field
 * that is an int, an int list or a string (Conv's {@code padding="same" | 1 | (1, 2)}) is put and read as an
 * {@link IntsOrString}; it is stored as the plain String, Integer or int[], so it serializes as itself.
 */
public final class Config {
    private final String type;
    private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

    private Config(String type) { this.type = Objects.requireNonNull(type, "type"); }

    /** A config of the given layer type name (e.g. {@code "Linear"}). */
    public static Config of(String type) { return new Config(type); }

    /** The layer type name. */
    public String type() { return type; }

    /** The fields in insertion order (read-only). */
    public Map<String, Object> fields() { return Collections.unmodifiableMap(fields); }

    public Config put(String key, int v) { return set(key, v); }

    /** An integer field that may be null (PyTorch's None, e.g. {@code padding_idx=None}). */
    public Config put(String key, Integer v) { return set(key, v); }

    /** A floating-point field that may be null (PyTorch's None, e.g. BatchNorm's {@code momentum=None}). */
    public Config put(String key, Double v) { return set(key, v); }

    /** An int, int-list or string field (e.g. {@code padding}), stored as the plain Integer, int[] or String; null stores null. */
    public Config put(String key, IntsOrString v) { return set(key, v == null ? null : v.value()); }
    public Config put(String key, long v) { return set(key, v); }
    public Config put(String key, double v) { return set(key, v); }
    public Config put(String key, boolean v) { return set(key, v); }
    public Config put(String key, String v) { return set(key, v); }
    public Config put(String key, int[] v) { return set(key, v == null ? null : v.clone()); }
    public Config put(String key, double[] v) { return set(key, v == null ? null : v.clone()); }
    public Config put(String key, Config v) { return set(key, v); }
    public Config put(String key, List<Config> v) { return set(key, v == null ? null : List.copyOf(v)); }

    private Config set(String key, Object v) {
        fields.put(Objects.requireNonNull(key, "key"), v);
        return this;
    }

    /** True when the field is present (possibly with a null value). */
    public boolean has(String key) { return fields.containsKey(key); }

    private Object need(String key) {
        if (!fields.containsKey(key))
            throw new IllegalArgumentException(type + " config: missing field '" + key + "' (has " + fields.keySet() + ")");
        return fields.get(key);
    }

    private IllegalArgumentException wrong(String key, String expected) {
        Object v = fields.get(key);
        return new IllegalArgumentException(type + " config: field '" + key + "' must be " + expected + ", got "
                + (v == null ? "null" : v.getClass().getSimpleName() + " " + show(v)));
    }

    private static String show(Object v) {
        return v instanceof int[] a ? Arrays.toString(a) : v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v);
    }

    /** An integer field (whole-valued numbers of any boxed type are accepted). */
    public int getInt(String key) {
        Object v = need(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) return n.intValue();
        throw wrong(key, "an integer");
    }

    public int getInt(String key, int dflt) { return has(key) ? getInt(key) : dflt; }

    /** A long field. */
    public long getLong(String key) {
        Object v = need(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw wrong(key, "an integer");
    }

    /** A floating-point field. */
    public double getDouble(String key) {
        Object v = need(key);
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(key, "a number");
    }

    public double getDouble(String key, double dflt) { return has(key) ? getDouble(key) : dflt; }

    /** A floating-point field that may be null (PyTorch's None); any other non-number raises IllegalArgumentException. */
    public Double getNullableDouble(String key) {
        Object v = need(key);
        if (v == null) return null;
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(key, "a number or null");
    }

    /** As {@link #getNullableDouble(String)}, or {@code dflt} when the field is absent (a stored null stays null). */
    public Double getNullableDouble(String key, Double dflt) { return has(key) ? getNullableDouble(key) : dflt; }

    /** An integer field that may be null (PyTorch's None); whole-valued numbers of any boxed type are accepted. */
    public Integer getNullableInt(String key) {
        Object v = need(key);
        if (v == null) return null;
        if (v instanceof Number n && isWholeInt(n)) return n.intValue();
        throw wrong(key, "an integer or null");
    }

    /** As {@link #getNullableInt(String)}, or {@code dflt} when the field is absent (a stored null stays null). */
    public Integer getNullableInt(String key, Integer dflt) { return has(key) ? getNullableInt(key) : dflt; }

    /**
     * An int, int-list or string field (e.g. {@code padding}); null when stored as null. A whole number reads as an
     * int, a list of whole numbers as ints; anything else raises IllegalArgumentException naming the layer and field.
     */
    public IntsOrString getIntsOrString(String key) {
        Object v = need(key);
        if (v == null) return null;
        if (v instanceof String s) return IntsOrString.of(s);
        if (v instanceof Number n && isWholeInt(n)) return IntsOrString.of(n.intValue());
        if (v instanceof int[] || v instanceof double[] || v instanceof List<?>) {
            try {
                return IntsOrString.of(getInts(key));
            } catch (IllegalArgumentException e) {
                throw wrong(key, "a string, an integer or a list of integers");
            }
        }
        throw wrong(key, "a string, an integer or a list of integers");
    }

    /** As {@link #getIntsOrString(String)}, or {@code dflt} when the field is absent. */
    public IntsOrString getIntsOrString(String key, IntsOrString dflt) { return has(key) ? getIntsOrString(key) : dflt; }

    private static boolean isWholeInt(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE;
    }

    /** A boolean field. */
    public boolean getBoolean(String key) {
        Object v = need(key);
        if (v instanceof Boolean b) return b;
        throw wrong(key, "a boolean");
    }

    public boolean getBoolean(String key, boolean dflt) { return has(key) ? getBoolean(key) : dflt; }

    /** A string field (may be null when stored as null). */
    public String getString(String key) {
        Object v = need(key);
        if (v == null || v instanceof String) return (String) v;
        throw wrong(key, "a string");
    }

    public String getString(String key, String dflt) { return has(key) ? getString(key) : dflt; }

    /** An int array field (a list of whole numbers is accepted too). */
    public int[] getInts(String key) {
        Object v = need(key);
        if (v == null) return null;
        if (v instanceof int[] a) return a.clone();
        if (v instanceof double[] d) {
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                if (d[i] != Math.rint(d[i])) throw wrong(key, "a list of integers");
                out[i] = (int) d[i];
            }
            return out;
        }
        if (v instanceof List<?> l) {
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()))
                    throw wrong(key, "a list of integers");
                out[i] = ((Number) l.get(i)).intValue();
            }
            return out;
        }
        throw wrong(key, "a list of integers");
    }

    /** A double array field. */
    public double[] getDoubles(String key) {
        Object v = need(key);
        if (v == null) return null;
        if (v instanceof double[] a) return a.clone();
        if (v instanceof int[] a) return Arrays.stream(a).asDoubleStream().toArray();
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) throw wrong(key, "a list of numbers");
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw wrong(key, "a list of numbers");
    }

    /** A nested config field. */
    public Config getConfig(String key) {
        Object v = need(key);
        if (v == null || v instanceof Config) return (Config) v;
        throw wrong(key, "a layer config");
    }

    /** A list-of-configs field (a container's children). */
    public List<Config> getConfigs(String key) {
        Object v = need(key);
        if (v instanceof List<?> l) {
            List<Config> out = new ArrayList<>(l.size());
            for (Object o : l) {
                if (!(o instanceof Config c)) throw wrong(key, "a list of layer configs");
                out.add(c);
            }
            return out;
        }
        throw wrong(key, "a list of layer configs");
    }

    @Override public boolean equals(Object o) {
        if (!(o instanceof Config c) || !type.equals(c.type) || !fields.keySet().equals(c.fields.keySet())) return false;
        for (Map.Entry<String, Object> e : fields.entrySet())
            if (!Objects.deepEquals(e.getValue(), c.fields.get(e.getKey()))) return false;
        return true;
    }

    @Override public int hashCode() { return type.hashCode() * 31 + fields.keySet().hashCode(); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(type).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            Object v = e.getValue();
            sb.append(e.getKey()).append('=').append(show(v));
        }
        return sb.append('}').toString();
    }
}
