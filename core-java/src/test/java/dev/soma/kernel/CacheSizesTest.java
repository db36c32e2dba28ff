package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CacheSizesTest {
    @Test
    void parsesSysfsSizes() {
        assertEquals(2048L << 10, CacheSizes.parseSize("2048K"));
        assertEquals(1L << 20, CacheSizes.parseSize("1M"));
        assertEquals(512, CacheSizes.parseSize("512"));
        assertEquals(0, CacheSizes.parseSize(""));
        assertEquals(0, CacheSizes.parseSize("lots"));
    }

    @Test
    void l2IsKnownOrTheFallback() {
        assertTrue(CacheSizes.L2_BYTES >= 64 << 10, "L2 of " + CacheSizes.L2_BYTES + " bytes");
    }

    @Test
    void blockColumnsFillHalfOfL2() {
        assertEquals(512, Gemm.blockColumns(1 << 20));
        assertEquals(1024, Gemm.blockColumns(2 << 20));
        assertEquals(640, Gemm.blockColumns(1280 << 10));   // 1.25 MB (Ice Lake-SP)
        assertEquals(256, Gemm.blockColumns(256 << 10));    // small L2s keep a useful block width
        assertEquals(4096, Gemm.blockColumns(64L << 20));
        assertEquals(0, Gemm.NC % 128);
    }
}
