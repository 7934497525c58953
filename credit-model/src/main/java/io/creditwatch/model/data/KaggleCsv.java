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

    static final String LABEL = "SeriousDlqin2yrs";
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
            line.append(++index).append(',');
            if (record.labeled()) {
                line.append(record.label());
            }
            for (Feature feature : Feature.ALL) {
                line.append(',').append(formatValue(record.get(feature)));
            }
            writer.write(line.append(CRLF).toString());
        }
    }

    /**
     * Where things are in a row: the index column (-1 if none), the label column (-1 if none), and
     * the column of each feature, in schema order.
     */
    private record Layout(int cells, int index, int label, int[] features) {
    }

    private static Layout parseHeader(String headerLine) {
        String expectedIndexed = header();
        String expectedPlain = expectedIndexed.substring(1);
        int[] kaggleOrder = new int[Feature.COUNT];
        if (headerLine.equals(expectedIndexed) || headerLine.equals("\"\"" + expectedPlain)) {
            Arrays.setAll(kaggleOrder, f -> f + 2);
            return new Layout(Feature.COUNT + 2, 0, 1, kaggleOrder);
        }
        if (headerLine.equals(expectedPlain)) {
            Arrays.setAll(kaggleOrder, f -> f + 1);
            return new Layout(Feature.COUNT + 1, -1, 0, kaggleOrder);
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
        return new Layout(names.size(), -1, names.indexOf(LABEL), features);
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
        int label;
        switch (labelCell) {
            case "0", "0.0" -> label = 0;
            case "1", "1.0" -> label = 1;
            case "", MISSING, "NaN", "nan" -> label = CreditRecord.UNLABELED;
            default -> throw new CsvFormatException(lineNumber,
                    LABEL + " must be 0, 1 or empty, got '" + labelCell + "'");
        }
        double[] features = new double[Feature.COUNT];
        for (Feature feature : Feature.ALL) {
            features[feature.ordinal()] = parseValue(cells[layout.features()[feature.ordinal()]], feature, lineNumber);
        }
        return new CreditRecord(features, label);
    }

    private static double parseValue(String cell, Feature feature, long lineNumber) {
        if (cell.equals(MISSING) || cell.isEmpty() || cell.equals("NaN") || cell.equals("nan")) {
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
