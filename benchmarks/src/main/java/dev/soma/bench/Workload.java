package dev.soma.bench;

/** One workload of WORKLOADS.md (W1, W1t, ...): builds its data, times itself and emits its measurements. */
public interface Workload {
    /** The workload id as in WORKLOADS.md and torch_workloads.py, e.g. "W1t". */
    String id();

    /** Runs every case of the workload and emits one line per measurement. */
    void run(Report report, Timing timing);
}
