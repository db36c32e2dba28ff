package dev.soma.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The per-core L2 size the GEMM blocks for, read once from Linux's sysfs. Machines differ (1 MB on Zen 4, 2 MB on
 * recent Xeons), so block sizes follow the machine the way tile widths follow its vectors; where the size cannot be
 * read (another OS, a hidden sysfs) it is taken as 1 MB.
 */
final class CacheSizes {
    private static final long FALLBACK_L2 = 1 << 20;
    private static final Path CPU0_CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** Bytes of L2 cache one core has. */
    static final long L2_BYTES = readL2();

    private CacheSizes() {}

    private static long readL2() {
        try (Stream<Path> entries = Files.list(CPU0_CACHES)) {
            return entries.filter(d -> d.getFileName().toString().startsWith("index"))
                    .filter(d -> "2".equals(read(d.resolve("level"))) && !"Instruction".equals(read(d.resolve("type"))))
                    .mapToLong(d -> parseSize(read(d.resolve("size"))))
                    .filter(size -> size > 0)
                    .findFirst().orElse(FALLBACK_L2);
        } catch (IOException | RuntimeException unreadable) {
            return FALLBACK_L2;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** "2048K" → 2097152; sysfs writes sizes with a K or M suffix. 0 when the text is not a size. */
    static long parseSize(String text) {
        if (text.isEmpty()) return 0;
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        long scale = unit == 'K' ? 1 << 10 : unit == 'M' ? 1 << 20 : unit == 'G' ? 1L << 30 : 1;
        String digits = scale == 1 ? text : text.substring(0, text.length() - 1);
        try {
            return Long.parseLong(digits) * scale;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
