package io.creditwatch.model.data;

import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertFails(KaggleCsv.header() + "\r\n1,0,0.5,40,0,0.3,5000,4,0,1,0,0\r\n2,0,0.5,forty,0,0.3,5000,4,0,1,0,0\r\n",
                3, "age holds 'forty', not a number");
        assertFails(KaggleCsv.header() + "\r\n1,2,0.5,40,0,0.3,5000,4,0,1,0,0\r\n", 2, "SeriousDlqin2yrs must be 0, 1 or empty");
        assertFails(KaggleCsv.header() + "\r\n1,0,0.5,NA,0,0.3,5000,4,0,1,0,0\r\n", 2, "age is missing but may not be");
        assertFails(KaggleCsv.header() + "\r\n1,0,-0.5,40,0,0.3,5000,4,0,1,0,0\r\n", 2, "values must be finite and not negative");
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

    private static void assertFails(String csv, long line, String reason) {
        assertThatThrownBy(() -> KaggleCsv.read(new BufferedReader(new StringReader(csv))))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(reason)
                .extracting(e -> ((CsvFormatException) e).line()).isEqualTo(line);
    }
}
