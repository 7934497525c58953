package io.creditwatch.model.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairedDeLongTests {

    @Test
    void agreesWithCountingEveryPair() {
        // Reference: src/test/resources/stats/paired_delong.py (numpy, every defaulter-payer pair;
        // scipy.stats.norm for the tails), on the same deterministic 80 rows with many ties.
        int rows = 80;
        double[] a = new double[rows];
        double[] b = new double[rows];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            int bucket = (i * 37) % 23;
            labels[i] = (i * i * 31 + bucket * 3) % 10 < 3 ? 1 : 0;
            a[i] = bucket / 23.0;
            b[i] = (labels[i] == 1 ? Math.min(bucket + 4, 22) : bucket) / 23.0;
        }
        PairedDeLong test = PairedDeLong.of(a, b, labels);

        assertThat(test.positives()).isEqualTo(24);
        assertThat(test.negatives()).isEqualTo(56);
        assertThat(test.aucA()).isCloseTo(0.54501488095238093, within(1e-12));
        assertThat(test.aucB()).isCloseTo(0.6964285714285714, within(1e-12));
        assertThat(test.standardError()).isCloseTo(0.014104354869337865, within(1e-12));
        assertThat(test.z()).isCloseTo(10.735243963930316, within(1e-9));
        assertThat(test.pValue()).isCloseTo(6.9535062229928213e-27, within(1e-35));
        assertThat(test.pValueBBetter()).isCloseTo(3.4767531114964106e-27, within(1e-35));
        assertThat(test.aucA()).as("the single-model DeLong AUC").isCloseTo(DeLongAuc.of(a, labels).auc(),
                within(1e-15));
    }

    @Test
    void aModelAgainstItselfShowsNoDifference() {
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05};
        int[] labels = {1, 1, 0, 1, 0, 1, 0, 0, 0, 0};
        PairedDeLong test = PairedDeLong.of(scores, scores.clone(), labels);

        assertThat(test.difference()).isZero();
        assertThat(test.standardError()).isZero();
        assertThat(test.z()).isZero();
        assertThat(test.pValue()).isEqualTo(1.0);
        assertThat(test.pValueBBetter()).isEqualTo(0.5);
    }

    @Test
    void pairingNarrowsTheTestAndSwappingTheModelsFlipsIt() {
        // both models share most of their error (0.6 on the risk), B has a little less of its own
        Scored scored = Scored.draw(new SplittableRandom(7), 3_000, 0.6, 0.4, 0.3);
        PairedDeLong test = PairedDeLong.of(scored.a, scored.b, scored.labels);
        PairedDeLong swapped = PairedDeLong.of(scored.b, scored.a, scored.labels);
        double unpaired = Math.hypot(DeLongAuc.of(scored.a, scored.labels).standardError(),
                DeLongAuc.of(scored.b, scored.labels).standardError());

        assertThat(test.standardError()).as("paired against unpaired standard error").isLessThan(unpaired / 2);
        assertThat(swapped.z()).isCloseTo(-test.z(), within(1e-12));
        assertThat(swapped.pValue()).isCloseTo(test.pValue(), within(1e-12));
        assertThat(swapped.pValueBBetter()).isCloseTo(1 - test.pValueBBetter(), within(1e-12));
    }

    @Test
    void twoEquallyGoodModelsAreCalledBetterAtTheTestsLevel() {
        // Seeded repetitions: two models of the same quality (independent noise of the same size
        // on a shared risk); "B better" at 5% must come out near 5% of the time.
        SplittableRandom random = new SplittableRandom(11);
        int repetitions = 400;
        int significant = 0;
        for (int r = 0; r < repetitions; r++) {
            Scored scored = Scored.draw(random, 1_500, 0, 0.5, 0.5);
            significant += PairedDeLong.of(scored.a, scored.b, scored.labels).pValueBBetter() < 0.05 ? 1 : 0;
        }
        // binomial(400, 0.05): mean 20, standard deviation 4.4
        assertThat(significant).isBetween(8, 33);
    }

    /**
     * Applicants with a standard normal risk, defaulting with a logistic probability of it, scored
     * by two models: the risk plus a shared error and an error of each model's own.
     */
    private record Scored(double[] a, double[] b, int[] labels) {

        static Scored draw(SplittableRandom random, int rows, double sharedError, double errorA, double errorB) {
            double[] a = new double[rows];
            double[] b = new double[rows];
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                double risk = random.nextGaussian();
                labels[i] = random.nextDouble() < 1 / (1 + Math.exp(2.5 - 1.5 * risk)) ? 1 : 0;
                double shared = risk + sharedError * random.nextGaussian();
                a[i] = shared + errorA * random.nextGaussian();
                b[i] = shared + errorB * random.nextGaussian();
            }
            return new Scored(a, b, labels);
        }
    }

    @Test
    void refusesWhatItCannotTest() {
        assertThatThrownBy(() -> PairedDeLong.of(new double[]{0.1, 0.2}, new double[]{0.1}, new int[]{0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                () -> PairedDeLong.of(new double[]{0.1, 0.2, 0.3}, new double[]{0.1, 0.2, 0.3}, new int[]{0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two of each class");
    }
}
