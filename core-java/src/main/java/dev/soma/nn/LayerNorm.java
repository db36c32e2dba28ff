package dev.soma.nn;

import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * torch.nn.LayerNorm: normalises over the trailing dims given by normalized_shape with their mean and biased variance,
 * then ·weight + bias (elementwise, of normalized_shape; ones and zeros initially) when elementwise_affine.
 */
public final class LayerNorm extends Module {
    public final int[] normalizedShape;
    public final double eps;
    public final boolean elementwiseAffine;
    public final Parameter weight, bias;             // null unless elementwiseAffine (bias also null with bias=False)

    /** eps 1e-5, with elementwise affine weights. */
    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) { this(normalizedShape, eps, elementwiseAffine, true); }

    /** As torch.nn.LayerNorm(normalized_shape, eps, elementwise_affine, bias): bias=False keeps the weight only. */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        if (normalizedShape == null || normalizedShape.length == 0)
            throw new IllegalArgumentException("LayerNorm: normalized_shape must hold at least one size, got "
                    + (normalizedShape == null ? "null" : Shape.str(normalizedShape)));
        for (int s : normalizedShape)
            if (s <= 0) throw new IllegalArgumentException("LayerNorm: normalized_shape sizes must be positive, got " + Shape.str(normalizedShape));
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        weight = registerParameter("weight", elementwiseAffine ? Tensor.ones(normalizedShape) : null);
        this.bias = registerParameter("bias", elementwiseAffine && bias ? Tensor.zeros(normalizedShape) : null);
    }

    @Override public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return Functional.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** The input's shape, whose trailing dims must equal normalized_shape. */
    @Override public int[] outputShape(int[] x) {
        checkShape(x);
        int k = normalizedShape.length;
        if (x.length < k || !Arrays.equals(Arrays.copyOfRange(x, x.length - k, x.length), normalizedShape))
            throw new IllegalArgumentException(this + ": Given normalized_shape=" + Shape.str(normalizedShape)
                    + ", expected input with shape [*, " + Shape.str(normalizedShape).replaceAll("^\\[|\\]$", "")
                    + "], but got input of size " + Shape.str(x));
        return x.clone();
    }

    @Override protected String extraRepr() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < normalizedShape.length; i++) b.append(i > 0 ? ", " : "").append(normalizedShape[i]);
        b.append(normalizedShape.length == 1 ? ",)" : ")");
        return b + ", eps=" + BatchNormNd.pyFloat(eps) + ", elementwise_affine=" + BatchNormNd.pyBool(elementwiseAffine);
    }

    @Override public Config config() {
        Config c = Config.of("LayerNorm").put("normalized_shape", normalizedShape).put("eps", eps).put("elementwise_affine", elementwiseAffine);
        return elementwiseAffine && bias == null ? c.put("bias", false) : c;     // written only when off, as older files lack it
    }

    static LayerNorm fromConfig(Config c) {
        return new LayerNorm(c.getInts("normalized_shape"), c.getDouble("eps", 1e-5), c.getBoolean("elementwise_affine", true),
                c.getBoolean("bias", true));
    }
}
