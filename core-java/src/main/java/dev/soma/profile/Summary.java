package dev.soma.profile;

import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Shape;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A layer-by-layer table of a model for its input shapes, as torchinfo's {@code summary} or Keras'
 * {@code model.summary()}: computed from the layers' shape rules ({@link Module#outputShape}, {@link Module#macs})
 * without running the model. Sequential containers are opened (nested ones too, with dotted names); any other
 * module is one row and must have a shape rule. A model with several inputs (e.g. attention's query, key, value)
 * is summarised from one shape per input, through {@link Module#outputShape(int[]...)} and {@link Module#macs(int[]...)}.
 *
 * <p>Conventions: a MAC is one multiply-accumulate of a linear map (bias adds, element-wise layers and lookups
 * count 0) and FLOPs = 2·MACs. Every element takes 4 bytes (Soma stores all dtypes as float32). The forward
 * activation memory is the sum of the layers' outputs; the training estimate adds the input, since autograd keeps
 * each layer's input or output until backward reaches it (use {@link ActivationMemory#savedBytes} to measure).
 */
public final class Summary {
    /** Bytes per stored element: Soma keeps every dtype in a float32 array. */
    public static final int BYTES_PER_ELEMENT = 4;

    /** One row: a layer's dotted name ("" for a model that is a single layer), type, output shape, own parameter count, MACs. */
    public record Row(String name, String type, int[] outputShape, long parameters, long macs) {
        public Row { outputShape = outputShape.clone(); }

        /** A copy of the output shape. */
        @Override public int[] outputShape() { return outputShape.clone(); }

        /** The number of output elements. */
        public long outputElements() { return elements(outputShape); }
    }

    private final String modelType;
    private final int[][] inputShapes;
    private final int[] outputShape;
    private final List<Row> rows;
    private final long totalParameters, trainableParameters, bufferElements;

    private Summary(Module model, int[][] inputShapes, int[] outputShape, List<Row> rows) {
        this.modelType = model.typeName();
        this.inputShapes = inputShapes;
        this.outputShape = outputShape;
        this.rows = List.copyOf(rows);
        this.totalParameters = model.parameterCount();
        this.trainableParameters = model.trainableParameterCount();
        long b = 0;
        for (Tensor t : model.buffers()) b += t.numel();
        this.bufferElements = b;
    }

    /** The summary of {@code model} for an input of {@code inputShape} (batch dimension included). */
    public static Summary of(Module model, int... inputShape) {
        if (inputShape == null) throw new IllegalArgumentException("Summary: input shape must not be null");
        return of(model, new int[][] {inputShape});
    }

    /**
     * The summary of {@code model} for one input shape per input, in {@link Module#inputNames} order (batch dimension
     * included; null for an absent optional input), e.g. {@code Summary.of(attention, q, k, v)}.
     */
    public static Summary of(Module model, int[]... inputShapes) {
        if (model == null) throw new IllegalArgumentException("Summary: model must not be null");
        if (inputShapes == null || inputShapes.length == 0)
            throw new IllegalArgumentException("Summary: give at least one input shape");
        int[][] in = new int[inputShapes.length][];
        for (int i = 0; i < in.length; i++) {
            if (inputShapes[i] == null) continue;
            for (int s : inputShapes[i])
                if (s < 0) throw new IllegalArgumentException("Summary: input shape must have non-negative sizes, got " + Shape.str(inputShapes[i]));
            in[i] = inputShapes[i].clone();
        }
        if (in.length == 1 && in[0] == null) throw new IllegalArgumentException("Summary: input shape must not be null");
        List<Row> rows = new ArrayList<>();
        int[] out = walk("", model, copies(in), rows);
        return new Summary(model, in, out, rows);
    }

    // Opens Sequential containers (single-input chains); any other module is one row from its own shape rule.
    private static int[] walk(String name, Module m, int[][] in, List<Row> rows) {
        if (m instanceof Sequential && in.length == 1) {
            int[] x = in[0];
            for (Map.Entry<String, Module> e : m.namedChildren().entrySet())
                x = walk(name.isEmpty() ? e.getKey() : name + "." + e.getKey(), e.getValue(), new int[][] {x}, rows);
            return x;
        }
        int[] out = in.length == 1 ? m.outputShape(in[0]) : m.outputShape(copies(in));
        long macs = in.length == 1 ? m.macs(in[0]) : m.macs(copies(in));
        rows.add(new Row(name, m.typeName(), out, m.parameterCount(), macs));
        return out;
    }

    private static int[][] copies(int[][] shapes) {
        int[][] out = new int[shapes.length][];
        for (int i = 0; i < out.length; i++) out[i] = shapes[i] == null ? null : shapes[i].clone();
        return out;
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** The rows in forward order. */
    public List<Row> rows() { return rows; }

    /** A copy of the (first) input shape. */
    public int[] inputShape() { return inputShapes[0] == null ? null : inputShapes[0].clone(); }

    /** Copies of every input shape, in the model's input order (null for an absent optional input). */
    public List<int[]> inputShapes() {
        List<int[]> out = new ArrayList<>();
        for (int[] s : copies(inputShapes)) out.add(s);
        return Collections.unmodifiableList(out);
    }

    /** A copy of the model's output shape. */
    public int[] outputShape() { return outputShape.clone(); }

    /** The number of parameter elements, each shared tensor once. */
    public long totalParameters() { return totalParameters; }

    /** The parameter elements that require grad. */
    public long trainableParameters() { return trainableParameters; }

    /** The parameter elements that do not require grad (frozen). */
    public long frozenParameters() { return totalParameters - trainableParameters; }

    /** The number of buffer elements (running statistics and the like). */
    public long bufferElements() { return bufferElements; }

    /** Bytes of the parameters: elements × 4. */
    public long parameterBytes() { return totalParameters * BYTES_PER_ELEMENT; }

    /** Bytes of the buffers: elements × 4. */
    public long bufferBytes() { return bufferElements * BYTES_PER_ELEMENT; }

    /** The model's size in memory: (parameters + buffers) × 4 bytes. */
    public long modelSizeBytes() { return parameterBytes() + bufferBytes(); }

    /** Multiply-accumulates of one forward pass over the whole input (all of its batch). */
    public long macs() {
        long n = 0;
        for (Row r : rows) n += r.macs;
        return n;
    }

    /** Floating-point operations of one forward pass, taken as 2·MACs. */
    public long flops() { return 2 * macs(); }

    /** Bytes of one forward pass's activations: the sum of every layer's output elements × 4 (views included). */
    public long forwardActivationBytes() {
        long n = 0;
        for (Row r : rows) n += r.outputElements();
        return n * BYTES_PER_ELEMENT;
    }

    /**
     * Estimated bytes a training step keeps for backward: the inputs and every layer's output × 4, each alive until
     * backward reaches its layer (gradients, alive a layer at a time, and extra masks are not counted).
     */
    public long trainingActivationBytes() {
        long n = 0;
        for (int[] s : inputShapes) if (s != null) n += elements(s);
        return forwardActivationBytes() + n * BYTES_PER_ELEMENT;
    }

    /** The table, torchinfo-style: one line per layer, then the totals. */
    @Override public String toString() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"Layer (type)", "Output shape", "Param #", "MACs"});
        for (Row r : rows)
            cells.add(new String[] {r.name.isEmpty() ? r.type : r.name + " (" + r.type + ")", Shape.str(r.outputShape),
                    num(r.parameters), num(r.macs)});
        int[] w = new int[4];
        for (String[] c : cells) for (int i = 0; i < 4; i++) w[i] = Math.max(w[i], c[i].length());
        int width = w[0] + w[1] + w[2] + w[3] + 6;
        StringBuilder sb = new StringBuilder();
        sb.append(modelType).append(" summary for input").append(inputShapes.length == 1 ? " " : "s ");
        for (int i = 0; i < inputShapes.length; i++)
            sb.append(i == 0 ? "" : ", ").append(inputShapes[i] == null ? "None" : Shape.str(inputShapes[i]));
        sb.append('\n');
        String rule = "=".repeat(width) + "\n";
        for (int k = 0; k < cells.size(); k++) {
            String[] c = cells.get(k);
            sb.append(pad(c[0], w[0], false)).append("  ").append(pad(c[1], w[1], false)).append("  ")
                    .append(pad(c[2], w[2], true)).append("  ").append(pad(c[3], w[3], true)).append('\n');
            if (k == 0) sb.append(rule);
        }
        sb.append(rule);
        sb.append("Total params: ").append(num(totalParameters)).append('\n');
        sb.append("Trainable params: ").append(num(trainableParameters)).append('\n');
        sb.append("Frozen params: ").append(num(frozenParameters())).append('\n');
        sb.append("MACs: ").append(num(macs())).append("  (FLOPs = 2·MACs: ").append(num(flops())).append(")\n");
        sb.append(rule);
        sb.append("Model size: ").append(bytes(modelSizeBytes())).append(" (params ").append(bytes(parameterBytes()))
                .append(", buffers ").append(bytes(bufferBytes())).append(")\n");
        sb.append("Forward activations: ").append(bytes(forwardActivationBytes())).append('\n');
        sb.append("Training activations (est.): ").append(bytes(trainingActivationBytes())).append('\n');
        return sb.toString();
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }

    static String num(long n) { return String.format(Locale.ROOT, "%,d", n); }

    // Binary units, two decimals: 840 B, 12.82 KiB, 1.18 MiB.
    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n / 1024.0;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
