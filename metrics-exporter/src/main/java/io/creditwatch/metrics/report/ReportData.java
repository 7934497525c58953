package io.creditwatch.metrics.report;

import io.creditwatch.metrics.monitoring.CycleSnapshot;
import io.creditwatch.metrics.monitoring.SwapSet;
import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.estimation.PerformanceEstimate;
import io.creditwatch.model.monitoring.ChallengerComparison;
import io.creditwatch.model.monitoring.GradeConcentration;
import io.creditwatch.model.monitoring.QualityReport;
import io.creditwatch.model.monitoring.ValidationReport;
import io.creditwatch.model.monitoring.WindowReport;
import io.creditwatch.model.outcome.VintageBook;
import io.creditwatch.model.reasons.AttributionReport;
import io.creditwatch.model.reasons.ReasonCode;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.stats.PairedDeLong;
import io.creditwatch.model.stats.RankingCurve;
import io.creditwatch.model.stats.TrafficLight;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's content as data ({@code GET /report?format=json}, and the numbers the page's charts
 * draw): one map per section, built from one {@link CycleSnapshot}, every number as the cycle
 * computed it. A section with too little data behind it has {@code "available": false} and a
 * {@code note} saying why; a figure that is undefined is null.
 */
final class ReportData {

    private ReportData() {
    }

