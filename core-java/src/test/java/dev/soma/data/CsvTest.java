package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir Path dir;

    private Path csv(String name, String text) throws IOException { return Files.writeString(dir.resolve(name), text); }

    @Test
    void readsFeaturesAndLabelsWithOrWithoutHeader() throws IOException {
        TensorDataset a = Csv.read(csv("a.csv", "x,y,class\n1.5,2,1\n-3,4e1,0\n"), "class", Csv.Header.AUTO, ',', 2);
        assertEquals(2, a.size());
        assertArrayEquals(new float[] {1.5f, 2, -3, 40}, a.tensor(0).toFloatArray());
        assertArrayEquals(new long[] {1, 0}, a.tensor(1).toLongArray());
        TensorDataset b = Csv.read(csv("b.csv", "2;1;0.5\n\n0;3;1\n"), "0", Csv.Header.ABSENT, ';', 0);
        assertArrayEquals(new float[] {1, 0.5f, 3, 1}, b.tensor(0).toFloatArray());
        assertArrayEquals(new long[] {2, 0}, b.tensor(1).toLongArray());
    }

    @Test
    void malformedRowsNameFileLineAndProblem() throws IOException {
        String[][] cases = {
                {"ragged.csv", "1,2,0\n3,0\n", "line 2 has 2 columns"},
                {"text.csv", "1,2,0\n3,abc,1\n", "'abc' is not a number"},
                {"label.csv", "1,2,0\n3,4,7\n", "label 7 is out of range"},
                {"fraction.csv", "1,2,0.5\n", "not a whole number"},
                {"empty.csv", "\n\n", "no rows"},
        };
        for (String[] c : cases) {
            Path p = csv(c[0], c[1]);
            var e = assertThrows(DataFormatException.class, () -> Csv.read(p, 3));
            assertTrue(e.getMessage().contains(c[0]) && e.getMessage().contains(c[2]), e.getMessage());
        }
        Path named = csv("named.csv", "a,b\n1,2\n");
        var e = assertThrows(DataFormatException.class, () -> Csv.read(named, "label", Csv.Header.PRESENT, ',', 0));
        assertTrue(e.getMessage().contains("no column named 'label'"), e.getMessage());
    }

    @Test
    void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() throws IOException {
        String text = "\"width, cm\",\"say \"\"hi\"\"\",\"kind\nof thing\"\n"
                + "\"1.5\",2,\"1\"\n"
                + " \"-3\" ,4e1,0\n";
        TensorDataset d = Csv.read(csv("quoted.csv", text), "kind\nof thing", Csv.Header.AUTO, ',', 2);
        assertArrayEquals(new float[] {1.5f, 2, -3, 40}, d.tensor(0).toFloatArray());
        assertArrayEquals(new long[] {1, 0}, d.tensor(1).toLongArray());
        assertArrayEquals(new String[] {"width, cm", "say \"hi\"", "kind\nof thing"}, Csv.split("\"width, cm\",\"say \"\"hi\"\"\",\"kind\nof thing\"", ','));
        assertEquals(null, Csv.split("1,\"open", ','));

        Path late = csv("late.csv", "a,b\n1,2\n3,1\n5,\"6\n");
        var e = assertThrows(DataFormatException.class, () -> Csv.read(late, 7));
        assertTrue(e.getMessage().contains("late.csv") && e.getMessage().contains("line 4: a quoted field is not closed"), e.getMessage());

        Path ragged = csv("ragged-after-quote.csv", "a,b,c\n\"7\n\",1,0\n1,2\n");
        var r = assertThrows(DataFormatException.class, () -> Csv.read(ragged, "c", Csv.Header.PRESENT, ',', 0));
        assertTrue(r.getMessage().contains("line 4 has 2 columns"), r.getMessage());
    }

    @Test
    void theShippedDigitsLoadAndSplitReproducibly() throws IOException {
        TensorDataset all = Digits.all();
        assertEquals(1797, all.size());
        assertArrayEquals(new int[] {1797, 64}, all.tensor(0).shape());
        assertTrue(all.tensor(0).amax().item() <= 1f && all.tensor(0).amin().item() >= 0f);
        FashionMnist.Splits s = Digits.split(0.8, 1);
        assertEquals(1438, s.train().size());
        assertEquals(359, s.test().size());
        assertArrayEquals(s.test().tensor(1).toLongArray(), Digits.split(0.8, 1).test().tensor(1).toLongArray());
    }
}
