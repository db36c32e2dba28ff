package dev.soma.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-epoch metrics of a training run, by name ("loss", "accuracy", and "val_" + name for validation), in
 * the order they were first recorded. An epoch's missing metric is NaN.
 */
public final class History {
    private final LinkedHashMap<String, List<Double>> metrics = new LinkedHashMap<>();
    private int epochs;

    /** Records the metrics of the next epoch. */
    public synchronized void addEpoch(Map<String, Double> values) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            List<Double> column = metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(epochs, Double.NaN)));
            column.add(e.getValue());
        }
        epochs++;
        for (List<Double> column : metrics.values()) while (column.size() < epochs) column.add(Double.NaN);
    }

    /** A separate history with the same epochs and values. */
    public synchronized History copy() {
        History h = new History();
        for (Map.Entry<String, List<Double>> e : metrics.entrySet()) h.metrics.put(e.getKey(), new ArrayList<>(e.getValue()));
        h.epochs = epochs;
        return h;
    }

    /** The number of epochs recorded. */
    public synchronized int epochs() { return epochs; }

    /** The metric names, in first-recorded order. */
    public synchronized List<String> metricNames() { return List.copyOf(metrics.keySet()); }

    /** Whether {@code name} was recorded. */
    public synchronized boolean has(String name) { return metrics.containsKey(name); }

    /** One metric's value per epoch. */
    public synchronized double[] values(String name) {
        List<Double> column = metrics.get(name);
        if (column == null) throw new IllegalArgumentException("history has no metric '" + name + "' (has " + metrics.keySet() + ")");
        return column.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The value of {@code name} in the last epoch (NaN before any). */
    public synchronized double last(String name) {
        double[] v = values(name);
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }

    /** Writes "epoch,metric1,metric2,…" and one row per epoch (epochs counted from 1). */
    public synchronized void writeCsv(Writer out) throws IOException {
        out.write("epoch");
        for (String name : metrics.keySet()) out.write("," + name);
        out.write("\n");
        for (int e = 0; e < epochs; e++) {
            out.write(Integer.toString(e + 1));
            for (List<Double> column : metrics.values()) {
                double v = column.get(e);
                out.write("," + (Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v)));
            }
            out.write("\n");
        }
    }

    /**
     * A small table, one row per epoch (counted from 1) and one column per metric, values to 4 significant digits
     * and a missing one blank: what {@code println(history)} shows.
     */
    @Override public synchronized String toString() {
        if (epochs == 0) return "History: no epochs" + (metrics.isEmpty() ? "" : " (metrics " + metrics.keySet() + ")");
        List<List<String>> columns = new ArrayList<>();
        List<String> epochColumn = new ArrayList<>(List.of("epoch"));
        for (int e = 1; e <= epochs; e++) epochColumn.add(Integer.toString(e));
        columns.add(epochColumn);
        for (Map.Entry<String, List<Double>> m : metrics.entrySet()) {
            List<String> column = new ArrayList<>(List.of(m.getKey()));
            for (double v : m.getValue()) column.add(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v));
            columns.add(column);
        }
        StringBuilder out = new StringBuilder();
        for (int row = 0; row <= epochs; row++) {
            for (int c = 0; c < columns.size(); c++) {
                List<String> column = columns.get(c);
                int width = column.stream().mapToInt(String::length).max().orElse(0);
                if (c > 0) out.append("  ");
                out.append(" ".repeat(width - column.get(row).length())).append(column.get(row));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@link #writeCsv(Writer)} to a file (UTF-8), creating its folder. */
    public void writeCsv(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCsv(w);
        }
    }
}
