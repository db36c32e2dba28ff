package dev.soma.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErfTest {
    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-12 + 1e-300, () -> "expected " + expected + ", got " + actual);
    }

    @Test
    void matchesTabulatedValues() {
        assertEquals(0, Erf.erf(0));
        assertRelative(0.5204998778130465, Erf.erf(0.5));
        assertRelative(0.8427007929497149, Erf.erf(1));
        assertRelative(0.9953222650189527, Erf.erf(2));
        assertRelative(-0.8427007929497149, Erf.erf(-1));
        assertRelative(0.0011283787909692363, Erf.erf(0.001));
        assertEquals(1.0, Erf.erf(10));
    }

    @Test
    void complementKeepsRelativeAccuracyInTheTail() {
        assertRelative(0.15729920705028513, Erf.erfc(1));
        assertRelative(2.209049699858544e-05, Erf.erfc(3));
        assertRelative(1.5374597944280349e-12, Erf.erfc(5));
        assertRelative(2.088487583762545e-45, Erf.erfc(10));
        assertRelative(1.9999779095030015, Erf.erfc(-3));
        assertEquals(0.0, Erf.erfc(30));
    }

    @Test
    void normalCdf() {
        assertEquals(0.5, Erf.normalCdf(0));
        assertRelative(0.8413447460685429, Erf.normalCdf(1));
        assertRelative(2.866515718791939e-07, Erf.normalCdf(-5));
        assertTrue(Double.isNaN(Erf.normalCdf(Double.NaN)));
    }

    @Test
    void continuousAcrossTheSwitch() {
        // series below 2.5, continued fraction above: both sides agree at the seam
        double below = Erf.erfc(Math.nextDown(2.5)), above = Erf.erfc(2.5);
        assertEquals(above, below, above * 1e-12);
    }
}
