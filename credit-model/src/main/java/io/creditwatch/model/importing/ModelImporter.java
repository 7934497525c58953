package io.creditwatch.model.importing;

import io.creditwatch.model.bundle.HoldoutEvaluation;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.bundle.Profiler;
import io.creditwatch.model.bundle.ReferenceProfile;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.FileDigest;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.reasons.AttributionProfile;
import io.creditwatch.model.reasons.ReasonCodes;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.scoring.BoosterFile;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.training.ModelTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds a model bundle around an XGBoost model trained elsewhere: a booster saved by
 * {@code save_model} (JSON or UBJSON) or an MLflow model directory of the xgboost flavour. The
 * booster is stored unchanged; its columns are named by the names saved in it, else by the MLflow
 * signature, else (with a warning) taken to be the schema's order, and must be the schema's ten
 * features. The reference profile comes from the reference rows, the card's hold-out metrics and
 * rating grades and its calibration map from the labelled evaluation rows, and the card records where the model came from.
 */
public final class ModelImporter {

    /**
     * @param model the saved booster, or an MLflow model directory
     * @param reference rows like the training data (labels optional): the reference of the drift and data-quality gauges
     * @param evaluation labelled rows the model was not trained on: the card's hold-out metrics and grades
     * @param version the model version, or null for {@code <date>-<first 8 hex of the model's SHA-256>}
     * @param gradeBoundaries upper PD boundaries of the rating grades, or empty to derive them
     * @param cutOff how the lender's cut-off is chosen on the evaluation rows
     */
    public record Options(Path model, Path reference, Path evaluation, String version, double threshold,
                          List<Double> gradeBoundaries, ModelCard.CutOffChoice cutOff) {
    }

    private ModelImporter() {
    }

    public static ModelBundle importModel(Options options, ModelTrainer.Progress progress) throws IOException {
        MlflowModel mlflow = null;
        Path modelFile = options.model();
        if (Files.isDirectory(modelFile)) {
            if (!MlflowModel.isModelDirectory(modelFile)) {
                throw new IOException(modelFile + ": a directory, but not an MLflow model directory (it has no "
                        + MlflowModel.MLMODEL + " file)");
            }
            mlflow = MlflowModel.read(modelFile);
            modelFile = mlflow.modelFile();
            progress.phase("MLflow model of run " + mlflow.runId() + ", model file " + modelFile.getFileName());
        }
        BoosterFile booster = BoosterFile.read(modelFile);
        progress.phase("read " + booster.objective() + " booster (" + booster.format() + ", " + booster.rounds()
                + " rounds, saved by XGBoost " + booster.xgboostVersion() + ")");
        List<String> columns = columns(booster, mlflow, progress);
        CreditScorer scorer = new CreditScorer(booster, columns, 1);

        List<CreditRecord> reference = KaggleCsv.read(options.reference());
        List<CreditRecord> evaluation = KaggleCsv.read(options.evaluation());
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("import: the reference file " + options.reference() + " has no rows");
        }
        if (evaluation.stream().anyMatch(record -> !record.labeled())) {
            throw new IllegalArgumentException("import: every evaluation row needs a label (SeriousDlqin2yrs)");
        }
        int[] labels = evaluation.stream().mapToInt(CreditRecord::label).toArray();
        long defaults = Arrays.stream(labels).filter(label -> label == 1).count();
        if (defaults < ModelTrainer.MIN_HOLDOUT_DEFAULTS || defaults == labels.length) {
            throw new IllegalArgumentException("import: the evaluation file holds " + defaults + " defaults in "
                    + labels.length + " rows; at least " + ModelTrainer.MIN_HOLDOUT_DEFAULTS
                    + " defaults and some repaid rows are needed to evaluate a model");
        }
        if (defaults < ModelTrainer.RECOMMENDED_HOLDOUT_DEFAULTS) {
            progress.warning("only " + defaults + " defaults in the evaluation file: the card's metrics and rating "
                    + "grades are imprecise (" + ModelTrainer.RECOMMENDED_HOLDOUT_DEFAULTS + " or more recommended)");
        }
        if (Files.isSameFile(options.reference(), options.evaluation())) {
            progress.warning("the evaluation file is the reference file: if the model was trained on these rows, "
                    + "its metrics are optimistic");
        }
        progress.phase("scoring and explaining " + evaluation.size() + " evaluation rows, profiling " + reference.size()
                + " reference rows");
        double[][] evaluationRows = ModelTrainer.featureRows(evaluation);
        double[] scores = scorer.probabilities(evaluationRows);
        HoldoutEvaluation holdout = HoldoutEvaluation.of(scores, labels, options.threshold(), options.gradeBoundaries(),
                "upper PD boundaries given at import", options.cutOff());

        String modelSha256 = FileDigest.sha256(modelFile);
        String version = options.version() != null ? options.version()
                : ModelCard.defaultVersion(modelSha256);
        ModelCard.Origin origin = new ModelCard.Origin(modelFile.getFileName().toString(), modelSha256,
                booster.format().name().toLowerCase(Locale.ROOT), booster.xgboostVersion(), booster.objective(),
                booster.rounds(), mlflow == null ? null : mlflow.runId(), mlflow == null ? null : mlflow.modelUuid(),
                mlflow == null ? null : mlflow.mlflowVersion(), options.reference().getFileName().toString(),
                FileDigest.sha256(options.reference()), reference.size(), options.evaluation().getFileName().toString(),
                FileDigest.sha256(options.evaluation()));
        ModelCard card = new ModelCard(ModelBundle.FORMAT_VERSION, version, Instant.now(),
                "xgboost-" + booster.objective().replace(':', '-'), columns, ModelTrainer.POSITIVE_LABEL,
                options.threshold(), null, null, holdout.metrics(), holdout.masterScale(), origin,
                PerformanceWindow.STANDARD_MONTHS, SeasoningCurve.standard(PerformanceWindow.STANDARD_MONTHS),
                holdout.calibration(),
                ReasonCodes.DEFAULTS, holdout.curve(), holdout.decision());
        ReferenceProfile profile = new ReferenceProfile(ModelBundle.FORMAT_VERSION, version, reference.size(),
                Profiler.features(reference), holdout.scoreProfile(), holdout.gradeCounts(),
                AttributionProfile.of(scorer, evaluationRows));
        return new ModelBundle(booster, card, profile);
    }

    /** The schema feature of each booster column: saved names, else the MLflow signature, else the schema's order. */
    private static List<String> columns(BoosterFile booster, MlflowModel mlflow, ModelTrainer.Progress progress) {
        List<String> saved = booster.featureNames();
        List<String> signature = mlflow == null ? List.of() : mlflow.inputNames();
        if (!saved.isEmpty() && !signature.isEmpty() && !saved.equals(signature)) {
            throw new IllegalArgumentException("import: the model's saved feature names " + saved
                    + " differ from its MLflow signature's columns " + signature);
        }
        if (!saved.isEmpty()) {
            return saved;
        }
        if (!signature.isEmpty()) {
            return signature;
        }
        List<String> schema = Feature.ALL.stream().map(Feature::jsonName).toList();
        progress.warning("the model saved no feature names and has no MLflow signature: its " + booster.columnCount()
                + " columns are taken to be the schema's features in the Kaggle order (" + String.join(", ", schema)
                + "); train on a DataFrame with these column names to have them checked");
        return schema;
    }
}
