package io.creditwatch.model.data;

import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KaggleCsvTests {

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(KaggleCsvTests.class.getResource("/kaggle/" + name).toURI());
    }

    @Test
    void readsTheKaggleTrainingLayout() throws Exception {
        Path file = fixture("cs-training-sample.csv");
        assertThat(Files.readString(file)).contains("\r\n").contains(",NA,");

        List<CreditRecord> records = KaggleCsv.read(file);

        assertThat(records).hasSize(10);
        CreditRecord first = records.get(0);
        assertThat(first.label()).isEqualTo(1);
        assertThat(first.features()).containsExactly(0.766127, 45, 2, 0.802982, 9120, 13, 0, 6, 0, 2);
        CreditRecord incomeMissing = records.get(3);
        assertThat(incomeMissing.get(Feature.MONTHLY_INCOME)).isNaN();
        assertThat(incomeMissing.get(Feature.DEPENDENTS)).isNaN();
        assertThat(incomeMissing.get(Feature.DEBT_RATIO)).isEqualTo(2417);
        CreditRecord sentinel = records.get(6);
        assertThat(sentinel.get(Feature.PAST_DUE_30_59_DAYS)).isEqualTo(98);
        assertThat(sentinel.get(Feature.TIMES_90_DAYS_LATE)).isEqualTo(98);
        assertThat(records).extracting(CreditRecord::label).containsExactly(1, 0, 0, 0, 1, 0, 1, 0, 0, 0);
    }

    @Test
    void readsTheKaggleTestLayoutWithAnEmptyLabel() throws Exception {
        List<CreditRecord> records = KaggleCsv.read(fixture("cs-test-sample.csv"));

        assertThat(records).hasSize(3).noneMatch(CreditRecord::labeled);
        assertThat(records.get(2).get(Feature.AGE)).isEqualTo(62);
    }

    @Test
    void writesWhatItReads(@TempDir Path directory) throws Exception {
        List<CreditRecord> original = KaggleCsv.read(fixture("cs-training-sample.csv"));
        Path copy = directory.resolve("copy.csv");

        KaggleCsv.write(copy, original);

        assertThat(Files.readString(copy)).isEqualTo(Files.readString(fixture("cs-training-sample.csv")));
    }

    @Test
    void acceptsLfLineEndsAndNoIndexColumn() throws IOException {
        String csv = KaggleCsv.header().substring(1) + "\n0,0.5,40,0,0.3,5000,4,0,1,0,NA\n";

        List<CreditRecord> records = KaggleCsv.read(new BufferedReader(new StringReader(csv)));

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.label()).isZero();
            assertThat(record.get(Feature.DEPENDENTS)).isNaN();
        });
    }

    @Test
    void malformedFilesFailWithLineAndReason() {
        assertFails("RevolvingUtilizationOfUnsecuredLines,age\r\n", 1, "unexpected header");
        assertFails(KaggleCsv.header() + "\r\n1,0,0.5,40\r\n", 2, "expected 12 columns, got 4");
        assertFails(
                KaggleCsv.header() + "\r\n1,0,0.5,40,0,0.3,5000,4,0,1,0,0\r\n2,0,0.5,forty,0,0.3,5000,4,0,1,0,0\r\n",
                3, "age holds 'forty', not a number");
        assertFails(KaggleCsv.header() + "\r\n1,2,0.5,40,0,0.3,5000,4,0,1,0,0\r\n", 2,
                "SeriousDlqin2yrs must be 0, 1 or empty");
        assertFails(KaggleCsv.header() + "\r\n1,0,0.5,NA,0,0.3,5000,4,0,1,0,0\r\n", 2, "age is missing but may not be");
        assertFails(KaggleCsv.header() + "\r\n1,0,-0.5,40,0,0.3,5000,4,0,1,0,0\r\n", 2,
                "values must be finite and not negative");
        assertFails(KaggleCsv.header() + "\r\nx,0,0.5,40,0,0.3,5000,4,0,1,0,0\r\n", 2, "not a row number");
        assertFails("", 1, "the file is empty");
    }

    @Test
    void readsAByteOrderMark(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("bom.csv");
        Files.writeString(file, "\uFEFF" + KaggleCsv.header() + "\r\n1,1,0.5,40,0,0.3,5000,4,0,1,0,0\r\n",
                StandardCharsets.UTF_8);

        assertThat(KaggleCsv.read(file)).hasSize(1);
    }

    @Test
    void writesDatesAfterTheKaggleColumnsWhichReadingIgnores() throws IOException {
        CreditRecord record = new CreditRecord(new double[]{0.5, 40, 0, 0.3, Double.NaN, 4, 0, 1, 0, Double.NaN}, 1);
        StringWriter written = new StringWriter();
        KaggleCsv.writeDated(written, List.of(
                new DatedCreditRecord(record, LocalDate.of(2025, 1, 31), LocalDate.of(2025, 9, 2)),
                new DatedCreditRecord(new CreditRecord(record.features(), 0), LocalDate.of(2025, 2, 1), null)));

        assertThat(written.toString()).isEqualTo(KaggleCsv.header() + ",application_date,outcome_date\r\n"
                + "1,1,0.5,40,0,0.3,NA,4,0,1,0,NA,2025-01-31,2025-09-02\r\n"
                + "2,0,0.5,40,0,0.3,NA,4,0,1,0,NA,2025-02-01,\r\n");
        assertThat(KaggleCsv.read(new BufferedReader(new StringReader(written.toString()))))
                .extracting(CreditRecord::label).containsExactly(1, 0);
    }

    /** Row by row, a bad row is a problem to report, not the end of the file; absent columns read as null. */
    @Test
    void readsRowByRowWithTheColumnsAskedFor() throws IOException {
        String csv = "age,x,SeriousDlqin2yrs,RevolvingUtilizationOfUnsecuredLines,NumberOfTime30-59DaysPastDueNotWorse,"
                + "DebtRatio,MonthlyIncome,NumberOfOpenCreditLinesAndLoans,NumberOfTimes90DaysLate,"
                + "NumberRealEstateLoansOrLines,NumberOfTime60-89DaysPastDueNotWorse,NumberOfDependents,application_date\n"
                + "40,a,1.0,0.5,0,0.3,,4,0,1,0,2,2025-01-31\n"
                + "\n"
                + "41,b,0\n"
                + "-3,c,,0.5,0,0.3,5000,4,0,1,0,2,\n";
        KaggleCsv.Rows rows = KaggleCsv.rows(new BufferedReader(new StringReader(csv)),
                List.of("application_date", "outcome_date"));

        assertThat(rows.hasColumn(0)).isTrue();
        assertThat(rows.hasColumn(1)).isFalse();
        assertThat(rows.next()).isTrue();
        assertThat(rows.problem()).isNull();
        assertThat(rows.lineNumber()).isEqualTo(2);
        assertThat(rows.feature(Feature.AGE)).isEqualTo("40");
        assertThat(rows.feature(Feature.MONTHLY_INCOME)).isEmpty();
        assertThat(KaggleCsv.label(rows.label())).isEqualTo(1);
        assertThat(rows.column(0)).isEqualTo("2025-01-31");
        assertThat(rows.column(1)).isNull();
        assertThat(rows.next()).isTrue();
        assertThat(rows.lineNumber()).isEqualTo(4);
        assertThat(rows.problem()).isEqualTo("expected 13 columns, got 3");
        assertThat(rows.next()).isTrue();
        assertThat(rows.problem()).isNull();
        assertThat(rows.feature(Feature.AGE)).as("values are as written; checking them is the reader's")
                .isEqualTo("-3");
        assertThat(KaggleCsv.label(rows.label())).isEqualTo(CreditRecord.UNLABELED);
        assertThat(rows.column(0)).isEmpty();
        assertThat(rows.next()).isFalse();
        assertThat(KaggleCsv.label("2")).isNull();
    }

    private static void assertFails(String csv, long line, String reason) {
        assertThatThrownBy(() -> KaggleCsv.read(new BufferedReader(new StringReader(csv))))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(reason)
                .extracting(e -> ((CsvFormatException) e).line()).isEqualTo(line);
    }
}
