package io.creditwatch.model.training;

import io.creditwatch.model.bundle.DistributionProfile;
import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.bundle.Profiler;
import io.creditwatch.model.bundle.ReferenceProfile;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.stats.ConfusionMatrix;
import io.creditwatch.model.stats.RankingMetrics;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Trains a Tribuo XGBoost classifier on labelled credit records and assembles its bundle: a
 * stratified train/hold-out split, training, hold-out evaluation at the serving threshold, the
 * master scale of rating grades, and the reference profile. The same records and options give the same model.
 */
public final class ModelTrainer {

    public static final String POSITIVE_LABEL = "1";
    /** Fewer defaults in the hold-out than this cannot evaluate a model (the live validation's minimum too). */
    public static final int MIN_HOLDOUT_DEFAULTS = 20;
    /** Below this the hold-out's metrics and grades are imprecise: training warns. */
    public static final int RECOMMENDED_HOLDOUT_DEFAULTS = 200;
    private static final LabelFactory LABELS = new LabelFactory();

    private ModelTrainer() {
    }

    /** The records of a stratified split: each class is split in the same proportion. */
    record Split(List<CreditRecord> train, List<CreditRecord> holdout) {
    }

    /**
     * @param source a name for the data (a file name), recorded in the model card
     * @param sha256 the data's SHA-256, recorded in the model card
     */
    public static ModelBundle train(List<CreditRecord> records, String source, String sha256, TrainingOptions options) {
        return train(records, source, sha256, options, Progress.SILENT);
    }

    /** What training tells as it goes: its phases, and warnings about the data. */
    public interface Progress {
        Progress SILENT = new Progress() {
            @Override
            public void phase(String message) {
            }

            @Override
            public void warning(String message) {
            }
        };

        void phase(String message);

        void warning(String message);
    }

    /**
     * @throws IllegalArgumentException when the data is too small to give a meaningful hold-out
     */
    public static ModelBundle train(List<CreditRecord> records, String source, String sha256, TrainingOptions options,
                                    Progress progress) {
        records.forEach(ModelTrainer::requireLabel);
        long holdoutDefaults = Math.round(options.holdoutFraction()
                * records.stream().filter(record -> record.label() == 1).count());
        if (holdoutDefaults < MIN_HOLDOUT_DEFAULTS) {
            throw new IllegalArgumentException("too little data: the " + Math.round(options.holdoutFraction() * 100)
                    + "% hold-out of " + records.size() + " rows holds " + holdoutDefaults + " defaults, and at least "
                    + MIN_HOLDOUT_DEFAULTS + " are needed to evaluate a model; give more labelled rows");
        }
        if (holdoutDefaults < RECOMMENDED_HOLDOUT_DEFAULTS) {
            progress.warning("only " + holdoutDefaults + " defaults in the hold-out: its metrics and rating grades are "
                    + "imprecise (" + RECOMMENDED_HOLDOUT_DEFAULTS + " or more recommended)");
        }
        Split split = split(records, options.holdoutFraction(), options.seed());
        progress.phase("split " + records.size() + " rows: " + split.train().size() + " to train, "
                + split.holdout().size() + " held out (" + holdoutDefaults + " defaults)");
        progress.phase("training " + options.trees() + " rounds of XGBoost (hist trees, depth " + options.maxDepth()
                + ", " + options.threads() + " threads)");
        XGBoostModel<Label> model = fit(split.train(), source, options);
        progress.phase("scoring the hold-out, deriving the rating grades and the reference profile");

        double[] holdoutScores = new CreditScorer(model, POSITIVE_LABEL).probabilities(featureRows(split.holdout()));
        int[] holdoutLabels = split.holdout().stream().mapToInt(CreditRecord::label).toArray();
        RankingMetrics ranking = RankingMetrics.of(holdoutScores, holdoutLabels);
        ConfusionMatrix confusion = ConfusionMatrix.atThreshold(holdoutScores, holdoutLabels, options.threshold());

        MasterScale masterScale = options.gradeBoundaries().isEmpty()
                ? MasterScale.derive(holdoutScores, holdoutLabels, MasterScale.DEFAULT_GRADES)
                : MasterScale.withBoundaries(options.gradeBoundaries().stream().mapToDouble(Double::doubleValue).toArray(),
                        holdoutScores, holdoutLabels, "upper PD boundaries given at training");
        long positives = records.stream().filter(record -> record.label() == 1).count();
        ModelCard card = new ModelCard(
                ModelBundle.FORMAT_VERSION,
                options.version(),
                Instant.now(),
                "tribuo-xgboost-classification",
                Feature.ALL.stream().map(Feature::jsonName).toList(),
                POSITIVE_LABEL,
                options.threshold(),
                new ModelCard.DataSource(source, sha256, records.size(), positives, split.train().size(),
                        split.holdout().size(), options.holdoutFraction(), options.seed()),
                options.parameters(),
                new ModelCard.HoldoutMetrics(split.holdout().size(), ranking.positives(), confusion.accuracy(),
                        confusion.precision(), confusion.recall(), confusion.f1(), ranking.aucRoc(), ranking.gini(),
                        ranking.ks()),
                masterScale);
        ReferenceProfile profile = new ReferenceProfile(ModelBundle.FORMAT_VERSION, options.version(),
                split.train().size(), featureProfiles(split.train()),
                Profiler.profile("score", holdoutScores, new DistributionProfile.Range(0, 1)),
                Arrays.stream(masterScale.counts(holdoutScores)).boxed().toList());
        return new ModelBundle(model, card, profile);
    }

