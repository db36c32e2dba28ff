package dev.soma.nn;

import dev.soma.tensor.Tensor;
import java.util.Arrays;

/**
 * A residual connection: y = body(x) + shortcut(x), where the shortcut is the identity or a projection (a 1×1
 * convolution or a Linear that matches the body's output shape). Children are named "body" and "shortcut".
 */
public final class Residual extends Module {
    private final Module body, shortcut;

    /** body(x) + x. */
    public Residual(Module body) { this(body, null); }

    /** body(x) + projection(x); a null projection is the identity. */
    public Residual(Module body, Module projection) {
        if (body == null) throw new IllegalArgumentException("Residual: the body must not be null");
        this.body = registerModule("body", body);
        this.shortcut = projection == null ? null : registerModule("shortcut", projection);
    }

    @Override public Tensor forward(Tensor x) {
        Tensor y = body.forward(x), s = shortcut == null ? x : shortcut.forward(x);
        if (!Arrays.equals(y.shape(), s.shape()))
            throw new IllegalArgumentException("Residual: the body gives " + Arrays.toString(y.shape()) + " but the shortcut gives "
                    + Arrays.toString(s.shape()) + "; add a projection that maps the input to the body's output shape");
        return y.add(s);
    }

    /** True when the body and the shortcut (if any) have shape rules. */
    @Override public boolean hasShapeRule() { return body.hasShapeRule() && (shortcut == null || shortcut.hasShapeRule()); }

    @Override public int[] outputShape(int[] inputShape) {
        checkShape(inputShape);
        int[] y = body.outputShape(inputShape), s = shortcut == null ? inputShape.clone() : shortcut.outputShape(inputShape);
        if (!Arrays.equals(y, s))
            throw new IllegalArgumentException("Residual: the body gives " + Arrays.toString(y) + " but the shortcut gives "
                    + Arrays.toString(s) + " for input " + Arrays.toString(inputShape)
                    + "; add a projection that maps the input to the body's output shape");
        return y;
    }

    @Override public long macs(int[] inputShape) {
        return body.macs(inputShape) + (shortcut == null ? 0 : shortcut.macs(inputShape));
    }

    @Override public Config config() {
        Config c = Config.of("Residual").put("body", body.config());
        return shortcut == null ? c : c.put("shortcut", shortcut.config());
    }

    static Residual fromConfig(Config c) {
        return new Residual(ModuleFactory.build(c.getConfig("body")), c.has("shortcut") ? ModuleFactory.build(c.getConfig("shortcut")) : null);
    }
}
