package io.creditwatch.model.data;

import io.creditwatch.model.schema.Feature;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes credit data in the layout of Kaggle's "Give Me Some Credit" files: an
 * unnamed 1-based index column, the label {@code SeriousDlqin2yrs} (empty in {@code cs-test.csv}),
 * then the ten features; {@code NA} for missing; CRLF line ends (LF is accepted too).
 * A file without the index column is accepted as well, and so is any CSV whose header names the ten
 * features, in any order, among other columns (ignored), with an optional {@code SeriousDlqin2yrs}
 * label column: what a data scientist's pandas {@code to_csv} writes (an empty cell or {@code NaN}
 * for missing, a label of {@code 0.0} or {@code 1.0}). Quoted cells are not supported.
 */
public final class KaggleCsv {

    public static final String LABEL = "SeriousDlqin2yrs";
    /** The columns of a dated file, after the Kaggle ones: YYYY-MM-DD, the outcome's day empty when unknown. */
    public static final String APPLICATION_DATE = "application_date";
    public static final String OUTCOME_DATE = "outcome_date";
    static final String MISSING = "NA";
    private static final String CRLF = "\r\n";

    private KaggleCsv() {
    }

    /** The header Kaggle writes, index column included. */
    public static String header() {
        StringBuilder header = new StringBuilder(",").append(LABEL);
        for (Feature feature : Feature.ALL) {
            header.append(',').append(feature.jsonName());
        }
        return header.toString();
    }

