package dev.soma.optim;

import dev.soma.autograd.GradMode;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every optimizer (torch.optim.Optimizer): parameter groups with per-group hyper-parameters,
 * per-parameter state, {@link #step()} running each subclass's fused update over the parameters that have a
 * gradient, and a state dict from which a checkpoint resumes exactly.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<String, Object> defaults;
    private final IdentityHashMap<Tensor, Map<String, Object>> state = new IdentityHashMap<>();

    /** An unmodifiable options map in the given key order (key, value, key, value, …), for the option records. */
    static Map<String, Object> optionMap(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    /** An optimizer over {@code groups}; options a group lacks come from {@code defaults}. */
    protected Optimizer(List<ParamGroup> groups, Map<String, Object> defaults) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        if (groups.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** The hyper-parameters given at construction. */
    public Map<String, Object> defaults() { return defaults; }

    /** The parameter groups, in order (live: schedulers change their options). */
    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /** Adds a group (e.g. newly unfrozen layers); a parameter may belong to one group only. */
    public void addParamGroup(ParamGroup g) {
        for (ParamGroup other : groups)
            for (Tensor p : g.params())
                for (Tensor q : other.params())
                    if (p == q) throw new IllegalArgumentException("some parameters appear in more than one parameter group");
        for (Tensor p : g.params()) {
            if (!p.isLeaf()) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            if (!p.isContiguous()) throw new IllegalArgumentException("optimizer parameters must be contiguous tensors");
        }
        g.fillDefaults(defaults);
        validate(g);
        groups.add(g);
    }

    /** Checks a group's hyper-parameters, with PyTorch's messages ("Invalid learning rate: -1.0"). */
    protected abstract void validate(ParamGroup g);

    /**
     * Updates one parameter in place: its n values are p[0 .. n), its gradient's g[0 .. n); {@code state} is the
     * parameter's own map (buffers as contiguous Tensors, counters as Numbers), created empty. Every array starts
     * at index 0 so that loops index them alike, which JDK 17's JIT needs before it vectorises a loop (it cannot
     * rule out overlap between arrays read at different offsets); RMSprop's loop runs 8x faster so.
     */
    protected abstract void update(float[] p, float[] g, int n, ParamGroup group, Map<String, Object> state);

    /** One optimization step over every parameter that has a gradient. */
    public void step() {
        try (var off = GradMode.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    int n = p.numel(), po = p.storageOffset();
                    Tensor gc = grad.contiguous();
                    float[] ga = gc.storageOffset() == 0 ? gc.storageArray()
                            : Arrays.copyOfRange(gc.storageArray(), gc.storageOffset(), gc.storageOffset() + n);
                    // A parameter that starts inside its storage (a view) is updated in a copy written back after.
                    float[] pa = po == 0 ? p.storageArray() : Arrays.copyOfRange(p.storageArray(), po, po + n);
                    update(pa, ga, n, g, state.computeIfAbsent(p, k -> new LinkedHashMap<>()));
                    if (po != 0) System.arraycopy(pa, 0, p.storageArray(), po, n);
                    p.markModified();
                }
            }
        }
    }

    /** Clears the gradients of every parameter (torch's zero_grad with set_to_none). */
    public void zeroGrad() {
        for (ParamGroup g : groups) for (Tensor p : g.params()) p.setGrad(null);
    }

    /** The state of one parameter (empty before its first step). */
    public Map<String, Object> state(Tensor param) {
        Map<String, Object> s = state.get(param);
        return s == null ? Map.of() : Collections.unmodifiableMap(s);
    }

    /** The array of a state buffer of n values, created as zeros on first use. */
    protected static float[] buffer(Map<String, Object> state, String key, int n) {
        Object t = state.get(key);
        if (t == null) state.put(key, t = Tensor.zeros(n));
        return ((Tensor) t).storageArray();
    }

    /** A snapshot of the state (tensors copied) and the groups' options. */
    public OptimizerState stateDict() {
        Map<Integer, Map<String, Object>> packed = new LinkedHashMap<>();
        List<Map<String, Object>> packedGroups = new ArrayList<>();
        int index = 0;
        for (ParamGroup g : groups) {
            Map<String, Object> opts = g.optionsCopy();
            int[] ids = new int[g.params().size()];
            for (int i = 0; i < ids.length; i++, index++) {
                ids[i] = index;
                Map<String, Object> s = state.get(g.params().get(i));
                if (s != null) packed.put(index, copyState(s));
            }
            opts.put("params", ids);
            packedGroups.add(opts);
        }
        return new OptimizerState(packed, packedGroups);
    }

    /** Restores a snapshot taken from an optimizer of the same type over parameters of the same shapes. */
    public void loadStateDict(OptimizerState sd) {
        IdentityHashMap<Tensor, Map<String, Object>> restored = validated(sd);
        for (int gi = 0; gi < groups.size(); gi++)
            for (Map.Entry<String, Object> o : sd.paramGroups().get(gi).entrySet())
                if (!o.getKey().equals("params")) groups.get(gi).set(o.getKey(), o.getValue());
        state.clear();
        state.putAll(restored);
    }

    /**
     * Fails with IllegalArgumentException where {@link #loadStateDict} would refuse {@code sd}, changing nothing: groups
     * and their sizes, state for parameters no group holds, buffers of the wrong size, and options of another kind
     * than the group's own (a boolean where a number was, a betas list of another length). A loader that restores
     * several objects checks them all first, so that a refused file leaves every one of them as it was.
     */
    public void checkStateDict(OptimizerState sd) { validated(sd); }

    /** The checks of {@link #checkStateDict}; returns the per-parameter state that loading installs. */
    private IdentityHashMap<Tensor, Map<String, Object>> validated(OptimizerState sd) {
        if (sd.paramGroups().size() != groups.size())
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups ("
                    + sd.paramGroups().size() + " vs " + groups.size() + ")");
        Map<Integer, Tensor> byIndex = new LinkedHashMap<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            Object ids = sd.paramGroups().get(gi).get("params");
            List<Tensor> ps = groups.get(gi).params();
            if (!(ids instanceof int[] a) || a.length != ps.size())
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match the size of "
                        + "optimizer's group " + gi);
            for (int i = 0; i < a.length; i++) byIndex.put(a[i], ps.get(i));
        }
        IdentityHashMap<Tensor, Map<String, Object>> restored = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Object>> e : sd.state().entrySet()) {
            Tensor p = byIndex.get(e.getKey());
            if (p == null) throw new IllegalArgumentException("loaded optimizer state refers to parameter " + e.getKey()
                    + ", which no group holds");
            for (Object v : e.getValue().values())
                if (v instanceof Tensor t && t.numel() != p.numel() && t.numel() != 1)
                    throw new IllegalArgumentException("loaded optimizer state for parameter " + e.getKey() + " has a buffer of shape "
                            + java.util.Arrays.toString(t.shape()) + " for a parameter of shape " + java.util.Arrays.toString(p.shape()));
            for (Map.Entry<String, Object> v : e.getValue().entrySet())
                if (!(v.getValue() instanceof Tensor) && !(v.getValue() instanceof Number))
                    throw new IllegalArgumentException("loaded optimizer state for parameter " + e.getKey() + " has '" + v.getKey()
                            + "' = " + v.getValue() + ", expected a tensor or a number");
            restored.put(p, copyState(e.getValue()));
        }
        for (int gi = 0; gi < groups.size(); gi++)
            for (Map.Entry<String, Object> o : sd.paramGroups().get(gi).entrySet()) {
                if (o.getKey().equals("params")) continue;
                Object mine = groups.get(gi).options().get(o.getKey()), theirs = o.getValue();
                boolean fits = mine == null ? theirs == null || theirs instanceof Number || theirs instanceof Boolean
                        || theirs instanceof String || theirs instanceof double[]
                        : mine instanceof Number ? theirs instanceof Number
                        : mine instanceof double[] d ? theirs instanceof double[] t && t.length == d.length
                        : theirs != null && mine.getClass() == theirs.getClass();
                if (!fits)
                    throw new IllegalArgumentException("loaded parameter group " + gi + " has option '" + o.getKey() + "' = "
                            + show(theirs) + ", where this optimizer's group holds " + show(mine));
            }
        return restored;
    }

    private static String show(Object v) { return v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v); }

    private static Map<String, Object> copyState(Map<String, Object> s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.forEach((k, v) -> out.put(k, v instanceof Tensor t ? t.contiguousCopy() : v));
        return out;
    }

    /** Reads a step counter stored as a Number. */
    protected static long steps(Map<String, Object> s) {
        Object v = s.get("step");
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Fails unless {@code value} ≥ 0, with PyTorch's wording ("Invalid learning rate: …"). */
    protected static void checkNonNegative(String what, double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }

    /** Checks the options every Adam-style optimizer has: lr, eps, both betas and weight_decay. */
    protected static void checkAdamOptions(ParamGroup g) {
        checkNonNegative("learning rate", g.lr());
        checkNonNegative("epsilon value", g.getDouble("eps"));
        checkBetas(g);
        checkNonNegative("weight_decay value", g.getDouble("weight_decay"));
    }

    /** Checks both coefficients of the "betas" option. */
    protected static void checkBetas(ParamGroup g) {
        double[] b = g.getDoubles("betas");
        checkBeta(0, b[0]);
        checkBeta(1, b[1]);
    }

    /** Fails unless 0 ≤ beta < 1. */
    protected static void checkBeta(int index, double beta) {
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("Invalid beta parameter at index " + index + ": " + beta);
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < groups.size(); i++) {
            sb.append("\nParameter Group ").append(i);
            groups.get(i).options().forEach((k, v) -> sb.append("\n    ").append(k).append(": ")
                    .append(v instanceof double[] d ? java.util.Arrays.toString(d) : v));
        }
        return sb.append("\n)").toString();
    }
}
