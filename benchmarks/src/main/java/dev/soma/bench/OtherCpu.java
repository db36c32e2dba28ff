package dev.soma.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores' worth of CPU other processes used while a figure was timed, measured as torch_workloads.py's
 * {@code other_cores} does: CPU time of the whole machine (/proc/stat, all but idle and iowait) minus this
 * process's own CPU time, over the wall-clock time between two samples. Null where /proc/stat is unreadable.
 */
public final class OtherCpu {
    // /proc/stat counts in USER_HZ, which Linux fixes at 100 for user space (what sysconf(_SC_CLK_TCK) returns).
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private OtherCpu() {}

    /** One reading: wall seconds, CPU seconds of all processes, CPU seconds of this one. */
    public record Sample(double wallSeconds, double machineSeconds, double ownSeconds) {}

    /** A reading now, or null when the machine's CPU counters cannot be read (not Linux). */
    public static Sample sample() {
        double wall = System.nanoTime() * 1e-9;
        String first;
        try (var lines = Files.lines(PROC_STAT)) {
            first = lines.findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Double machine = first == null ? null : busySeconds(first);
        long own = ownCpuNanos();
        if (machine == null || own < 0) return null;
        return new Sample(wall, machine, own * 1e-9);
    }

    /** Cores' worth of CPU other processes used between two samples; null if either is null. */
    public static Double cores(Sample before, Sample after) {
        if (before == null || after == null) return null;
        double wall = after.wallSeconds() - before.wallSeconds();
        if (wall <= 0) return 0.0;
        double others = (after.machineSeconds() - before.machineSeconds()) - (after.ownSeconds() - before.ownSeconds());
        return Math.max(0.0, others) / wall;
    }

    /**
     * Busy seconds from /proc/stat's first line, "cpu user nice system idle iowait irq softirq steal ...": the sum of
     * the first eight counters less idle and iowait; null if the line is not that.
     */
    static Double busySeconds(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 9 || !f[0].equals("cpu")) return null;
        long total = 0;
        try {
            for (int i = 1; i <= 8; i++) total += Long.parseLong(f[i]);
            total -= Long.parseLong(f[4]) + Long.parseLong(f[5]);
        } catch (NumberFormatException e) {
            return null;
        }
        return total / TICKS_PER_SECOND;
    }

    private static long ownCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();   // -1 if unknown
        return -1;
    }
}
