package dev.soma.bench;

import dev.soma.tensor.Tensor;
import java.lang.management.ManagementFactory;

/**
 * SPIN (Soma only): the CPU the process burns while an application calls one small parallel op per millisecond for
 * 10 s (an add of 65,536 floats, large enough to fork), in cores used per wall-clock second. The kernel threads'
 * spin between jobs shows here: a library that idles between calls should cost little more than the ops themselves.
 */
public final class IdleForks implements Workload {
    @Override public String id() { return "SPIN"; }

    @Override
    public void run(Report report, Timing timing) {
        Tensor a = Tensor.randn(256, 256), b = Tensor.randn(256, 256);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double seconds = timing.quick() ? 1 : 10;
        for (int i = 0; i < 2000; i++) a.add(b);    // compiled before measuring
        OtherCpu.Sample before = OtherCpu.sample();
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime(), calls = 0, opNanos = 0;
        while (System.nanoTime() - t0 < seconds * 1e9) {
            long s = System.nanoTime();
            a.add(b);
            opNanos += System.nanoTime() - s;
            calls++;
            long next = t0 + calls * 1_000_000L;
            while (System.nanoTime() < next) java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
        }
        double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        Double otherCpu = OtherCpu.cores(before, OtherCpu.sample());
        report.emit(id(), "one 65536-float add per ms", "cores_busy", cpu / wall, (int) calls, otherCpu);
        report.emit(id(), "one 65536-float add per ms", "op_us", opNanos / 1e3 / calls, (int) calls, otherCpu);
    }
}
