package dev.soma.nn;

import dev.soma.tensor.Tensor;

/**
 * Leaky ReLU with a learned slope: one shared, or one per channel (dim 1) with {@code numParameters} = C
 * (torch.nn.PReLU; the parameter "weight" starts at {@code init}, default 0.25).
 */
public final class PReLU extends Module {
    public final int numParameters;
    public final double init;
    public final Parameter weight;

    public PReLU() { this(1, 0.25); }

    public PReLU(int numParameters, double init) {
        if (numParameters < 1) throw new IllegalArgumentException("PReLU: num_parameters must be at least 1, got " + numParameters);
        this.numParameters = numParameters;
        this.init = init;
        weight = registerParameter("weight", Tensor.full(new int[] {numParameters}, (float) init));
    }

    @Override public Tensor forward(Tensor input) { return Functional.prelu(input, weight); }

    /** The input's shape; with one weight per channel, dim 1 (or the only dim's absence: 1 channel) must match. */
    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        if (numParameters != 1) {
            int channels = inputShape.length > 1 ? inputShape[1] : 1;
            if (inputShape.length == 0 || channels != numParameters)
                throw shapeError("with " + numParameters + " channels at dim 1", inputShape);
        }
        return inputShape.clone();
    }

    @Override protected String extraRepr() { return "num_parameters=" + numParameters; }

    @Override public Config config() { return Config.of("PReLU").put("num_parameters", numParameters).put("init", init); }

    static PReLU fromConfig(Config c) { return new PReLU(c.getInt("num_parameters", 1), c.getDouble("init", 0.25)); }
}
