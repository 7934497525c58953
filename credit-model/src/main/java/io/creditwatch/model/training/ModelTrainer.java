package io.creditwatch.model.training;

import io.creditwatch.model.bundle.HoldoutEvaluation;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.bundle.Profiler;
import io.creditwatch.model.bundle.ReferenceProfile;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.reasons.AttributionProfile;
import io.creditwatch.model.reasons.ReasonCodes;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.scoring.BoosterFile;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Trains an XGBoost classifier on labelled credit records and assembles its bundle: a
 * stratified train/hold-out split, training, hold-out evaluation at the serving threshold, the
 * master scale of rating grades, and the reference profile. The same records and options give the same model.
 */
public final class ModelTrainer {

    public static final String POSITIVE_LABEL = "1";
    /** The card's {@code model_type} of a model this trainer made. */
    public static final String MODEL_TYPE = "xgboost-binary-logistic";
    /** Fewer defaults in the hold-out than this cannot evaluate a model (the live validation's minimum too). */
    public static final int MIN_HOLDOUT_DEFAULTS = 20;
    /** Below this the hold-out's metrics and grades are imprecise: training warns. */
    public static final int RECOMMENDED_HOLDOUT_DEFAULTS = 200;

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
        BoosterFile model = fit(split.train(), options);
        progress.phase(
                "scoring the hold-out, deriving the rating grades, the calibration map and the reference profile, "
                        + "explaining the hold-out");

        List<String> columns = Feature.ALL.stream().map(Feature::jsonName).toList();
        CreditScorer scorer = new CreditScorer(model, columns, 1);
        double[][] holdoutRows = featureRows(split.holdout());
        double[] holdoutScores = scorer.probabilities(holdoutRows);
        int[] holdoutLabels = split.holdout().stream().mapToInt(CreditRecord::label).toArray();
        HoldoutEvaluation holdout = HoldoutEvaluation.of(holdoutScores, holdoutLabels, options.threshold(),
                options.gradeBoundaries(), "upper PD boundaries given at training", options.cutOff());
        long positives = records.stream().filter(record -> record.label() == 1).count();
        ModelCard card = new ModelCard(
                ModelBundle.FORMAT_VERSION,
                options.version(),
                Instant.now(),
                MODEL_TYPE,
                columns,
                POSITIVE_LABEL,
                options.threshold(),
                new ModelCard.DataSource(source, sha256, records.size(), positives, split.train().size(),
                        split.holdout().size(), options.holdoutFraction(), options.seed()),
                options.parameters(),
                holdout.metrics(),
                holdout.masterScale(),
                null,
                PerformanceWindow.STANDARD_MONTHS,
                SeasoningCurve.standard(PerformanceWindow.STANDARD_MONTHS),
                holdout.calibration(),
                ReasonCodes.DEFAULTS,
                holdout.curve(),
                holdout.decision());
        ReferenceProfile profile = new ReferenceProfile(ModelBundle.FORMAT_VERSION, options.version(),
                split.train().size(), Profiler.features(split.train()), holdout.scoreProfile(), holdout.gradeCounts(),
                AttributionProfile.of(scorer, holdoutRows));
        return new ModelBundle(model, card, profile);
    }

    /**
     * The hold-out a card's model was evaluated on, drawn again from its training data: the same
     * stratified split of the same rows, by the card's hold-out fraction and split seed.
     *
     * @throws IllegalArgumentException when the data is not the card's (its SHA-256 differs)
     */
    public static List<CreditRecord> holdout(List<CreditRecord> records, String sha256, ModelCard.DataSource data) {
        if (!sha256.equals(data.sha256())) {
            throw new IllegalArgumentException("the data's SHA-256 " + sha256 + " is not the training data's "
                    + data.sha256() + " (" + data.source() + "): its hold-out cannot be drawn again");
        }
        return split(records, data.holdoutFraction(), data.splitSeed()).holdout();
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

    /**
     * Trains a {@code binary:logistic} booster with XGBoost4J: one tree per round (a two-class
     * {@code multi:softprob} booster, what Tribuo trains, needs two for the same model), columns in the
     * schema's order, NaN for missing. Written as XGBoost's JSON model, so that the bundle holds
     * exactly what a data scientist's Python XGBoost would have saved.
     */
    private static BoosterFile fit(List<CreditRecord> train, TrainingOptions options) {
        float[] values = new float[train.size() * Feature.COUNT];
        float[] labels = new float[train.size()];
        for (int r = 0; r < train.size(); r++) {
            CreditRecord record = train.get(r);
            for (int f = 0; f < Feature.COUNT; f++) {
                values[r * Feature.COUNT + f] = (float) record.features()[f];
            }
            labels[r] = record.label();
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("booster", "gbtree");
        parameters.put("objective", "binary:logistic");
        parameters.put("tree_method", "hist");
        parameters.put("eta", options.eta());
        parameters.put("gamma", options.gamma());
        parameters.put("max_depth", options.maxDepth());
        parameters.put("min_child_weight", options.minChildWeight());
        parameters.put("subsample", options.subsample());
        parameters.put("colsample_bytree", options.columnSubsample());
        parameters.put("lambda", options.lambda());
        parameters.put("alpha", options.alpha());
        parameters.put("nthread", options.threads());
        parameters.put("seed", options.seed());
        parameters.put("verbosity", 0);
        DMatrix matrix = null;
        Booster booster = null;
        try {
            matrix = new DMatrix(values, train.size(), Feature.COUNT, Float.NaN);
            matrix.setLabel(labels);
            booster = XGBoost.train(matrix, parameters, options.trees(), Map.of(), null, null);
            return BoosterFile.parse(booster.toByteArray("json"));
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("XGBoost could not train or save the model: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (matrix != null) {
                matrix.dispose();
            }
        }
    }

    public static double[][] featureRows(List<CreditRecord> records) {
        return records.stream().map(CreditRecord::features).toArray(double[][]::new);
    }
}
