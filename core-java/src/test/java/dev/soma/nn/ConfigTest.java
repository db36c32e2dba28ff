package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void nullableNumbersKeepNoneApartFromAbsent() {
        Config c = Config.of("BatchNorm2d").put("momentum", (Double) null).put("eps", 1e-5).put("padding_idx", (Integer) null)
                .put("max_norm", Double.valueOf(2.5)).put("num_features", 4);
        assertTrue(c.has("momentum"));
        assertNull(c.getNullableDouble("momentum"));
        assertNull(c.getNullableDouble("momentum", 0.1), "a stored None is not replaced by the default");
        assertEquals(0.1, c.getNullableDouble("absent", 0.1));
        assertEquals(1e-5, c.getNullableDouble("eps"));
        assertEquals(2.5, c.getNullableDouble("max_norm"));
        assertEquals(4.0, c.getNullableDouble("num_features"));           // an integer reads as a number
        assertNull(c.getNullableInt("padding_idx"));
        assertEquals(4, c.getNullableInt("num_features"));
        assertEquals(7, c.getNullableInt("absent", 7));
        assertEquals("BatchNorm2d{momentum=null, eps=1.0E-5, padding_idx=null, max_norm=2.5, num_features=4}", c.toString());
    }

    @Test
    void nullableNumberErrorsNameTheLayerFieldExpectedAndGot() {
        Config c = Config.of("BatchNorm2d").put("momentum", "fast").put("eps", 0.5).put("affine", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.getNullableDouble("momentum"));
        assertEquals("BatchNorm2d config: field 'momentum' must be a number or null, got String fast", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.getNullableInt("eps"));
        assertEquals("BatchNorm2d config: field 'eps' must be an integer or null, got Double 0.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.getNullableDouble("track"));
        assertTrue(e.getMessage().startsWith("BatchNorm2d config: missing field 'track'"), e.getMessage());
        Config none = Config.of("BatchNorm2d").put("momentum", (Double) null);
        e = assertThrows(IllegalArgumentException.class, () -> none.getDouble("momentum"));
        assertEquals("BatchNorm2d config: field 'momentum' must be a number, got null", e.getMessage());
    }

    @Test
    void intsOrStringHoldsEachFormAsGiven() {
        Config c = Config.of("Conv2d").put("same", IntsOrString.of("same")).put("three", IntsOrString.of(3))
                .put("pair", IntsOrString.of(1, 2)).put("single", IntsOrString.of(new int[] {3})).put("none", (IntsOrString) null);
        assertEquals("same", c.getString("same"));                          // stored plain, as PyTorch's kwargs
        assertEquals(3, c.getInt("three"));
        assertArrayEquals(new int[] {1, 2}, c.getInts("pair"));
        IntsOrString same = c.getIntsOrString("same"), three = c.getIntsOrString("three"), pair = c.getIntsOrString("pair");
        assertTrue(same.isString() && !same.isInt() && !same.isInts());
        assertEquals("same", same.string());
        assertTrue(three.isInt() && !three.isInts());
        assertEquals(3, three.intValue());
        assertArrayEquals(new int[] {3, 3}, three.ints(2));
        assertTrue(pair.isInts());
        assertArrayEquals(new int[] {1, 2}, pair.ints(2));
        assertEquals(IntsOrString.of(new int[] {3}), c.getIntsOrString("single"));
        assertNotEquals(IntsOrString.of(3), c.getIntsOrString("single"), "3 and (3,) stay apart");
        assertNull(c.getIntsOrString("none"));
        assertEquals(IntsOrString.of(0), c.getIntsOrString("absent", IntsOrString.of(0)));
        assertEquals(List.of("same", "3", "(1, 2)", "(3,)"), List.of(same.toString(), three.toString(), pair.toString(),
                c.getIntsOrString("single").toString()));
        // the plain forms written by a reader (a JSON codec) read back the same way
        Config read = Config.of("Conv2d").put("a", "valid").put("b", 5L).put("c", new double[] {1, 2}).put("d", 4.0);
        assertEquals(IntsOrString.of("valid"), read.getIntsOrString("a"));
        assertEquals(IntsOrString.of(5), read.getIntsOrString("b"));
        assertEquals(IntsOrString.of(1, 2), read.getIntsOrString("c"));
        assertEquals(IntsOrString.of(4), read.getIntsOrString("d"));
    }

    @Test
    void intsOrStringErrorsNameTheLayerFieldExpectedAndGot() {
        Config c = Config.of("Conv2d").put("padding", 1.5).put("stride", new double[] {1, 2.5}).put("bias", true);
        String expected = "must be a string, an integer or a list of integers, got ";
        assertEquals("Conv2d config: field 'padding' " + expected + "Double 1.5",
                assertThrows(IllegalArgumentException.class, () -> c.getIntsOrString("padding")).getMessage());
        assertEquals("Conv2d config: field 'stride' " + expected + "double[] [1.0, 2.5]",
                assertThrows(IllegalArgumentException.class, () -> c.getIntsOrString("stride")).getMessage());
        assertEquals("Conv2d config: field 'bias' " + expected + "Boolean true",
                assertThrows(IllegalArgumentException.class, () -> c.getIntsOrString("bias")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> IntsOrString.of(1, 2, 3).ints(2));
        assertThrows(IllegalArgumentException.class, () -> IntsOrString.of("same").ints(2));
        assertThrows(IllegalStateException.class, () -> IntsOrString.of(1, 2).intValue());
    }

    @Test
    void equalityCoversNullsAndEveryForm() {
        Config a = Config.of("X").put("m", (Double) null).put("p", IntsOrString.of(1, 2)).put("q", IntsOrString.of("same"));
        Config b = Config.of("X").put("m", (Double) null).put("p", new int[] {1, 2}).put("q", "same");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Config.of("X").put("m", 0.1).put("p", new int[] {1, 2}).put("q", "same"));
        assertNotEquals(a, Config.of("X").put("m", (Double) null).put("p", IntsOrString.of(1)).put("q", "same"));
        assertFalse(a.equals(Config.of("X").put("p", new int[] {1, 2}).put("q", "same")), "a None field differs from an absent one");
    }
}
