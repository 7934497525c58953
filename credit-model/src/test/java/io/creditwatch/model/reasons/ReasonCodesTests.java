package io.creditwatch.model.reasons;

import io.creditwatch.model.schema.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReasonCodesTests {

    @Test
    void theDefaultsCoverTheTenFeaturesInOrderWithDistinctCodes() {
        assertThat(ReasonCodes.DEFAULTS).extracting(ReasonCode::feature)
                .containsExactlyElementsOf(Feature.ALL.stream().map(Feature::jsonName).toList());
        assertThat(ReasonCodes.DEFAULTS).extracting(ReasonCode::code).doesNotHaveDuplicates();
    }

    @Test
    void aFileOverridesTheFeaturesItNames(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("codes.json"), """
                [{"feature": "DebtRatio", "code": "R07", "description": "Excessive obligations in relation to income"}]
                """);

        List<ReasonCode> codes = ReasonCodes.read(file);

        assertThat(codes).hasSize(Feature.COUNT);
        assertThat(codes.get(Feature.DEBT_RATIO.ordinal()))
                .isEqualTo(new ReasonCode("DebtRatio", "R07", "Excessive obligations in relation to income"));
        assertThat(codes.get(Feature.AGE.ordinal())).isEqualTo(ReasonCodes.DEFAULTS.get(Feature.AGE.ordinal()));
    }

    @Test
    void unknownFeaturesRepeatsAndSharedCodesAreRefused(@TempDir Path folder) throws IOException {
        assertThatThrownBy(() -> ReasonCodes.withOverrides(List.of(new ReasonCode("Income", "X", "x"))))
                .hasMessage("reason codes: 'Income' is not a feature of the schema");
        assertThatThrownBy(() -> ReasonCodes.withOverrides(List.of(new ReasonCode("age", "X", "x"),
                new ReasonCode("age", "Y", "y")))).hasMessage("reason codes: age is given twice");
        assertThatThrownBy(() -> ReasonCodes.withOverrides(List.of(new ReasonCode("age", "UTIL", "x"))))
                .hasMessageStartingWith("reason codes: two features share a code");
        Path blank = Files.writeString(folder.resolve("blank.json"),
                "[{\"feature\": \"age\", \"code\": \"\", \"description\": \"x\"}]");
        assertThatThrownBy(() -> ReasonCodes.read(blank)).isInstanceOf(IOException.class)
                .hasMessageContaining("blank.json");
    }
}
