package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Double) kv[i + 1]);
        return m;
    }

    @Test
    void printsOneRowPerEpochAndOneColumnPerMetric() {
        History h = new History();
        h.addEpoch(logs("loss", 0.51234, "accuracy", 0.8125));
        h.addEpoch(logs("loss", 0.0001234567, "accuracy", 0.9, "val_loss", 12.3456));
        assertEquals("""
                epoch       loss  accuracy  val_loss
                    1     0.5123    0.8125         \s
                    2  0.0001235    0.9000     12.35
                """, h.toString());
    }

    @Test
    void anEmptyHistorySaysSo() {
        assertEquals("History: no epochs", new History().toString());
    }
}
