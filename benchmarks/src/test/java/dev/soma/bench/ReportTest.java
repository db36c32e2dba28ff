package dev.soma.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void formatsALineInThePyTorchSchema() {
        assertEquals("{\"workload\": \"W1\", \"case\": \"n=1024\", \"metric\": \"gflops\", \"value\": 161.234568,"
                        + " \"threads\": 2, \"framework\": \"soma\", \"version\": \"" + Report.VERSION + "\","
                        + " \"iters\": 12, \"kernel\": \"vector\"}",
                Report.line("W1", "n=1024", "gflops", 161.2345678, 2, 12, "vector"));
        assertEquals("12000000.0", Report.number(12_000_000));
        assertEquals("0.5", Report.number(0.5));
    }

    @Test
    void medianAveragesTheMiddlePairLikePython() {
        assertEquals(2.5, Timing.median(new double[] {4, 1, 3, 2}));
        assertEquals(3.0, Timing.median(new double[] {5, 3, 1}));
    }

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
