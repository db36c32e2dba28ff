package dev.soma.bench;

import dev.soma.autograd.GradMode;
import dev.soma.nn.MultiheadAttention;
import dev.soma.tensor.Attention;
import dev.soma.tensor.Generator;
import dev.soma.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory report of issue 14: the peak heap of one inference forward of self-attention (MultiheadAttention, d_model
 * 256, 8 heads, batch 1, batch first, no grad) at sequence length 4096 on the plain path (the (8, L, L) weights) and on
 * the blocked one, and the largest sequence length each fits into a 1 GB heap. Every figure comes from a child JVM:
 * {@code forward L plain|blocked} prints the peak heap growth of one forward (the sum of the heap pools' peak usages
 * after a GC and a peak reset, minus the usage before, in a JVM with an 8 MB young generation: an upper bound, as
 * pools peak at different moments and garbage counts until collected); the fit search runs the same forward in children
 * started with only -Xmx1g (the default collector) over increasing lengths. The blocked path's compute
 * grows as L², so its search stops at a time budget and the report extrapolates its linear memory to 1 GB.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/classes:core-java/target/classes
 * dev.soma.bench.AttentionMemory} (after {@code ./mvnw -B -q -o -pl benchmarks -am package -DskipTests}).
 */
public final class AttentionMemory {
    private static final int D_MODEL = 256, HEADS = 8;
    private static final long BLOCKED_BUDGET_SECONDS = 150;
    private static final String FIT_HEAP = "1g", MEASURE_HEAP = "4g";

    private AttentionMemory() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("forward")) {
            long peak = forwardPeak(Integer.parseInt(args[1]), args[2].equals("blocked"));
            System.out.println("peak_bytes " + peak);
            return;
        }
        report();
    }

    /** The peak heap growth of one self-attention forward over (1, len, 256). */
    static long forwardPeak(int len, boolean blocked) {
        MultiheadAttention m = new MultiheadAttention(D_MODEL, HEADS, 0.0, true, false, false, null, null, true);
        m.eval();
        Tensor x = Tensor.randn(new Generator(0), 1, len, D_MODEL);
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) heap.add(p);
        System.gc();
        long before = 0;
        for (MemoryPoolMXBean p : heap) {
            before += p.getUsage().getUsed();
            p.resetPeakUsage();
        }
        Tensor y;
        try (var g = GradMode.noGrad(); var path = Attention.usePath(blocked ? Attention.Path.BLOCKED : Attention.Path.PLAIN)) {
            y = m.forward(x, x, x);
        }
        long peak = 0;
        for (MemoryPoolMXBean p : heap) peak += p.getPeakUsage().getUsed();
        if (y.numel() != len * D_MODEL) throw new IllegalStateException("unexpected output " + java.util.Arrays.toString(y.shape()));
        return peak - before;
    }

    private record Run(boolean ok, long peakBytes, double seconds) {}

    // One child JVM running one forward; ok is false when it ran out of heap (or failed otherwise).
    private static Run child(int len, boolean blocked, String xmx) throws Exception {
        // Measuring: a small young generation keeps short-lived garbage from inflating the pools' peaks. Fitting: the
        // JVM's default collector and sizing, -Xmx1g and nothing else.
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--add-modules", "jdk.incubator.vector", "-Xmx" + xmx));
        if (!xmx.equals(FIT_HEAP)) cmd.addAll(List.of("-Xmn8m", "-XX:+UseSerialGC"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AttentionMemory.class.getName(), "forward", Integer.toString(len),
                blocked ? "blocked" : "plain"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = -1;
        for (String line : out.split("\n")) if (line.startsWith("peak_bytes ")) peak = Long.parseLong(line.substring(11).trim());
        boolean ok = rc == 0 && peak >= 0;
        if (!ok && !out.contains("OutOfMemoryError")) throw new IllegalStateException("child failed (" + rc + "): " + out);
        return new Run(ok, peak, s);
    }

    private static String javaBinary() { return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    private static String mb(long bytes) { return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0); }

    private static void report() throws Exception {
        System.out.println("self-attention forward, d_model 256, 8 heads, batch 1, no grad; peak heap growth of one forward:");
        Run plain4096 = child(4096, false, MEASURE_HEAP), blocked4096 = child(4096, true, MEASURE_HEAP);
        System.out.println("  L=4096 plain:   " + mb(plain4096.peakBytes()) + " (" + String.format(Locale.ROOT, "%.1f s", plain4096.seconds()) + ")");
        System.out.println("  L=4096 blocked: " + mb(blocked4096.peakBytes()) + " (" + String.format(Locale.ROOT, "%.1f s", blocked4096.seconds()) + ")");

        // Plain: grow by 512 until a -Xmx1g child fails, then bisect to 64.
        int lo = 0, hi = 0;
        for (int len = 1024; ; len += 512) {
            if (child(len, false, FIT_HEAP).ok()) lo = len;
            else {
                hi = len;
                break;
            }
        }
        while (hi - lo > 64) {
            int mid = (lo + hi) / 2 / 64 * 64;
            if (child(mid, false, FIT_HEAP).ok()) lo = mid;
            else hi = mid;
        }
        System.out.println("  largest L in -Xmx1g, plain path: " + lo + " (fails at " + hi + ")");

        // Blocked: double until a child fails or takes longer than the budget (its compute grows as L²).
        int fits = 0;
        long lastPeak = blocked4096.peakBytes();
        int lastLen = 4096;
        for (int len = 8192; ; len *= 2) {
            Run r = child(len, true, FIT_HEAP);
            if (!r.ok()) {
                System.out.println("  blocked path: fails at " + len);
                break;
            }
            fits = len;
            lastPeak = child(len, true, MEASURE_HEAP).peakBytes();
            lastLen = len;
            System.out.println("  blocked L=" + len + " fits in 1 GB, peak " + mb(lastPeak) + String.format(Locale.ROOT, " (%.0f s)", r.seconds()));
            if (r.seconds() * 4 > BLOCKED_BUDGET_SECONDS) break;
        }
        double perToken = (double) (lastPeak - blocked4096.peakBytes()) / (lastLen - 4096);
        long extrapolated = (long) (4096 + ((1L << 30) - blocked4096.peakBytes()) / perToken);
        System.out.println("  largest L in -Xmx1g, blocked path: at least " + fits + " (ran it); its peak grows "
                + String.format(Locale.ROOT, "%.0f", perToken) + " bytes per token, which reaches 1 GB near L = " + extrapolated);
    }
}
