package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Splits one dim into the given sizes (torch.nn.Unflatten). */
public final class Unflatten extends Module {
    public final int dim;
    private final int[] unflattenedSize;

    public Unflatten(int dim, int... unflattenedSize) {
        if (unflattenedSize.length == 0) throw new IllegalArgumentException("Unflatten: unflattened_size must not be empty");
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    /** The sizes the dim is split into. */
    public int[] unflattenedSize() { return unflattenedSize.clone(); }

    @Override public Tensor forward(Tensor input) { return input.unflatten(dim, unflattenedSize); }

    @Override protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + java.util.Arrays.toString(unflattenedSize).replace('[', '(').replace(']', ')');
    }

    @Override public Config config() { return Config.of("Unflatten").put("dim", dim).put("unflattened_size", unflattenedSize); }

    static Unflatten fromConfig(Config c) { return new Unflatten(c.getInt("dim"), c.getInts("unflattened_size")); }
}
