package dev.soma.nn;

import dev.soma.nn.init.Init;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** y_k = x1ᵀ W_k x2 + b_k (torch.nn.Bilinear); W is (out, in1, in2), W and b ~ U(±1/√in1). Takes two inputs (see {@link Module}). */
public final class Bilinear extends Module {
    public final int in1Features, in2Features, outFeatures;
    public final Parameter weight, bias;

    public Bilinear(int in1Features, int in2Features, int outFeatures) { this(in1Features, in2Features, outFeatures, true); }

    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias) {
        this(in1Features, in2Features, outFeatures, bias, Generator.defaultGenerator());
    }

    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias, Generator g) {
        if (in1Features <= 0 || in2Features <= 0 || outFeatures <= 0)
            throw new IllegalArgumentException("Bilinear: feature sizes must be positive, got " + in1Features + ", " + in2Features
                    + ", " + outFeatures);
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        double bound = 1 / Math.sqrt(in1Features);
        weight = registerParameter("weight", Init.uniform_(Tensor.zeros(outFeatures, in1Features, in2Features), -bound, bound, g));
        this.bias = registerParameter("bias", bias ? Init.uniform_(Tensor.zeros(outFeatures), -bound, bound, g) : null);
    }

    private static final List<String> INPUTS = List.of("input1", "input2");

    /** The two inputs of torch.nn.Bilinear's forward: input1 (*, in1) and input2 (*, in2). */
    @Override public List<String> inputNames() { return INPUTS; }

    /** The bilinear form of the two inputs, (*, in1) and (*, in2) → (*, out). */
    public Tensor forward(Tensor x1, Tensor x2) {
        if (x1 == null || x2 == null) throw new IllegalArgumentException(this + ": inputs must not be null");
        if (x1.dim() == 0 || x1.size(-1) != in1Features || x2.dim() == 0 || x2.size(-1) != in2Features)
            throw new IllegalArgumentException(this + ": expected inputs (*, " + in1Features + ") and (*, " + in2Features
                    + "), got " + Arrays.toString(x1.shape()) + " and " + Arrays.toString(x2.shape()));
        return Functional.bilinear(x1, x2, weight, bias);
    }

    /** {@link #forward(Tensor, Tensor)} through the general entry point: exactly two inputs. */
    @Override public Tensor forward(Tensor... inputs) {
        checkInputs(inputs);
        return forward(inputs[0], inputs[1]);
    }

    /** (*, in1) and (*, in2) with equal leading dims → (*, out). */
    @Override public int[] outputShape(int[]... inputShapes) {
        checkInputShapes(inputShapes);
        int[] s1 = inputShapes[0], s2 = inputShapes[1];
        int n1 = s1.length, n2 = s2.length;
        if (n1 == 0 || n2 == 0 || s1[n1 - 1] != in1Features || s2[n2 - 1] != in2Features
                || !Arrays.equals(s1, 0, n1 - 1, s2, 0, n2 - 1))
            throw new IllegalArgumentException(this + ": expected inputs (*, " + in1Features + ") and (*, " + in2Features
                    + ") with the same leading dims, got " + Arrays.toString(s1) + " and " + Arrays.toString(s2));
        int[] out = s1.clone();
        out[n1 - 1] = outFeatures;
        return out;
    }

    /** rows · in1 · in2 · out multiply-accumulates (the bias adds are not counted). */
    @Override public long macs(int[]... inputShapes) {
        outputShape(inputShapes);
        return leadingCount(inputShapes[0]) * in1Features * in2Features * outFeatures;
    }

    @Override protected String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures + ", bias="
                + (bias != null ? "True" : "False");
    }

    @Override public Config config() {
        return Config.of("Bilinear").put("in1_features", in1Features).put("in2_features", in2Features)
                .put("out_features", outFeatures).put("bias", bias != null);
    }

    static Bilinear fromConfig(Config c) {
        return new Bilinear(c.getInt("in1_features"), c.getInt("in2_features"), c.getInt("out_features"), c.getBoolean("bias", true));
    }
}
