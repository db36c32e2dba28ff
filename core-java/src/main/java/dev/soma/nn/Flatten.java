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

    @Override protected String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }

    @Override public Config config() { return Config.of("Flatten").put("start_dim", startDim).put("end_dim", endDim); }

    static Flatten fromConfig(Config c) { return new Flatten(c.getInt("start_dim", 1), c.getInt("end_dim", -1)); }
}
