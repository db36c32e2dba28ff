package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-time notice when the kernels fall back to plain loops, seen from fresh JVMs started with and without the flag. */
class VectorNoticeTest {
    /** Runs two element-wise ops (the kernels choose their implementation on the first) and prints the result. */
    public static void main(String[] args) {
        System.out.println(Tensor.of(1f, 2f).add(Tensor.of(3f, 4f)).mul(2f).sum().item());
    }

    private record Run(String stdout, String stderr) {}

    private static Run run(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VectorNoticeTest.class.getName()));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        return new Run(out, err);
    }

    @Test
    void withoutTheModuleANoticeNamesTheFlagOnce() throws Exception {
        Run r = run();
        assertEquals("20.0", r.stdout.strip());
        assertTrue(r.stderr.contains("--add-modules jdk.incubator.vector"), r.stderr);
        assertEquals(1, r.stderr.split("Vector API", -1).length - 1, r.stderr);
    }

    @Test
    void withTheModuleOrWhenScalarIsAskedForThereIsNoNotice() throws Exception {
        Run vector = run("--add-modules", "jdk.incubator.vector");
        assertEquals("20.0", vector.stdout.strip());
        assertFalse(vector.stderr.contains("Vector API"), vector.stderr);
        Run scalar = run("-Dsoma.vector=false");
        assertFalse(scalar.stderr.contains("Vector API"), scalar.stderr);
    }
}
