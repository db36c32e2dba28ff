package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Branches applied to the same input, merged by concatenation along {@code dim} (inception-style) or by
 * summation (equal shapes). Children are named 0, 1, ….
 */
public final class Parallel extends Module {
    /** How branch outputs are combined. */
    public enum Merge { CONCAT, ADD }

    private final List<Module> branches = new ArrayList<>();
    public final Merge merge;
    public final int dim;

    public Parallel(Merge merge, int dim, List<? extends Module> branches) {
        if (branches.isEmpty()) throw new IllegalArgumentException("Parallel: needs at least one branch");
        this.merge = merge;
        this.dim = dim;
        for (Module b : branches) this.branches.add(registerModule(Integer.toString(this.branches.size()), b));
    }

    @Override public Tensor forward(Tensor x) {
        Tensor[] outs = new Tensor[branches.size()];
        for (int i = 0; i < outs.length; i++) outs[i] = branches.get(i).forward(x);
        if (merge == Merge.CONCAT) return Tensor.cat(outs, dim);
        Tensor sum = outs[0];
        for (int i = 1; i < outs.length; i++) sum = sum.add(outs[i]);
        return sum;
    }

    /** True when every branch has a shape rule. */
    @Override public boolean hasShapeRule() {
        for (Module b : branches) if (!b.hasShapeRule()) return false;
        return true;
    }

    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        int[] first = branches.get(0).outputShape(inputShape);
        int d = merge == Merge.CONCAT ? shapeDim(dim, first) : -1;
        int[] out = first.clone();
        for (int i = 1; i < branches.size(); i++) {
            int[] s = branches.get(i).outputShape(inputShape);
            boolean fits = s.length == first.length;
            for (int k = 0; fits && k < s.length; k++) fits = k == d || s[k] == first[k];
            if (!fits)
                throw new IllegalArgumentException("Parallel(" + merge.name().toLowerCase() + "): branch " + i + " gives "
                        + Arrays.toString(s) + ", branch 0 gives " + Arrays.toString(first)
                        + (merge == Merge.CONCAT ? "; they must match except in dim " + dim : "; they must be equal"));
            if (d >= 0) out[d] += s[d];
        }
        return out;
    }

    @Override public long macs(int[] inputShape) {
        long n = 0;
        for (Module b : branches) n += b.macs(inputShape);
        return n;
    }

    @Override protected String extraRepr() { return "merge=" + merge.name().toLowerCase() + (merge == Merge.CONCAT ? ", dim=" + dim : ""); }

    @Override public Config config() {
        List<Config> cs = new ArrayList<>();
        for (Module b : branches) cs.add(b.config());
        return Config.of("Parallel").put("merge", merge.name().toLowerCase()).put("dim", dim).put("branches", cs);
    }

    static Parallel fromConfig(Config c) {
        List<Module> bs = new ArrayList<>();
        for (Config b : c.getConfigs("branches")) bs.add(ModuleFactory.build(b));
        String merge = c.getString("merge", "concat");
        return new Parallel(switch (merge) {
            case "concat" -> Merge.CONCAT;
            case "add" -> Merge.ADD;
            default -> throw new IllegalArgumentException("Parallel config: merge must be concat or add, got " + merge);
        }, c.getInt("dim", 1), bs);
    }
}