    /** The report when no cycle has succeeded yet: no section, and why. */
    static Map<String, Object> none() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cycle_completed_at", null);
        report.put("note", ReportNotes.NO_CYCLE);
        return report;
    }

    static Map<String, Object> of(CycleSnapshot snapshot) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cycle_completed_at", snapshot.completedAt().toString());
        report.put("model", model(snapshot));
        report.put("data_quality", dataQuality(snapshot));
        report.put("discrimination", discrimination(snapshot));
        report.put("calibration", calibration(snapshot));
        report.put("stability", stability(snapshot));
        report.put("vintages", vintages(snapshot));
        report.put("estimated_performance", estimated(snapshot));
        report.put("reasons", reasons(snapshot));
        report.put("champion_challenger", challenger(snapshot));
        return report;
    }

    private static Map<String, Object> model(CycleSnapshot snapshot) {
        ModelCard card = snapshot.card();
        Map<String, Object> model = section(true, null);
        model.put("model_version", card.modelVersion());
        model.put("created_at", card.createdAt() == null ? null : card.createdAt().toString());
        model.put("model_type", card.modelType());
        model.put("format_version", card.formatVersion());
        model.put("threshold", card.threshold());
        model.put("cutoff",
                map("pd", card.cutOff().pd(), "rule", card.decision() == null ? null : card.decision().rule()));
        model.put("performance_window_months", card.window().months());
        if (card.data() != null) {
            ModelCard.DataSource data = card.data();
            model.put("training_data", map("source", data.source(), "sha256", data.sha256(), "rows", data.rows(),
                    "positives", data.positives(), "train_rows", data.trainRows(), "holdout_rows", data.holdoutRows()));
        } else {
            model.put("training_data", null);
        }
        if (card.origin() != null) {
            ModelCard.Origin origin = card.origin();
            model.put("imported_from", map("model_file", origin.modelFile(), "model_sha256", origin.modelSha256(),
                    "reference", origin.reference(), "reference_rows", origin.referenceRows(),
                    "evaluation", origin.evaluation()));
        }
        ModelCard.HoldoutMetrics holdout = card.holdoutAtCutOff();
        model.put("holdout", map("rows", holdout.rows(), "positives", holdout.positives(), "auc_roc",
                number(holdout.aucRoc()), "gini", number(holdout.gini()), "ks", number(holdout.ks()), "accuracy",
                number(holdout.accuracy()), "precision", number(holdout.precision()), "recall",
                number(holdout.recall()), "f1", number(holdout.f1())));
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("drift_window_predictions", snapshot.driftWindow());
        period.put("drift_window_first", time(snapshot.driftWindowFirst()));
        period.put("drift_window_last", time(snapshot.driftWindowLast()));
        period.put("mature_outcomes", snapshot.matureOutcomes());
        period.put("outcomes_waiting_for_maturity", snapshot.outcomesWaiting());
        period.put("history_read", snapshot.historyRead());
        List<VintageBook.Vintage> vintages = snapshot.vintages();
        period.put("first_cohort", vintages.isEmpty() ? null : vintages.get(0).cohort().toString());
        period.put("last_cohort", vintages.isEmpty() ? null : vintages.get(vintages.size() - 1).cohort().toString());
        model.put("review_period", period);
        return model;
    }

    private static Map<String, Object> dataQuality(CycleSnapshot snapshot) {
        WindowReport window = snapshot.window();
        Map<String, Object> quality = section(window != null,
                window == null ? ReportNotes.tooFewPredictions(snapshot) : null);
        quality.put("drift_window_predictions", snapshot.driftWindow());
        quality.put("mature_outcomes", snapshot.matureOutcomes());
        List<Map<String, Object>> features = new ArrayList<>();
        for (Map.Entry<String, Double> reference : snapshot.referenceMissing().entrySet()) {
            String feature = reference.getKey();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("feature", feature);
            row.put("missing_percent", window == null ? null : number(window.missingPercent().get(feature)));
            row.put("missing_reference_percent", number(reference.getValue()));
            row.put("outliers_percent", window == null ? null : number(window.outlierPercent().get(feature)));
            row.put("outliers_reference_percent", number(snapshot.referenceOutliers().get(feature)));
            row.put("out_of_domain", window == null ? null : window.outOfDomain().getOrDefault(feature, 0L));
            features.add(row);
        }
        if (window != null) {
            quality.put("missing_percent", number(window.missingPercentOverall()));
            quality.put("outliers_percent", number(window.outlierPercentOverall()));
        }
        quality.put("features", features);
        return quality;
    }

    private static Map<String, Object> discrimination(CycleSnapshot snapshot) {
        QualityReport live = snapshot.live();
        ValidationReport.Discrimination test = snapshot.validation().discrimination();
        boolean available = live != null && !Double.isNaN(live.aucRoc());
        Map<String, Object> discrimination = section(available,
                available ? null : ReportNotes.tooFewOutcomes(snapshot));
        ModelCard.HoldoutMetrics holdout = snapshot.card().holdoutAtCutOff();
        discrimination.put("mature_outcomes", snapshot.matureOutcomes());
        discrimination.put("defaults", live == null ? null : live.positives());
        discrimination.put("auc_roc", live == null ? null : number(live.aucRoc()));
        discrimination.put("gini", live == null ? null : number(live.gini()));
        discrimination.put("ks", live == null ? null : number(live.ks()));
        discrimination.put("holdout", map("auc_roc", number(holdout.aucRoc()), "gini", number(holdout.gini()),
                "ks", number(holdout.ks())));
        if (test != null) {
            discrimination.put("auc_test",
                    map("auc", number(test.auc()), "standard_error", number(test.standardError()),
                            "ci_lower", number(test.lower95()), "ci_upper", number(test.upper95()), "initial_auc",
                            number(test.initialAuc()), "p_value", number(test.pValue()), "light", light(test.light())));
        } else {
            discrimination.put("auc_test", null);
            discrimination.put("auc_test_note", ReportNotes.aucTestMissing(snapshot));
        }
        discrimination.put("curve", curve(snapshot.curve()));
        RankingCurve holdoutCurve = snapshot.card().holdoutCurve();
        discrimination.put("holdout_curve", curve(holdoutCurve));
        if (holdoutCurve == null) {
            discrimination.put("holdout_curve_note", ReportNotes.NO_HOLDOUT_CURVE);
        }
        return discrimination;
    }

    private static Map<String, Object> curve(RankingCurve curve) {
        return curve == null ? null : map("population_share", curve.populationShare(), "false_positive_rate",
                curve.falsePositiveRate(), "true_positive_rate", curve.truePositiveRate());
    }

    private static Map<String, Object> calibration(CycleSnapshot snapshot) {
        ValidationReport validation = snapshot.validation();
        MasterScale scale = snapshot.card().masterScale();
        boolean available = validation.portfolio() != null;
        Map<String, Object> calibration = section(available, available ? null : ReportNotes.tooFewForTests(snapshot));
        calibration.put("portfolio",
                validation.portfolio() == null ? null : calibrationRow(validation.portfolio(), null));
        List<Map<String, Object>> grades = new ArrayList<>();
        for (ValidationReport.Calibration grade : validation.grades()) {
            MasterScale.Grade definition = scale == null ? null : scale.grades().stream()
                    .filter(g -> g.grade().equals(grade.grade())).findFirst().orElse(null);
            grades.add(calibrationRow(grade, definition));
        }
        calibration.put("grades", grades);
        if (scale == null) {
            calibration.put("grades_note", ReportNotes.NO_MASTER_SCALE);
        } else if (available && grades.size() < scale.size()) {
            calibration.put("grades_note", ReportNotes.gradesLeftOut(snapshot, scale.size() - grades.size()));
        }
        ValidationReport.HosmerLemeshow hl = validation.hosmerLemeshow();
        calibration.put("hosmer_lemeshow", hl == null ? null : map("statistic", number(hl.statistic()),
                "degrees_of_freedom", hl.degreesOfFreedom(), "p_value", number(hl.pValue()), "light",
                light(hl.light())));
        ValidationReport.RankOrdering rank = validation.rankOrdering();
        calibration.put("rank_ordering", rank == null ? null : map("pairs_tested", rank.pairsTested(), "inversions",
                rank.inversions(), "significant_inversions", rank.significantInversions()));
        Map<String, Object> concentration = new LinkedHashMap<>();
        concentration.put("live", concentration(snapshot.liveGrades()));
        concentration.put("reference", concentration(snapshot.referenceGrades()));
        calibration.put("concentration", concentration);
        return calibration;
    }

    private static Map<String, Object> calibrationRow(ValidationReport.Calibration row, MasterScale.Grade grade) {
        Map<String, Object> values = map("grade", row.grade(), "labelled", row.labelled(), "defaults", row.defaults(),
                "observed_default_rate", number(row.observedRate()), "mean_pd", number(row.meanPd()),
                "observed_expected_ratio", number(row.observedToExpected()), "jeffreys_p_value",
                number(row.jeffreysPValue()), "jeffreys_light", light(row.jeffreys()), "binomial_p_value",
                number(row.binomialPValue()), "binomial_light", light(row.binomial()));
        if (grade != null) {
            values.put("lower_pd", number(grade.lowerPd()));
            values.put("upper_pd", number(grade.upperPd()));
        }
        return values;
    }

    private static Map<String, Object> concentration(GradeConcentration concentration) {
        return concentration == null ? null
                : map("shares", concentration.shares(), "herfindahl", number(concentration.herfindahl()));
    }

    private static Map<String, Object> stability(CycleSnapshot snapshot) {
        WindowReport window = snapshot.window();
        Map<String, Object> stability = section(window != null,
                window == null ? ReportNotes.tooFewPredictions(snapshot) : null);
        if (window != null) {
            stability.put("score_psi", number(window.scorePsi()));
            stability.put("drift_score", number(window.driftScore()));
            stability.put("drift_detected", window.driftDetected());
            List<Map<String, Object>> features = new ArrayList<>();
            window.featurePsi().forEach((feature, psi) -> features.add(map("feature", feature, "psi", number(psi))));
            stability.put("features", features);
        }
        return stability;
    }

    private static Map<String, Object> vintages(CycleSnapshot snapshot) {
        List<VintageBook.Vintage> vintages = snapshot.vintages();
        Map<String, Object> section = section(!vintages.isEmpty(),
                vintages.isEmpty() ? ReportNotes.noVintages(snapshot) : null);
        if (snapshot.seasoning() != null) {
            Map<String, Object> shares = new LinkedHashMap<>();
            for (int months : VintageBook.MILESTONES) {
                if (months <= snapshot.seasoning().windowMonths()) {
                    shares.put(Integer.toString(months), number(snapshot.seasoning().shareBy(months)));
                }
            }
            section.put("seasoning", map("source", "store".equals(snapshot.seasoning().source()) ? "store" : "card",
                    "share_by_months_on_book", shares));
        }
        List<Map<String, Object>> cohorts = new ArrayList<>();
        for (VintageBook.Vintage vintage : vintages) {
            Map<String, Object> row = map("cohort", vintage.cohort().toString(), "applications", vintage.applications(),
                    "mean_pd", number(vintage.meanPd()), "months_on_book", vintage.monthsOnBook(), "complete",
                    vintage.complete(), "defaults", vintage.defaults(), "expected_defaults",
                    number(vintage.expectedDefaults()), "mature_share", number(vintage.matureShare()),
                    "censored_share", number(vintage.censoredShare()), "no_outcome_share",
                    number(vintage.noOutcomeShare()));
            row.put("observed_default_rate", byMonths(vintage.observedRate()));
            row.put("expected_default_rate", byMonths(vintage.expectedRate()));
            VintageBook.EarlyDefaults early = vintage.earlyDefaults();
            row.put("early_defaults", early == null ? null : map("defaults", early.defaults(), "expected",
                    number(early.expected()), "p_value", number(early.pValue()), "light", light(early.light())));
            cohorts.add(row);
        }
        section.put("cohorts", cohorts);
        return section;
    }

    private static Map<String, Object> byMonths(Map<Integer, Double> rates) {
        Map<String, Object> values = new LinkedHashMap<>();
        rates.forEach((months, rate) -> values.put(months.toString(), number(rate)));
        return values;
    }

    private static Map<String, Object> estimated(CycleSnapshot snapshot) {
        PerformanceEstimate estimate = snapshot.estimated();
        Map<String, Object> section = section(estimate != null,
                estimate == null ? ReportNotes.noEstimate(snapshot) : null);
        if (estimate != null) {
            section.put("rows", estimate.rows());
            section.put("auc_roc", estimate(estimate.aucRoc()));
            section.put("accuracy", estimate(estimate.accuracy()));
            section.put("precision", estimate(estimate.precision()));
            section.put("recall", estimate(estimate.recall()));
            section.put("f1", estimate(estimate.f1()));
            section.put("expected_default_rate", estimate(estimate.defaultRate()));
        }
        section.put("reference_auc_range", snapshot.aucReference() == null ? null
                : map("lower", number(snapshot.aucReference().lower()), "upper",
                        number(snapshot.aucReference().upper())));
        QualityReport live = snapshot.live();
        PerformanceEstimate matured = snapshot.matured();
        boolean gap = live != null && matured != null && !Double.isNaN(live.aucRoc());
        section.put("realized_auc_gap", gap ? map("gap", number(live.aucRoc() - matured.aucRoc().value()),
                "lower", number(-3 * matured.aucRoc().standardError())) : null);
        return section;
    }

    private static Map<String, Object> estimate(PerformanceEstimate.Estimate estimate) {
        if (estimate == null) {
            return null;
        }
        boolean band = !Double.isNaN(estimate.value()) && !Double.isNaN(estimate.standardError());
        return map("value", number(estimate.value()), "standard_error", number(estimate.standardError()),
                "lower", band ? number(estimate.lower()) : null, "upper", band ? number(estimate.upper()) : null);
    }

    private static Map<String, Object> reasons(CycleSnapshot snapshot) {
        AttributionReport report = snapshot.attribution();
        Map<String, Object> section = section(report != null,
                report == null ? ReportNotes.noAttribution(snapshot) : null);
        List<Map<String, Object>> features = new ArrayList<>();
        Map<String, Double> reference = snapshot.referenceAttribution() == null ? Map.of()
                : snapshot.referenceAttribution().meanAbsoluteContributions();
        for (Feature feature : Feature.ALL) {
            features.add(map("feature", feature.jsonName(), "live", report == null ? null
                    : number(report.meanAbsoluteContributions()[feature.ordinal()]), "holdout",
                    number(reference.get(feature.jsonName()))));
        }
        section.put("mean_absolute_contribution", features);
        if (report != null) {
            section.put("ndcg", number(report.ndcg()));
            section.put("declines", report.declines());
            List<Map<String, Object>> shares = new ArrayList<>();
            Map<String, String> descriptions = new LinkedHashMap<>();
            for (ReasonCode code : snapshot.card().reasons()) {
                descriptions.put(code.code(), code.description());
            }
            report.firstReasonShares().forEach((code, share) -> shares.add(map("code", code, "description",
                    descriptions.getOrDefault(code, "no feature raised the risk"), "share", number(share))));
            section.put("first_reason_shares", shares);
            if (shares.isEmpty()) {
                section.put("first_reason_note", ReportNotes.fewDeclines(report.declines()));
            }
        }
        return section;
    }

    private static Map<String, Object> challenger(CycleSnapshot snapshot) {
        ChallengerComparison comparison = snapshot.challenger();
        Map<String, Object> section = section(comparison != null, snapshot.challengerVersion() == null
                ? ReportNotes.NO_CHALLENGER : comparison == null ? ReportNotes.noComparison(snapshot) : null);
        section.put("challenger_version", snapshot.challengerVersion());
        if (comparison != null) {
            PairedDeLong test = comparison.pairedDeLong();
            section.put("compared_outcomes", test.positives() + test.negatives());
            section.put("observed_default_rate", number(comparison.champion().portfolio().observedRate()));
            section.put("auc_difference", number(test.difference()));
            section.put("delong_z", number(test.z()));
            section.put("delong_p_value", number(test.pValueBBetter()));
            section.put("light", light(comparison.light()));
            section.put("challenger_outperforms", comparison.challengerOutperforms());
            section.put("champion", role(test.aucA(), comparison.champion()));
            section.put("challenger", role(test.aucB(), comparison.challenger()));
        }
        SwapSet swap = snapshot.swap();
        if (swap != null) {
            section.put("swap_set", map("predictions", swap.predictions(), "swap_in", number(swap.swapInShare()),
                    "swap_out", number(swap.swapOutShare())));
        }
        return section;
    }

    private static Map<String, Object> role(double auc, ValidationReport report) {
        return map("auc_roc", number(auc), "mean_pd", number(report.portfolio().meanPd()), "jeffreys_p_value",
                number(report.portfolio().jeffreysPValue()), "hosmer_lemeshow_p_value",
                report.hosmerLemeshow() == null ? null : number(report.hosmerLemeshow().pValue()));
    }

    private static Map<String, Object> section(boolean available, String note) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("available", available);
        if (note != null) {
            section.put("note", note);
        }
        return section;
    }

    /** A map of these keys and values, in this order. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value instanceof Double d ? number(d) : value);
        }
        return map;
    }

    /** A figure as JSON has it: an undefined one (NaN, or absent) is null. */
    static Double number(Double value) {
        return value == null || Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    static String light(TrafficLight light) {
        return light.name().toLowerCase(Locale.ROOT);
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
