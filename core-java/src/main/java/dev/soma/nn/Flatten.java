package dev.soma.nn;

import dev.soma.tensor.Tensor;

/** Flattens dims startDim..endDim into one (torch.nn.Flatten; defaults 1 and −1 keep the batch dim). */
public final class Flatten extends Module {
    public final int startDim, endDim;

    public Flatten() { this(1, -1); }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override public Tensor forward(Tensor input) { return input.flatten(startDim, endDim); }

    /** Dims start_dim..end_dim multiplied into one (a 0-d input gives (1)), as {@link Tensor#flatten(int, int)}. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        if (inputShape.length == 0) return new int[] {1};
        int s = shapeDim(startDim, inputShape), e = shapeDim(endDim, inputShape);
        if (s > e) throw shapeError("where start_dim " + startDim + " does not come after end_dim " + endDim, inputShape);
        int[] out = new int[inputShape.length - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) out[k++] = inputShape[i];
        long m = 1;
        for (int i = s; i <= e; i++) m *= inputShape[i];
        if (m > Integer.MAX_VALUE) throw shapeError("whose flattened size fits an int", inputShape);
        out[k++] = (int) m;
        for (int i = e + 1; i < inputShape.length; i++) out[k++] = inputShape[i];
        return out;
    }

    @Override protected String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }

    @Override public Config config() { return Config.of("Flatten").put("start_dim", startDim).put("end_dim", endDim); }

    static Flatten fromConfig(Config c) { return new Flatten(c.getInt("start_dim", 1), c.getInt("end_dim", -1)); }
}
