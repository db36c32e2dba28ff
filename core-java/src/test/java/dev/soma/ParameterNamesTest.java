package dev.soma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.soma.data.DataLoader;
import dev.soma.nn.Linear;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Core is compiled with -parameters, so Kotlin and IDEs show the real names instead of p0, p1. */
class ParameterNamesTest {
    private static String[] names(Parameter[] ps) { return Arrays.stream(ps).map(Parameter::getName).toArray(String[]::new); }

    @Test
    void constructorsAndMethodsKeepTheirParameterNames() throws Exception {
        assertArrayEquals(new String[] {"inFeatures", "outFeatures", "bias"},
                names(Linear.class.getConstructor(int.class, int.class, boolean.class).getParameters()));
        assertArrayEquals(new String[] {"n"}, names(DataLoader.Builder.class.getMethod("batchSize", int.class).getParameters()));
    }
}
