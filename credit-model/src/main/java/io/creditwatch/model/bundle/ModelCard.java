package io.creditwatch.model.bundle;

import io.creditwatch.model.estimation.CalibrationMap;
import io.creditwatch.model.outcome.PerformanceWindow;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.reasons.ReasonCode;
import io.creditwatch.model.reasons.ReasonCodes;
import io.creditwatch.model.scoring.DecisionPolicy;
import io.creditwatch.model.stats.ConfusionMatrix;
import io.creditwatch.model.stats.RankingCurve;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a model bundle's {@code model-card.json} says about its model: identity, where the
 * training data came from, how it was trained and how it did on the hold-out set at the serving
 * threshold; from format 2 on, its master scale of rating grades (null in a format-1 card); from
 * format 3 on, for a model trained elsewhere and imported, where it came from ({@code origin}; then
 * {@code data} and {@code parameters}, which only the trainer knows, are null); the outcome's
 * performance window and seasoning curve (null in cards written before they were recorded:
 * {@link #window()} and {@link #seasoning()} give the standard ones then); the calibration map of the
 * served probability and the hold-out figures of performance estimation (null in cards written
 * before it: the model's performance is then not estimated); the reason codes of the ten features
 * (null in cards written before reasons: {@link #reasons()} gives the defaults then); the hold-out's
 * ROC and CAP points, at most {@value RankingCurve#REPORT_POINTS} (null in cards written before
 * they were recorded), which the validation report draws beside the live window's; the lender's
 * decision policy, its cut-off and the hold-out's figures at it (null in cards written before it:
 * {@link #cutOff()} is then the threshold).
 */
public record ModelCard(
                        int formatVersion,
                        String modelVersion,
                        Instant createdAt,
                        String modelType,
                        List<String> features,
                        String positiveLabel,
                        double threshold,
                        DataSource data,
                        Parameters parameters,
                        HoldoutMetrics holdout,
                        MasterScale masterScale,
                        Origin origin,
                        Integer performanceWindowMonths,
                        SeasoningCurve seasoningCurve,
                        CalibrationMap calibration,
                        List<ReasonCode> reasonCodes,
                        RankingCurve holdoutCurve,
                        Decision decision) {

    public ModelCard {
        if (reasonCodes != null) {
            reasonCodes = ReasonCodes.withOverrides(reasonCodes);
        }
        // the fields are not assigned yet: window() would read the standard window here
        int windowMonths = performanceWindowMonths == null ? PerformanceWindow.STANDARD_MONTHS
                : new PerformanceWindow(performanceWindowMonths).months();
        if (seasoningCurve != null && seasoningCurve.windowMonths() != windowMonths) {
            throw new IllegalArgumentException("the seasoning curve covers " + seasoningCurve.windowMonths()
                    + " months, the performance window " + windowMonths);
        }
    }

    /** The outcome's performance window; a card written before it was recorded has the standard 24 months. */
    public PerformanceWindow window() {
        return performanceWindowMonths == null ? PerformanceWindow.STANDARD
                : new PerformanceWindow(performanceWindowMonths);
    }

    /** The card's seasoning curve, or the documented standard one over its window. */
    public SeasoningCurve seasoning() {
        return seasoningCurve != null ? seasoningCurve : SeasoningCurve.standard(window().months());
    }

    /** This card with another outcome definition: the window and the seasoning curve over it. */
    public ModelCard withOutcome(int windowMonths, SeasoningCurve curve) {
        return new ModelCard(formatVersion, modelVersion, createdAt, modelType, features, positiveLabel, threshold,
                data,
                parameters, holdout, masterScale, origin, windowMonths, curve, calibration, reasonCodes, holdoutCurve,
                decision);
    }

    /** The reason codes of the ten features, in the schema's order; a card written before them has the defaults. */
    public List<ReasonCode> reasons() {
        return reasonCodes != null ? reasonCodes : ReasonCodes.DEFAULTS;
    }

    /** This card with other reason codes (one per feature; the defaults stand for those not given). */
    public ModelCard withReasonCodes(List<ReasonCode> codes) {
        return new ModelCard(formatVersion, modelVersion, createdAt, modelType, features, positiveLabel, threshold,
                data,
                parameters, holdout, masterScale, origin, performanceWindowMonths, seasoningCurve, calibration,
                ReasonCodes.withOverrides(codes), holdoutCurve, decision);
    }

    /** This card with the hold-out's ROC and CAP points (null: none). */
    public ModelCard withHoldoutCurve(RankingCurve curve) {
        return new ModelCard(formatVersion, modelVersion, createdAt, modelType, features, positiveLabel, threshold,
                data,
                parameters, holdout, masterScale, origin, performanceWindowMonths, seasoningCurve, calibration,
                reasonCodes, curve, decision);
    }

    /**
     * The lender's cut-off the card's model decides with; a card written before cut-offs has the
     * threshold as a PD cut-off.
     */
    public DecisionPolicy cutOff() {
        return decision != null ? decision.cutOff() : DecisionPolicy.ofPd(threshold);
    }

    /**
     * The hold-out metrics at the cut-off: accuracy to F1 of the card's decision policy when it has
     * one (AUC, Gini and KS do not depend on a cut-off), else the metrics at the threshold.
     */
    public HoldoutMetrics holdoutAtCutOff() {
        if (decision == null) {
            return holdout;
        }
        AtCutOff at = decision.holdout();
        return new HoldoutMetrics(holdout.rows(), holdout.positives(), at.accuracy(), at.precision(), at.recall(),
                at.f1(), holdout.aucRoc(), holdout.gini(), holdout.ks());
    }

    /** This card with another calibration map (null: none). */
    public ModelCard withCalibration(CalibrationMap map) {
        return new ModelCard(formatVersion, modelVersion, createdAt, modelType, features, positiveLabel, threshold,
                data,
                parameters, holdout, masterScale, origin, performanceWindowMonths, seasoningCurve, map,
                reasonCodes, holdoutCurve, decision);
    }

    /** This card with another decision policy (null: none, the threshold decides). */
    public ModelCard withDecision(Decision other) {
        return new ModelCard(formatVersion, modelVersion, createdAt, modelType, features, positiveLabel, threshold,
                data,
                parameters, holdout, masterScale, origin, performanceWindowMonths, seasoningCurve, calibration,
                reasonCodes, holdoutCurve, other);
    }

    /**
     * The version of a model none was given to: the UTC date and the first 8 hex digits of the
     * SHA-256 of what it came from (the training data, or an imported model's file).
     */
    public static String defaultVersion(String sha256) {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + sha256.substring(0, 8);
    }

    /** The training data: file name, its SHA-256, and the row counts of the split. */
    public record DataSource(String source, String sha256, long rows, long positives, long trainRows,
                             long holdoutRows, double holdoutFraction, long splitSeed) {
    }

    /** The training parameters, by XGBoost's names. */
    public record Parameters(String objective, String treeMethod, int numBoostRound, double eta, int maxDepth,
                             double minChildWeight, double subsample, double colsampleBytree, double lambda,
                             double alpha, double gamma, long seed) {
    }

    /**
     * An imported model's provenance: the file as given and its SHA-256, its form and the XGBoost that
     * saved it, its objective and rounds, the MLflow run and model when it came from an MLflow model
     * directory (else null), and the reference and evaluation files the profile and the hold-out
     * metrics were computed from.
     */
    public record Origin(String modelFile, String modelSha256, String modelFormat, String xgboostVersion,
                         String objective, int rounds, String mlflowRunId, String mlflowModelUuid,
                         String mlflowVersion, String reference, String referenceSha256, long referenceRows,
                         String evaluation, String evaluationSha256) {
    }

    /**
     * The lender's cut-off, separate from the training threshold: the cut-off, how it was chosen in
     * words, and the hold-out's figures at it.
     */
    public record Decision(DecisionPolicy cutOff, String rule, AtCutOff holdout) {

        /**
         * The decision policy a choice comes to on labelled scores: the PD given, or the PD at which
         * the wanted share of the scores is approved (below it): the {@code ceil(rate · n) + 1}-th
         * lowest score, so that ties at the cut-off are declined together.
         */
        public static Decision choose(double[] scores, int[] labels, CutOffChoice choice) {
            if (choice.pd() != null) {
                return at(DecisionPolicy.ofPd(choice.pd()), "the PD " + choice.pd() + " given", scores, labels);
            }
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            int approved = (int) Math.ceil(choice.approvalRate() * sorted.length);
            if (approved >= sorted.length) {
                throw new IllegalArgumentException("an approval rate of " + choice.approvalRate() + " approves every "
                        + "one of the " + sorted.length + " rows: there is no PD cut-off to choose");
            }
            double cutOff = sorted[approved];
            int below = approved;
            while (below > 0 && sorted[below - 1] == cutOff) {
                below--;
            }
            return at(DecisionPolicy.ofPd(cutOff), String.format(Locale.ROOT,
                    "the PD at which %.0f%% of the %d hold-out rows are approved (the %d with a lower PD)",
                    choice.approvalRate() * 100, sorted.length, below), scores, labels);
        }

        /** The figures of a PD cut-off on labelled scores, its rule given in words. */
        public static Decision at(DecisionPolicy cutOff, String rule, double[] scores, int[] labels) {
            ConfusionMatrix confusion = ConfusionMatrix.atThreshold(scores, labels, cutOff.pd());
            double approvalRate = (double) (confusion.trueNegatives() + confusion.falseNegatives()) / confusion.total();
            return new Decision(cutOff, rule, new AtCutOff(approvalRate, confusion.accuracy(), confusion.precision(),
                    confusion.recall(), confusion.f1()));
        }
    }

    /** Hold-out figures at the cut-off: the share approved, and accuracy to F1 of the declines as predicted defaults. */
    public record AtCutOff(double approvalRate, double accuracy, double precision, double recall, double f1) {
    }

    /** How train and import choose the cut-off: the PD given, else the PD at which {@code approvalRate} of the hold-out is approved. */
    public record CutOffChoice(Double pd, double approvalRate) {

        public static final double DEFAULT_APPROVAL_RATE = 0.85;

        public CutOffChoice {
            if (pd != null && !(pd > 0 && pd <= 1)) {
                throw new IllegalArgumentException("a PD cut-off is above 0 and at most 1, not " + pd);
            }
            if (!(approvalRate > 0 && approvalRate < 1)) {
                throw new IllegalArgumentException("an approval rate is between 0 and 1, not " + approvalRate);
            }
        }

        public static final CutOffChoice DEFAULT = new CutOffChoice(null, DEFAULT_APPROVAL_RATE);
    }

    /** Hold-out metrics; accuracy to F1 at {@link ModelCard#threshold()}. */
    public record HoldoutMetrics(long rows, long positives, double accuracy, double precision, double recall,
                                 double f1, double aucRoc, double gini, double ks) {
    }
}