    static Split split(List<CreditRecord> records, double holdoutFraction, long seed) {
        List<CreditRecord> train = new ArrayList<>();
        List<CreditRecord> holdout = new ArrayList<>();
        Random random = new Random(seed);
        for (int label = 0; label <= 1; label++) {
            final int wanted = label;
            List<CreditRecord> ofClass = records.stream()
                    .peek(ModelTrainer::requireLabel)
                    .filter(record -> record.label() == wanted)
                    .collect(Collectors.toCollection(ArrayList::new));
            if (ofClass.size() < 2) {
                throw new IllegalArgumentException("training needs at least two rows of each class; label "
                        + wanted + " has " + ofClass.size());
            }
            Collections.shuffle(ofClass, random);
            int holdoutSize = (int) Math.max(1, Math.round(holdoutFraction * ofClass.size()));
            holdout.addAll(ofClass.subList(0, holdoutSize));
            train.addAll(ofClass.subList(holdoutSize, ofClass.size()));
        }
        Collections.shuffle(train, random);
        return new Split(train, holdout);
    }

    private static void requireLabel(CreditRecord record) {
        if (!record.labeled()) {
            throw new IllegalArgumentException("every training row needs a label (SeriousDlqin2yrs); one has none");
        }
    }

    private static XGBoostModel<Label> fit(List<CreditRecord> train, String source, TrainingOptions options) {
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(source, LABELS), LABELS);
        for (CreditRecord record : train) {
            ArrayExample<Label> example = new ArrayExample<>(new Label(Integer.toString(record.label())));
            for (Feature feature : Feature.ALL) {
                double value = record.get(feature);
                if (!Double.isNaN(value)) {
                    example.add(feature.jsonName(), value);
                }
            }
            dataset.add(example);
        }
        XGBoostClassificationTrainer trainer = new XGBoostClassificationTrainer(
                XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST, options.trees(), options.eta(),
                options.gamma(), options.maxDepth(), options.minChildWeight(), options.subsample(),
                options.columnSubsample(), options.lambda(), options.alpha(), options.threads(),
                XGBoostTrainer.LoggingVerbosity.SILENT, options.seed());
        return trainer.train(dataset);
    }

    private static List<DistributionProfile> featureProfiles(List<CreditRecord> rows) {
        List<DistributionProfile> profiles = new ArrayList<>();
        for (Feature feature : Feature.ALL) {
            double[] values = rows.stream().mapToDouble(record -> record.get(feature)).toArray();
            profiles.add(Profiler.profile(feature.jsonName(), values,
                    new DistributionProfile.Range(feature.min(), feature.max())));
        }
        return profiles;
    }

    public static double[][] featureRows(List<CreditRecord> records) {
        return records.stream().map(CreditRecord::features).toArray(double[][]::new);
    }
}