    public static List<CreditRecord> read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    public static List<CreditRecord> read(BufferedReader reader) throws IOException {
        String headerLine = reader.readLine();
        if (headerLine == null) {
            throw new CsvFormatException(1, "the file is empty; expected the header " + header());
        }
        Layout layout = parseHeader(stripBom(headerLine));
        List<CreditRecord> records = new ArrayList<>();
        String[] cells = new String[layout.cells()];
        long lineNumber = 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            split(line, cells, lineNumber);
            records.add(parseRecord(cells, layout, lineNumber));
        }
        return records;
    }

    public static void write(Path file, Iterable<CreditRecord> records) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(writer, records);
        }
    }

    public static void write(Writer writer, Iterable<CreditRecord> records) throws IOException {
        writer.write(header());
        writer.write(CRLF);
        long index = 0;
        StringBuilder line = new StringBuilder(160);
        for (CreditRecord record : records) {
            line.setLength(0);
            appendKaggleCells(line, ++index, record);
            writer.write(line.append(CRLF).toString());
        }
    }

    /** Writes the Kaggle layout with the two date columns after the Kaggle ones. */
    public static void writeDated(Path file, Iterable<DatedCreditRecord> records) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeDated(writer, records);
        }
    }

    public static void writeDated(Writer writer, Iterable<DatedCreditRecord> records) throws IOException {
        writer.write(header() + "," + APPLICATION_DATE + "," + OUTCOME_DATE);
        writer.write(CRLF);
        long index = 0;
        StringBuilder line = new StringBuilder(180);
        for (DatedCreditRecord dated : records) {
            line.setLength(0);
            appendKaggleCells(line, ++index, dated.record());
            line.append(',').append(dated.applicationDate()).append(',');
            if (dated.outcomeDate() != null) {
                line.append(dated.outcomeDate());
            }
            writer.write(line.append(CRLF).toString());
        }
    }

    private static void appendKaggleCells(StringBuilder line, long index, CreditRecord record) {
        line.append(index).append(',');
        if (record.labeled()) {
            line.append(record.label());
        }
        for (Feature feature : Feature.ALL) {
            line.append(',').append(formatValue(record.get(feature)));
        }
    }

    /**
     * Where things are in a row: the index column (-1 if none), the label column (-1 if none), and
     * the column of each feature, in schema order.
     */
    private record Layout(int cells, int index, int label, int[] features, List<String> names) {
    }

    /**
     * Reads a file row by row for a reader that reports a bad row and goes on: each row's cells by
     * column, as written. Besides the features and the label, it finds the {@code columns} asked for
     * by name ({@link Rows#column} is null for one the file lacks). The header must be one
     * {@link #read} accepts; a bad header is a {@link CsvFormatException}.
     */
    public static Rows rows(BufferedReader reader, List<String> columns) throws IOException {
        String headerLine = reader.readLine();
        if (headerLine == null) {
            throw new CsvFormatException(1, "the file is empty; expected the header " + header());
        }
        Layout layout = parseHeader(stripBom(headerLine));
        return new Rows(reader, layout, columns.stream().mapToInt(layout.names()::indexOf).toArray());
    }

    /** The rows of a file, one at a time; see {@link #rows}. Not thread-safe. */
    public static final class Rows {

        private final BufferedReader reader;
        private final Layout layout;
        private final int[] columns;
        private final String[] cells;
        private long lineNumber = 1;
        private String problem;

        private Rows(BufferedReader reader, Layout layout, int[] columns) {
            this.reader = reader;
            this.layout = layout;
            this.columns = columns;
            this.cells = new String[layout.cells()];
        }

        /** Moves to the next row that is not an empty line; false at the end of the file. */
        public boolean next() throws IOException {
            String line;
            do {
                line = reader.readLine();
                if (line == null) {
                    return false;
                }
                lineNumber++;
            } while (line.isEmpty());
            problem = null;
            try {
                split(line, cells, lineNumber);
            } catch (CsvFormatException e) {
                problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            }
            return true;
        }

        public long lineNumber() {
            return lineNumber;
        }

        /** Why this row cannot be read cell by cell (a wrong number of columns), or null when it can. */
        public String problem() {
            return problem;
        }

        public String feature(Feature feature) {
            return cells[layout.features()[feature.ordinal()]];
        }

        /** The label cell, empty when the file has no label column. */
        public String label() {
            return layout.label() < 0 ? "" : cells[layout.label()];
        }

        /** Whether the file has the {@code i}th of the columns asked for. */
        public boolean hasColumn(int i) {
            return columns[i] >= 0;
        }

        /** The cell of the {@code i}th of the columns asked for, null when the file has no such column. */
        public String column(int i) {
            return columns[i] < 0 ? null : cells[columns[i]];
        }
    }

    /** Whether a cell means missing: {@code NA} as Kaggle writes it, empty or {@code NaN} as pandas does. */
    public static boolean isMissing(String cell) {
        return cell.equals(MISSING) || cell.isEmpty() || cell.equals("NaN") || cell.equals("nan");
    }

    /** A label cell read: 0, 1, or {@link CreditRecord#UNLABELED} when missing; null when it is none of these. */
    public static Integer label(String cell) {
        return switch (cell) {
            case "0", "0.0" -> 0;
            case "1", "1.0" -> 1;
            default -> isMissing(cell) ? CreditRecord.UNLABELED : null;
        };
    }

    private static Layout parseHeader(String headerLine) {
        String expectedIndexed = header();
        String expectedPlain = expectedIndexed.substring(1);
        int[] kaggleOrder = new int[Feature.COUNT];
        if (headerLine.equals(expectedIndexed) || headerLine.equals("\"\"" + expectedPlain)) {
            Arrays.setAll(kaggleOrder, f -> f + 2);
            return new Layout(Feature.COUNT + 2, 0, 1, kaggleOrder, List.of(expectedIndexed.split(",", -1)));
        }
        if (headerLine.equals(expectedPlain)) {
            Arrays.setAll(kaggleOrder, f -> f + 1);
            return new Layout(Feature.COUNT + 1, -1, 0, kaggleOrder, List.of(expectedPlain.split(",")));
        }
        List<String> names = Arrays.stream(headerLine.split(",", -1))
                .map(name -> name.strip().replaceAll("^\"(.*)\"$", "$1"))
                .toList();
        int[] features = new int[Feature.COUNT];
        List<String> missing = new ArrayList<>();
        for (Feature feature : Feature.ALL) {
            features[feature.ordinal()] = names.indexOf(feature.jsonName());
            if (features[feature.ordinal()] < 0) {
                missing.add(feature.jsonName());
            } else if (names.lastIndexOf(feature.jsonName()) != features[feature.ordinal()]) {
                throw new CsvFormatException(1, "the header names " + feature.jsonName() + " twice");
            }
        }
        if (!missing.isEmpty()) {
            throw new CsvFormatException(1, "unexpected header: the columns " + String.join(", ", missing)
                    + " are missing; expected " + expectedIndexed + ", or any header naming the ten features (and "
                    + LABEL + " for labels)");
        }
        return new Layout(names.size(), -1, names.indexOf(LABEL), features, names);
    }

    private static void split(String line, String[] cells, long lineNumber) {
        int start = 0;
        for (int column = 0; column < cells.length; column++) {
            int comma = line.indexOf(',', start);
            boolean last = column == cells.length - 1;
            if (last != (comma < 0)) {
                throw new CsvFormatException(lineNumber, "expected " + cells.length + " columns, got "
                        + (line.chars().filter(c -> c == ',').count() + 1));
            }
            cells[column] = last ? line.substring(start) : line.substring(start, comma);
            start = comma + 1;
        }
    }

    private static CreditRecord parseRecord(String[] cells, Layout layout, long lineNumber) {
        if (layout.index() >= 0 && !isWholeNumber(cells[layout.index()])) {
            throw new CsvFormatException(lineNumber, "the index column holds '" + cells[layout.index()]
                    + "', not a row number");
        }
        String labelCell = layout.label() < 0 ? "" : cells[layout.label()];
        Integer label = label(labelCell);
        if (label == null) {
            throw new CsvFormatException(lineNumber, LABEL + " must be 0, 1 or empty, got '" + labelCell + "'");
        }
        double[] features = new double[Feature.COUNT];
        for (Feature feature : Feature.ALL) {
            features[feature.ordinal()] = parseValue(cells[layout.features()[feature.ordinal()]], feature, lineNumber);
        }
        return new CreditRecord(features, label);
    }

    private static double parseValue(String cell, Feature feature, long lineNumber) {
        if (isMissing(cell)) {
            if (!feature.nullable()) {
                throw new CsvFormatException(lineNumber, feature.jsonName() + " is missing but may not be");
            }
            return Double.NaN;
        }
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new CsvFormatException(lineNumber, feature.jsonName() + " holds '" + cell + "', not a number");
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new CsvFormatException(lineNumber, feature.jsonName() + " holds '" + cell
                    + "'; values must be finite and not negative");
        }
        return value;
    }

    private static boolean isWholeNumber(String cell) {
        if (cell.isEmpty()) {
            return false;
        }
        for (int i = 0; i < cell.length(); i++) {
            if (!Character.isDigit(cell.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return MISSING;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
