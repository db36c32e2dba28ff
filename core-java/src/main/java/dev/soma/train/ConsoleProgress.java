package dev.soma.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training on the console: on a terminal a live progress bar per epoch (batches, ETA, running metrics,
 * samples/s) drawn by the progressbar library; otherwise (CI, logs) one plain line per epoch.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final boolean live;
    private ProgressBar bar;

    /** Live bars when the JVM has a terminal, plain lines otherwise, on standard output. */
    public ConsoleProgress() { this(System.out, System.console() != null); }

    public ConsoleProgress(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    @Override public void onEpochStart(int epoch, int epochs, int batches) {
        if (!live) return;
        bar = new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1) + "/" + epochs).setInitialMax(Math.max(batches, 0))
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().setUnit(" batches", 1).build();
    }

    @Override public void onBatch(int epoch, int batch, int batches, Map<String, Double> running, double samplesPerSecond) {
        if (bar == null) return;
        bar.stepTo(batch + 1);
        bar.setExtraMessage(format(running) + String.format(Locale.ROOT, "  %.0f samples/s", samplesPerSecond));
    }

    @Override public void onEpochEnd(int epoch, int epochs, Map<String, Double> logs, double seconds, double samplesPerSecond) {
        if (bar != null) {
            bar.setExtraMessage(format(logs));
            bar.close();
            bar = null;
        }
        out.println(line(epoch, epochs, logs, seconds, samplesPerSecond));
    }

    /** "epoch 3/5  loss 0.4213  accuracy 0.8512  val_loss 0.4710  12.3s  4876 samples/s". */
    static String line(int epoch, int epochs, Map<String, Double> logs, double seconds, double samplesPerSecond) {
        return String.format(Locale.ROOT, "epoch %d/%d  %s  %.1fs  %.0f samples/s", epoch + 1, epochs, format(logs), seconds,
                samplesPerSecond);
    }

    private static String format(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (sb.length() > 0) sb.append("  ");
            sb.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return sb.toString();
    }
}
