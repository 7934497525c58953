package io.creditwatch.model.data;

/** A credit CSV file that does not follow the Kaggle layout; the message names line and reason. */
public class CsvFormatException extends RuntimeException {

    private final long line;

    public CsvFormatException(long line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
