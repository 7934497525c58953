package io.creditwatch.model.bundle;

import io.creditwatch.model.scoring.RiskBands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MasterScaleTests {

    /** docs/credit-validation.md shows the bundled model's scale: the table is the card's, row by row. */
    @Test
    void documentedScaleIsTheBundledModels() throws IOException {
        MasterScale scale = ModelBundle.readCard(Path.of("../models/default")).masterScale();
        List<String> expected = new ArrayList<>();
        for (MasterScale.Grade grade : scale.grades()) {
            expected.add(String.format(Locale.ROOT, "| %s | %s%s, %s] | %,d | %,d | %.2f%% | %.2f%% |", grade.grade(),
                    grade.lowerPd() == 0 ? "[" : "(", plain(grade.lowerPd()), plain(grade.upperPd()),
                    grade.holdoutRows(),
                    grade.holdoutDefaults(), 100.0 * grade.holdoutDefaults() / grade.holdoutRows(),
                    100 * grade.holdoutMeanPd()));
        }
        List<String> documented = Files.readAllLines(Path.of("../docs/credit-validation.md")).stream()
                .filter(line -> line.matches("\\| \\d+ \\| [\\[(].*")).toList();

        assertThat(documented).containsExactlyElementsOf(expected);
    }

    private static String plain(double pd) {
        return BigDecimal.valueOf(pd).stripTrailingZeros().toPlainString();
    }

    @Test
    void givenBoundariesGradeLowerInclusiveAsBandsDoAndRecordTheHoldout() {
        double[] pds = {0.005, 0.01, 0.02, 0.03, 0.2, 0.5};
        int[] labels = {0, 0, 1, 0, 1, 1};
        MasterScale scale = MasterScale.withBoundaries(new double[]{0.01, 0.1}, pds, labels, "given");

        assertThat(scale.size()).isEqualTo(3);
        assertThat(scale.indexesOf(new double[]{0, 0.009999, 0.01, 0.010001, 0.1, 0.7, 1}))
                .containsExactly(0, 0, 1, 1, 2, 2, 2);
        MasterScale.Grade first = scale.grades().get(0);
        assertThat(first.grade()).isEqualTo("1");
        assertThat(first.lowerPd()).isZero();
        assertThat(first.upperPd()).isEqualTo(0.01);
        assertThat(first.holdoutRows()).isEqualTo(1);
        assertThat(first.holdoutDefaults()).isZero();
        assertThat(first.holdoutMeanPd()).isCloseTo(0.005, within(1e-12));
        MasterScale.Grade second = scale.grades().get(1);
        assertThat(second.holdoutRows()).isEqualTo(3);
        assertThat(second.holdoutDefaults()).isEqualTo(1);
        assertThat(scale.grades().get(2).upperPd()).isEqualTo(1.0);
        assertThat(scale.counts(pds)).containsExactly(1, 3, 2);
    }

    /** A PD on a boundary goes to the riskier side in the grades, the risk bands and the decision alike. */
    @Test
    void gradesBandsAndTheThresholdPutABoundaryPdOnTheRiskierSide() {
        MasterScale scale = MasterScale.withBoundaries(new double[]{0.05, 0.2}, new double[]{0.1}, new int[]{0},
                "bands");
        RiskBands bands = RiskBands.STANDARD;

        for (double boundary : new double[]{0.05, 0.2}) {
            int grade = scale.indexesOf(new double[]{boundary})[0];
            assertThat(bands.names().get(grade)).as("PD %s", boundary).isEqualTo(bands.bandOf(boundary));
            assertThat(scale.indexesOf(new double[]{Math.nextDown(boundary)})[0]).isEqualTo(grade - 1);
        }
    }

    @Test
    void derivedGradesCarryEqualExpectedDefaults() {
        // PDs 0.001, 0.002, ..., 0.400: a total of 80.2; eight grades of about 10.0 expected defaults.
        double[] pds = IntStream.rangeClosed(1, 400).mapToDouble(i -> i / 1000.0).toArray();
        int[] labels = new int[pds.length];
        MasterScale scale = MasterScale.derive(pds, labels, 8);

        assertThat(scale.size()).isEqualTo(8);
        // The first boundary: the cumulative sum i(i+1)/2000 first reaches 80.2/8 = 10.025 at i = 141.
        assertThat(scale.grades().get(0).upperPd()).isEqualTo(0.14);
        // Rounding a boundary near 0.3 to 0.01 moves up to ten rows of PD 0.3 across it: 3 expected defaults.
        for (MasterScale.Grade grade : scale.grades()) {
            assertThat(grade.holdoutRows() * grade.holdoutMeanPd()).as("expected defaults of grade " + grade.grade())
                    .isCloseTo(10.0, within(3.0));
        }
        assertThat(scale.grades().get(7).upperPd()).isEqualTo(1.0);
    }

    @Test
    void boundariesMustRiseInsideZeroOne() {
        assertThatThrownBy(() -> MasterScale.withBoundaries(new double[]{0.1, 0.05}, new double[0], new int[0], "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rise strictly");
        assertThatThrownBy(() -> MasterScale.withBoundaries(new double[]{1.0}, new double[0], new int[0], "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
