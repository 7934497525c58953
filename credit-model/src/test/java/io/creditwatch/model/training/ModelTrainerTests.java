package io.creditwatch.model.training;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.reasons.AttributionProfile;
import io.creditwatch.model.reasons.ReasonCodes;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.stats.RankingCurve;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.ByteArrayInputStream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelTrainerTests {

    private static final LabelFactory LABELS = new LabelFactory();
    private static final TrainingOptions OPTIONS = TrainingOptions.builder("test-1").trees(60).build();
    private static List<CreditRecord> records;
    private static ModelBundle bundle;

    @BeforeAll
    static void train() {
        records = new SyntheticCreditGenerator(7).generate(20_000);
        bundle = ModelTrainer.train(records, "synthetic.csv", "abc", OPTIONS);
    }

    @Test
    void splitIsStratified() {
        ModelTrainer.Split split = ModelTrainer.split(records, 0.2, 42);
        double rate = records.stream().mapToInt(CreditRecord::label).average().orElseThrow();

        assertThat(split.holdout().size() + split.train().size()).isEqualTo(records.size());
        assertThat(split.holdout().size()).isCloseTo(4000, within(1));
        assertThat(split.holdout().stream().mapToInt(CreditRecord::label).average().orElseThrow())
                .isCloseTo(rate, within(0.0005));
        assertThat(split.train().stream().mapToInt(CreditRecord::label).average().orElseThrow())
                .isCloseTo(rate, within(0.0005));
    }

    @Test
    void modelCardRecordsDataParametersAndHoldoutMetrics() {
        ModelCard card = bundle.card();

        assertThat(card.modelVersion()).isEqualTo("test-1");
        assertThat(card.formatVersion()).isEqualTo(ModelBundle.FORMAT_VERSION);
        assertThat(card.data().rows()).isEqualTo(20_000);
        assertThat(card.data().trainRows() + card.data().holdoutRows()).isEqualTo(20_000);
        assertThat(card.parameters().numBoostRound()).isEqualTo(60);
        assertThat(card.parameters().maxDepth()).isEqualTo(5);
        assertThat(card.holdout().aucRoc()).isBetween(0.78, 0.9);
        assertThat(card.holdout().gini()).isCloseTo(2 * card.holdout().aucRoc() - 1, within(1e-12));
        assertThat(card.holdout().ks()).isBetween(0.3, 0.7);
        assertThat(card.holdout().accuracy()).isGreaterThan(0.9);
    }

    @Test
    void theCardRecordsTheHoldoutCurveWhoseAreaIsTheHoldoutAuc(@TempDir Path directory) throws Exception {
        RankingCurve curve = bundle.card().holdoutCurve();

        assertThat(curve.size()).isEqualTo(RankingCurve.REPORT_POINTS);
        assertThat(curve.falsePositiveRate()[0]).isZero();
        assertThat(curve.truePositiveRate()[curve.size() - 1]).isEqualTo(1.0);
        // 101 of the 4,000 hold-out rows' vertices: the drawn area is the AUC to within a few thousandths
        assertThat(curve.rocArea()).isCloseTo(bundle.card().holdout().aucRoc(), within(3e-3));
        bundle.write(directory);
        RankingCurve read = ModelBundle.readCard(directory).holdoutCurve();
        assertThat(read.truePositiveRate()).containsExactly(curve.truePositiveRate());
        assertThat(read.populationShare()).containsExactly(curve.populationShare());
        // a card written before curves were recorded reads without one
        String bundled = Files.readString(Path.of("../models/default").resolve(ModelBundle.CARD_FILE));
        Path older = Files.createDirectories(directory.resolve("older"));
        Files.writeString(older.resolve(ModelBundle.CARD_FILE),
                bundled.substring(0, bundled.indexOf(",\n  \"holdout_curve\"")) + "\n}");
        assertThat(ModelBundle.readCard(older).holdoutCurve()).isNull();
        assertThat(ModelBundle.readCard(older).holdout())
                .isEqualTo(ModelBundle.readCard(Path.of("../models/default")).holdout());
    }

    @Test
    void referenceProfileCoversEveryFeatureAndTheScore() {
        assertThat(bundle.profile().features()).extracting(p -> p.name())
                .containsExactlyElementsOf(Feature.ALL.stream().map(Feature::jsonName).toList());
        assertThat(bundle.profile().feature("NumberOfTime30-59DaysPastDueNotWorse").binning()).isEqualTo("discrete");
        assertThat(bundle.profile().feature("RevolvingUtilizationOfUnsecuredLines").binning()).isEqualTo("quantile");
        assertThat(bundle.profile().feature("MonthlyIncome").missingRate()).isCloseTo(0.198, within(0.015));
        assertThat(bundle.profile().score().total()).isEqualTo(bundle.card().data().holdoutRows());
    }

    @Test
    void masterScaleGradesTheHoldoutAndTheProfileRecordsItsDistribution() {
        MasterScale scale = bundle.card().masterScale();

        assertThat(scale.size()).isEqualTo(MasterScale.DEFAULT_GRADES);
        assertThat(scale.grades().stream().mapToLong(MasterScale.Grade::holdoutRows).sum())
                .isEqualTo(bundle.card().holdout().rows());
        assertThat(scale.grades().stream().mapToLong(MasterScale.Grade::holdoutDefaults).sum())
                .isEqualTo(bundle.card().holdout().positives());
        assertThat(bundle.profile().gradeCounts())
                .containsExactlyElementsOf(scale.grades().stream().map(MasterScale.Grade::holdoutRows).toList());
        for (int g = 1; g < scale.size(); g++) {
            MasterScale.Grade better = scale.grades().get(g - 1);
            MasterScale.Grade worse = scale.grades().get(g);
            assertThat(worse.lowerPd()).isEqualTo(better.upperPd());
            assertThat(worse.holdoutMeanPd()).isGreaterThan(better.holdoutMeanPd());
            assertThat((double) worse.holdoutDefaults() / worse.holdoutRows())
                    .as("observed default rate rises from grade %s to %s", better.grade(), worse.grade())
                    .isGreaterThan((double) better.holdoutDefaults() / better.holdoutRows());
        }
    }

    @Test
    void gradeBoundariesCanBeGiven() {
        ModelBundle given = ModelTrainer.train(records, "synthetic.csv", "abc",
                OPTIONS.toBuilder().gradeBoundaries(List.of(0.02, 0.1, 0.3)).build());

        assertThat(given.card().masterScale().grades()).extracting(MasterScale.Grade::upperPd)
                .containsExactly(0.02, 0.1, 0.3, 1.0);
        assertThat(given.profile().gradeCounts()).hasSize(4);
    }

    /** Formats 1 and 2 held a Tribuo model; such a bundle still reads and scores as Tribuo itself does. */
    @Test
    void formatOneBundlesWithATribuoModelStillReadAndScoreAsTribuo(@TempDir Path directory) throws Exception {
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("test", LABELS), LABELS);
        for (CreditRecord record : records.subList(0, 5000)) {
            dataset.add(tribuoExample(record, Integer.toString(record.label())));
        }
        XGBoostModel<Label> tribuo = new XGBoostClassificationTrainer(20).train(dataset);
        tribuo.serializeToFile(directory.resolve(ModelBundle.TRIBUO_FILE));
        for (String file : List.of(ModelBundle.CARD_FILE, ModelBundle.PROFILE_FILE)) {
            try (var format1 = ModelTrainerTests.class.getResourceAsStream("/bundle-format-1/" + file)) {
                Files.copy(format1, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ModelBundle read = ModelBundle.read(directory);

        assertThat(read.card().formatVersion()).isEqualTo(1);
        assertThat(read.card().masterScale()).isNull();
        assertThat(read.profile().gradeCounts()).isNull();
        assertThat(read.card().reasonCodes()).isNull();
        assertThat(read.card().reasons()).isEqualTo(ReasonCodes.DEFAULTS);
        assertThat(read.profile().attribution()).isNull();
        assertThat(read.card().holdout().aucRoc()).isEqualTo(0.8331008505636374);
        List<CreditRecord> sample = records.subList(5000, 7000);
        double[] scores = read.scorer().probabilities(ModelTrainer.featureRows(sample));
        for (int i = 0; i < sample.size(); i++) {
            double expected = tribuo.predict(tribuoExample(sample.get(i), "0")).getOutputScores()
                    .get(ModelTrainer.POSITIVE_LABEL).getScore();
            assertThat(scores[i]).as("row %d", i).isCloseTo(expected, within(1e-6));
        }
        assertThatThrownBy(() -> read.write(directory.resolve("again"))).isInstanceOf(IllegalStateException.class);
    }

    private static ArrayExample<Label> tribuoExample(CreditRecord record, String label) {
        ArrayExample<Label> example = new ArrayExample<>(new Label(label));
        for (Feature feature : Feature.ALL) {
            if (!Double.isNaN(record.get(feature))) {
                example.add(feature.jsonName(), record.get(feature));
            }
        }
        return example;
    }

    /** The reference of attribution drift: the mean |SHAP| per feature over the hold-out, recomputed here row by row. */
    @Test
    void theProfileHoldsTheHoldoutsMeanAbsoluteContributionsAndTheCardTheDefaultReasonCodes() {
        ModelTrainer.Split split = ModelTrainer.split(records, OPTIONS.holdoutFraction(), OPTIONS.seed());
        double[] sums = new double[Feature.COUNT];
        for (CreditRecord record : split.holdout()) {
            double[] contributions = bundle.scorer().contributions(record.features());
            for (int f = 0; f < Feature.COUNT; f++) {
                sums[f] += Math.abs(contributions[f]);
            }
        }
        AttributionProfile attribution = bundle.profile().attribution();

        assertThat(attribution.rows()).isEqualTo(split.holdout().size());
        for (Feature feature : Feature.ALL) {
            assertThat(attribution.meanAbsoluteContributions().get(feature.jsonName())).as(feature.jsonName())
                    .isCloseTo(sums[feature.ordinal()] / split.holdout().size(), within(1e-12));
        }
        assertThat(attribution.byFeature()[Feature.REVOLVING_UTILIZATION.ordinal()]).isGreaterThan(0.1);
        assertThat(bundle.card().reasonCodes()).isEqualTo(ReasonCodes.DEFAULTS);
    }

    @Test
    void sameDataAndSeedGiveTheSameModel() {
        ModelBundle again = ModelTrainer.train(records, "synthetic.csv", "abc", OPTIONS);

        assertThat(again.card().holdout()).isEqualTo(bundle.card().holdout());
        assertThat(again.profile()).isEqualTo(bundle.profile());
    }

    @Test
    void javaTreeScorerAgreesWithXGBoostItselfIncludingMissingValues() throws Exception {
        List<CreditRecord> sample = records.subList(0, 2000);
        assertThat(sample).anyMatch(r -> Double.isNaN(r.get(Feature.MONTHLY_INCOME)));
        assertThat(sample).anyMatch(r -> r.get(Feature.PAST_DUE_30_59_DAYS) == 0);

        double[] fast = bundle.scorer().probabilities(ModelTrainer.featureRows(sample));
        float[] values = new float[sample.size() * Feature.COUNT];
        for (int r = 0; r < sample.size(); r++) {
            for (int f = 0; f < Feature.COUNT; f++) {
                values[r * Feature.COUNT + f] = (float) sample.get(r).features()[f];
            }
        }
        Booster booster = XGBoost.loadModel(new ByteArrayInputStream(bundle.booster().bytes()));
        DMatrix matrix = new DMatrix(values, sample.size(), Feature.COUNT, Float.NaN);
        float[][] native_ = booster.predict(matrix);
        matrix.dispose();
        booster.dispose();
        for (int i = 0; i < sample.size(); i++) {
            assertThat(fast[i]).as("row %d", i).isCloseTo(native_[i][0], within(1e-6));
        }
    }

    @Test
    void scorerGivesTheSameAnswersFromManyThreads() throws Exception {
        double[][] rows = ModelTrainer.featureRows(records.subList(0, 64));
        CreditScorer scorer = bundle.scorer();
        double[] expected = scorer.probabilities(rows);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 64; task++) {
                int row = task;
                results.add(pool.submit(() -> {
                    for (int repeat = 0; repeat < 50; repeat++) {
                        if (scorer.probabilities(new double[][]{rows[row]})[0] != expected[row]) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void bundleSurvivesWritingAndReading(@TempDir Path directory) throws Exception {
        bundle.write(directory);

        assertThat(directory.resolve("model.json")).exists();
        assertThat(Files.readString(directory.resolve(ModelBundle.CARD_FILE))).contains("\"auc_roc\"",
                "\"model_version\" : \"test-1\"");
        assertThat(Files.readString(directory.resolve(ModelBundle.PROFILE_FILE))).contains("\"expected_proportions\"",
                "\"mean_absolute_contributions\"");
        assertThat(Files.readString(directory.resolve(ModelBundle.CARD_FILE))).contains("\"reason_codes\"",
                "\"code\" : \"DLQ90\"");
        ModelBundle read = ModelBundle.read(directory);
        assertThat(read.card()).isEqualTo(bundle.card());
        assertThat(read.profile()).isEqualTo(bundle.profile());
        double[][] rows = ModelTrainer.featureRows(records.subList(0, 20));
        assertThat(read.scorer().probabilities(rows))
                .containsExactly(bundle.scorer().probabilities(rows));
    }

    @Test
    void unlabelledRowsCannotTrain() {
        List<CreditRecord> unlabelled = List.of(new CreditRecord(records.get(0).features(), CreditRecord.UNLABELED));

        assertThatThrownBy(() -> ModelTrainer.train(unlabelled, "x", "y", OPTIONS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label");
    }
}
