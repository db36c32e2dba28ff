package dev.soma.data;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Numeric CSV files (optionally gzipped) as a {@link TensorDataset}: every column a float feature except the
 * label column (int64 class indices). Header: present, absent, or detected (a first row that is not all numbers).
 * Fields may be quoted as in RFC 4180.
 */
public final class Csv {
    private Csv() {}

    /** Whether the first row names the columns. */
    public enum Header { PRESENT, ABSENT, AUTO }

    /**
     * Reads {@code file}: {@code labelColumn} by name (needs a header) or by index ("-1" = last column); labels must
     * lie in [0, classes) when {@code classes} > 0.
     */
    public static TensorDataset read(Path file, String labelColumn, Header header, char delimiter, int classes) throws IOException {
        try (var raw = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(gz ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
                return parse(file, r, labelColumn, header, delimiter, classes);
            }
        }
    }

    /** Comma-separated, header detected, label in the last column. */
    public static TensorDataset read(Path file, int classes) throws IOException { return read(file, "-1", Header.AUTO, ',', classes); }

    static TensorDataset parse(Path file, BufferedReader r, String labelColumn, Header header, char delimiter, int classes)
            throws IOException {
        Records records = new Records(file, r, delimiter);
        String[] first = records.next();
        if (first == null) throw new DataFormatException(file, "no rows");
        boolean hasHeader = header == Header.PRESENT || (header == Header.AUTO && !Arrays.stream(first).allMatch(Csv::isNumber));
        int columns = first.length;
        int label = labelIndex(file, labelColumn, hasHeader ? first : null, columns);
        List<float[]> rows = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        if (!hasHeader) add(file, first, records.line(), label, columns, classes, rows, labels);
        for (String[] cells; (cells = records.next()) != null; )
            add(file, cells, records.line(), label, columns, classes, rows, labels);
        int n = rows.size(), features = columns - 1;
        float[] x = new float[n * features], y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i), 0, x, i * features, features);
            y[i] = labels.get(i);
        }
        return new TensorDataset(Tensor.adopt(x, DType.FLOAT32, n, features), Tensor.adopt(y, DType.INT64, n));
    }

    private static int labelIndex(Path file, String labelColumn, String[] names, int columns) throws DataFormatException {
        try {
            int i = Integer.parseInt(labelColumn.strip());
            int k = i < 0 ? i + columns : i;
            if (k < 0 || k >= columns) throw new DataFormatException(file, "label column " + i + " is out of range for " + columns + " columns");
            return k;
        } catch (NumberFormatException notIndex) {
            if (names == null) throw new DataFormatException(file, "label column '" + labelColumn + "' named, but the file has no header");
            for (int i = 0; i < names.length; i++) if (names[i].strip().equals(labelColumn)) return i;
            throw new DataFormatException(file, "no column named '" + labelColumn + "' (columns: " + String.join(", ", names) + ")");
        }
    }

    private static void add(Path file, String[] cells, int lineNo, int label, int columns, int classes, List<float[]> rows,
                            List<Long> labels) throws DataFormatException {
        if (cells.length != columns)
            throw new DataFormatException(file, "line " + lineNo + " has " + cells.length + " columns, the first row has " + columns);
        float[] row = new float[columns - 1];
        for (int c = 0, k = 0; c < columns; c++) {
            String s = cells[c].strip();
            if (c == label) {
                long v;
                try {
                    double d = Double.parseDouble(s);
                    if (d != Math.rint(d)) throw new NumberFormatException();
                    v = (long) d;
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, "line " + lineNo + ": label '" + s + "' is not a whole number");
                }
                if (v < 0 || (classes > 0 && v >= classes))
                    throw new DataFormatException(file, "line " + lineNo + ": label " + v + " is out of range [0, " + classes + ")");
                labels.add(v);
            } else {
                try {
                    row[k++] = Float.parseFloat(s);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, "line " + lineNo + ", column " + (c + 1) + ": '" + s + "' is not a number");
                }
            }
        }
        rows.add(row);
    }

    /**
     * The fields of one record, RFC 4180 style: a field that opens with a double quote runs to the closing quote
     * and may hold the delimiter, line breaks and "" for a quote itself. Null while a quoted field is still open at
     * the end of the text (the record continues on the next line).
     */
    static String[] split(String record, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char ch = record.charAt(i);
            if (quoted) {
                if (ch != '"') field.append(ch);
                else if (i + 1 < record.length() && record.charAt(i + 1) == '"') field.append(record.charAt(++i));
                else quoted = false;
            } else if (ch == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) return null;
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }

    /** The non-blank records of a file, joining the lines of a quoted field that holds line breaks. */
    private static final class Records {
        private final Path file;
        private final BufferedReader reader;
        private final char delimiter;
        private int lineNo, recordLine;

        Records(Path file, BufferedReader reader, char delimiter) {
            this.file = file;
            this.reader = reader;
            this.delimiter = delimiter;
        }

        /** The line the last record began on. */
        int line() { return recordLine; }

        /** The next record's fields, or null at the end of the file. */
        String[] next() throws IOException {
            String text;
            do {
                text = reader.readLine();
                if (text == null) return null;
                lineNo++;
            } while (text.isBlank());
            recordLine = lineNo;
            String[] cells;
            while ((cells = split(text, delimiter)) == null) {
                String more = reader.readLine();
                if (more == null)
                    throw new DataFormatException(file, "line " + recordLine + ": a quoted field is not closed before the end of the file");
                lineNo++;
                text = text + "\n" + more;
            }
            return cells;
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
