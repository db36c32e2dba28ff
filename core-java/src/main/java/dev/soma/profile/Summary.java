package dev.soma.profile;

import dev.soma.autograd.GradMode;
import dev.soma.autograd.Node;
import dev.soma.nn.Bilinear;
import dev.soma.nn.Embedding;
import dev.soma.nn.Linear;
import dev.soma.nn.Maxout;
import dev.soma.nn.Module;
import dev.soma.nn.Parameter;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a model costs, like torchinfo/Keras summaries: per layer its output shape, parameters and
 * multiply-accumulates for one input batch; in total parameters (trainable, frozen), model size, MACs, FLOPs
 * (2 per MAC), the activation memory of a forward pass, and the memory a training step keeps alive for backward.
 * Shapes come from running the model once on zeros, so every layer type gets them.
 */
public final class Summary {
    /** One layer: dotted name, type, output shape, parameter count and MACs. */
    public record Row(String name, String type, int[] outputShape, long parameters, long macs) {}

    private final List<Row> rows;
    private final int[] inputShape;
    private final long trainable, frozen, sizeBytes, macs, activationBytes, trainingBytes;

    private Summary(List<Row> rows, int[] inputShape, long trainable, long frozen, long sizeBytes, long macs, long activationBytes,
                    long trainingBytes) {
        this.rows = rows;
        this.inputShape = inputShape;
        this.trainable = trainable;
        this.frozen = frozen;
        this.sizeBytes = sizeBytes;
        this.macs = macs;
        this.activationBytes = activationBytes;
        this.trainingBytes = trainingBytes;
    }

    /** The summary of {@code model} for one float input of {@code inputShape} (batch dim included). */
    public static Summary of(Module model, int... inputShape) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Row> rows = new ArrayList<>();
        long[] totals = new long[2];    // macs, activation bytes
        try (var off = GradMode.noGrad()) {
            walk("", model, Tensor.zeros(inputShape), rows, totals);
        } finally {
            model.train(wasTraining);
        }
        long trainable = 0, frozen = 0, size = 0;
        for (Parameter p : model.parameters()) {
            if (p.requiresGrad()) trainable += p.numel();
            else frozen += p.numel();
            size += 4L * p.numel();
        }
        for (Tensor b : model.buffers()) size += (b.dtype() == dev.soma.tensor.DType.INT64 ? 8L : 4L) * b.numel();
        return new Summary(Collections.unmodifiableList(rows), inputShape.clone(), trainable, frozen, size, totals[0], totals[1],
                trainingBytes(model, inputShape));
    }

    /** Runs x through m, a row per leaf (containers are walked in order); returns m's output. */
    private static Tensor walk(String name, Module m, Tensor x, List<Row> rows, long[] totals) {
        if (m instanceof Sequential) {
            for (Map.Entry<String, Module> c : m.namedChildren().entrySet())
                x = walk(name.isEmpty() ? c.getKey() : name + "." + c.getKey(), c.getValue(), x, rows, totals);
            return x;
        }
        Tensor y = m.forward(x);
        long params = 0;
        for (Parameter p : m.parameters()) params += p.numel();
        long macs = macs(m, x.shape(), y.shape());
        rows.add(new Row(name.isEmpty() ? "(model)" : name, m.typeName(), y.shape(), params, macs));
        totals[0] += macs;
        totals[1] += 4L * y.numel();
        return y;
    }

    /** Exact multiply-accumulates of one call; 0 for layers without products (activations, reshapes, lookups). */
    static long macs(Module m, int[] in, int[] out) {
        long rows = 1;
        for (int i = 0; i < out.length - 1; i++) rows *= out[i];
        if (m instanceof Linear l) return rows * l.inFeatures * l.outFeatures;
        if (m instanceof Maxout mx) return rows * mx.inFeatures * mx.outFeatures * mx.pieces;
        if (m instanceof Bilinear b) return rows * (long) b.in1Features * b.in2Features * b.outFeatures;
        if (m instanceof Embedding) return 0;
        return 0;
    }

    /**
     * Bytes of the distinct non-parameter tensors a training forward keeps referenced from its graph (inputs and
     * saved tensors of every node, plus the output): what backward needs alive at its start.
     */
    static long trainingBytes(Module model, int[] inputShape) {
        boolean wasTraining = model.isTraining();
        model.train();
        try {
            Tensor out = model.forward(Tensor.zeros(inputShape));
            Set<Tensor> params = Collections.newSetFromMap(new IdentityHashMap<>());
            params.addAll(model.parameters());
            Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
            ArrayDeque<Node> todo = new ArrayDeque<>();
            long bytes = 4L * out.numel();
            seen.add(out);
            if (out.gradFn() != null) todo.add(out.gradFn());
            while (!todo.isEmpty()) {
                Node n = todo.poll();
                if (!visited.add(n)) continue;
                for (Tensor t : n.retained()) {
                    if (!params.contains(t) && seen.add(t)) bytes += 4L * t.numel();
                    if (t.gradFn() != null) todo.add(t.gradFn());
                }
            }
            return bytes;
        } finally {
            model.train(wasTraining);
        }
    }

    public List<Row> rows() { return rows; }

    public long trainableParameters() { return trainable; }

    public long frozenParameters() { return frozen; }

    public long parameters() { return trainable + frozen; }

    /** Parameters and buffers, in bytes. */
    public long modelSizeBytes() { return sizeBytes; }

    public long macs() { return macs; }

    /** 2 FLOPs per multiply-accumulate. */
    public long flops() { return 2 * macs; }

    /** The sum of every layer's output, in bytes, for one forward pass. */
    public long activationBytes() { return activationBytes; }

    /** What a training step keeps alive for backward, in bytes (see {@link #trainingBytes}). */
    public long trainingActivationBytes() { return trainingBytes; }

    @Override public String toString() {
        int nameW = 10, typeW = 6, shapeW = 12;
        for (Row r : rows) {
            nameW = Math.max(nameW, r.name.length());
            typeW = Math.max(typeW, r.type.length());
            shapeW = Math.max(shapeW, Arrays.toString(r.outputShape).length());
        }
        String fmt = "%-" + nameW + "s  %-" + typeW + "s  %-" + shapeW + "s  %,12d  %,14d%n";
        String head = String.format(Locale.ROOT, "%-" + nameW + "s  %-" + typeW + "s  %-" + shapeW + "s  %12s  %14s%n",
                "Layer", "Type", "Output shape", "Params", "MACs");
        StringBuilder sb = new StringBuilder();
        String rule = "-".repeat(head.length() - 1) + "\n";
        sb.append(rule).append(head).append(rule);
        for (Row r : rows) sb.append(String.format(Locale.ROOT, fmt, r.name, r.type, Arrays.toString(r.outputShape), r.parameters, r.macs));
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "Input shape: %s%n", Arrays.toString(inputShape)));
        sb.append(String.format(Locale.ROOT, "Parameters: %,d (trainable %,d, frozen %,d)%n", parameters(), trainable, frozen));
        sb.append(String.format(Locale.ROOT, "Model size: %s%n", bytes(sizeBytes)));
        sb.append(String.format(Locale.ROOT, "MACs: %,d   FLOPs: %,d%n", macs, flops()));
        sb.append(String.format(Locale.ROOT, "Forward activations: %s   Kept for backward in training: %s%n", bytes(activationBytes),
                bytes(trainingBytes)));
        return sb.append(rule).toString();
    }

    private static String bytes(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        return String.format(Locale.ROOT, "%.2f MiB", b / (1024.0 * 1024));
    }
}
