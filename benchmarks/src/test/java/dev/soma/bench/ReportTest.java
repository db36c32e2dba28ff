package dev.soma.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @Test
    void formatsALineInThePyTorchSchema() {
        assertEquals("{\"workload\": \"W1\", \"case\": \"n=1024\", \"metric\": \"gflops\", \"value\": 161.234568,"
                        + " \"threads\": 2, \"framework\": \"soma\", \"version\": \"" + Report.VERSION + "\","
                        + " \"iters\": 12, \"other_cpu\": 0.07, \"kernel\": \"vector\"}",
                Report.line("W1", "n=1024", "gflops", 161.2345678, 2, 12, 0.0749, "vector"));
        assertEquals("12000000.0", Report.number(12_000_000, 1e6));
        assertEquals("0.5", Report.number(0.5, 1e6));
        assertEquals("0.0", Report.number(0.004, 100));
    }

    @Test
    void aLineWithoutAMeasuredOtherCpuLeavesTheFieldOut() {
        String line = Report.line("W2", "batch=128", "ms_per_step", 1.5, 2, 10, null, "vector");
        assertTrue(line.contains("\"iters\": 10, \"kernel\""), line);
        assertTrue(!line.contains("other_cpu"), line);
    }

    @Test
    void medianAveragesTheMiddlePairLikePython() {
        assertEquals(2.5, Timing.median(new double[] {4, 1, 3, 2}));
        assertEquals(3.0, Timing.median(new double[] {5, 3, 1}));
    }

    @Test
    void percentileUsesTheReferenceRank() {
        // torch_workloads.py: times[min(n - 1, int(0.9 * n))]
        double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(10.0, new Timing.Result(5.5, 10, ten, null).percentile(0.9));           // rank 9
        double[] twelve = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertEquals(11.0, new Timing.Result(6.5, 12, twelve, null).percentile(0.9));        // rank 10, not 9
        double[] three = {1, 2, 3};
        assertEquals(3.0, new Timing.Result(2, 3, three, null).percentile(0.9));             // rank 2
        assertEquals(3.0, new Timing.Result(2, 3, three, null).percentile(1.0));             // clamped to n - 1
        assertEquals(1.0, new Timing.Result(2, 3, three, null).percentile(0.0));
    }

    @Test
    void otherCpuIsTheMachineBusyTimeLessOurOwnOverWallTime() {
        // cpu user nice system idle iowait irq softirq steal: busy = all eight less idle (4th) and iowait (5th)
        assertEquals(12.0, OtherCpu.busySeconds("cpu  500 100 300 9000 200 100 150 50 0 0"));
        assertNull(OtherCpu.busySeconds("cpu0 1 2 3 4 5 6 7 8"));
        assertNull(OtherCpu.busySeconds("cpu 1 2 3"));
        // 2 s of wall time, the machine busy for 3 s of which 1.5 s were ours: others used 0.75 cores
        OtherCpu.Sample before = new OtherCpu.Sample(10, 100, 20), after = new OtherCpu.Sample(12, 103, 21.5);
        assertEquals(0.75, OtherCpu.cores(before, after), 1e-12);
        // our own time exceeding the machine's (tick rounding) is not negative load
        assertEquals(0.0, OtherCpu.cores(before, new OtherCpu.Sample(12, 101, 22)));
        assertNull(OtherCpu.cores(null, after));
    }

    @Test
    void onLinuxATimedResultCarriesOtherCpu() {
        Timing.Result r = new Timing(true).median(() -> { });
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/stat"))) {
            assertNotNull(r.otherCpu());
            assertTrue(r.otherCpu() >= 0 && r.otherCpu() <= Runtime.getRuntime().availableProcessors() + 1, "" + r.otherCpu());
        }
        assertTrue(r.iters() >= 3);
    }

    @Test
    void onlySelectsWorkloadsIgnoringCaseSkipsUnimplementedOnesAndRejectsUnknownIds() {
        List<Workload> all = Workloads.all(null);
        assertEquals(List.of("W1t", "W6a"), ids(Workloads.select(new LinkedHashSet<>(List.of("w6a", "W1T")), all)));
        assertEquals(List.of("W2", "W5", "W7"), ids(Workloads.select(new LinkedHashSet<>(List.of("W7", "W5", "W2")), all)));
        List<Workload> withoutW7 = all.stream().filter(w -> !w.id().equals("W7")).toList();     // as before W7 was written
        assertEquals(List.of(), ids(Workloads.select(Set.of("w7"), withoutW7)));
        assertEquals(all, Workloads.select(Set.of(), all));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workloads.select(Set.of("W99"), all));
        assertTrue(e.getMessage().contains("W99") && e.getMessage().contains("W1t"), e.getMessage());
    }

    @Test
    void theReferenceScriptsWorkloadIdsAreListed() throws Exception {
        // the PyTorch side's WORKLOADS list, read from the script beside the repository when it is there
        Path script = Path.of(System.getProperty("golden.dir", "../../shared/golden")).resolveSibling("bench").resolve("torch_workloads.py");
        Assumptions.assumeTrue(Files.isReadable(script), "no " + script);
        String text = Files.readString(script);
        Matcher m = Pattern.compile("(?m)^WORKLOADS = \\[([^\\]]*)\\]").matcher(text);
        assertTrue(m.find(), "WORKLOADS list in " + script);
        List<String> reference = Pattern.compile("\"([^\"]+)\"").matcher(m.group(1)).results().map(r -> r.group(1)).toList();
        assertEquals(reference, Workloads.REFERENCE_IDS);
    }

    @Test
    void linearTimesTheFunctionalCallAndNamesCasesAsTheReference() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, Set.of("W1t"), "test");
        new LinearGemm().run(report, new Timing(true));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("{\"workload\": \"W1t\", \"case\": \"128x3072*100x3072^T\", \"metric\": \"gflops\""), lines[0]);
        assertTrue(lines[1].startsWith("{\"workload\": \"W1t\", \"case\": \"256x1024*1024x1024^T\", \"metric\": \"gflops\""), lines[1]);
    }

    @Test
    void anExplicitDataFolderWithoutFashionMnistIsAnError(@TempDir Path empty) {
        Report report = new Report(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 2, Set.of("W3"), "test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionEpoch.training(empty).run(report, new Timing(true)));
        assertTrue(e.getMessage().contains("--data " + empty) && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    private static List<String> ids(List<Workload> ws) { return ws.stream().map(Workload::id).toList(); }

    @Test
    void quickSquareGemmEmitsAPositiveGflopsLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, Set.of("W1"), "test");
        new SquareGemm(32).run(report, new Timing(true));
        String out = bytes.toString(StandardCharsets.UTF_8).strip();
        Matcher m = Pattern.compile("^\\{\"workload\": \"W1\", \"case\": \"n=32\", \"metric\": \"gflops\","
                + " \"value\": ([0-9.]+), .*\"iters\": (\\d+).*}$").matcher(out);
        assertTrue(m.matches(), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0, out);
        assertTrue(Integer.parseInt(m.group(2)) >= 3, out);
    }
}
