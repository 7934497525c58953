package io.creditwatch.metrics.report;

import io.creditwatch.metrics.monitoring.CycleSnapshot;
import io.creditwatch.model.estimation.PerformanceEstimator;
import io.creditwatch.model.reasons.AttributionReport;

/** What the report says, in words, where a section has too little data behind it (the same text on the page and in the JSON). */
final class ReportNotes {

    static final String NO_CYCLE = "No monitoring cycle has completed yet: the report is built from the last "
            + "successful cycle's results.";
    static final String NO_HOLDOUT_CURVE = "The model card has no hold-out curve (it was written before cards "
            + "recorded one; retrain or re-import to get it): the charts draw the window's curve, with the hold-out "
            + "AUC given beside it.";
    static final String NO_MASTER_SCALE = "The model bundle has no master scale (format 1): no per-grade tests, "
            + "Hosmer-Lemeshow, rank ordering or concentration.";

    private ReportNotes() {
    }

    static String tooFewPredictions(CycleSnapshot snapshot) {
        return "Too few predictions in the drift window: " + snapshot.driftWindow() + ", at least "
                + snapshot.minDriftRows() + " are needed.";
    }

    static String tooFewOutcomes(CycleSnapshot snapshot) {
        if (!snapshot.historyRead()) {
            return "The store's history is still being read: realized quality is published once it is.";
        }
        if (snapshot.live() != null) {
            return "The " + snapshot.matureOutcomes()
                    + " mature outcomes are all of one class: discrimination is undefined.";
        }
        return "Too few mature outcomes: " + snapshot.matureOutcomes() + ", at least " + snapshot.minLabels()
                + " are needed.";
    }

    static String aucTestMissing(CycleSnapshot snapshot) {
        return "The AUC test needs at least " + snapshot.settings().minLabels() + " mature outcomes with at least "
                + snapshot.settings().minDefaults() + " defaults and as many non-defaults.";
    }

    static String tooFewForTests(CycleSnapshot snapshot) {
        if (!snapshot.historyRead()) {
            return "The store's history is still being read: the validation tests run once it is.";
        }
        return "Too few mature outcomes for the validation tests: " + snapshot.matureOutcomes() + ", at least "
                + snapshot.settings().minLabels() + " are needed.";
    }

    static final String NO_CHALLENGER = "No challenger is scored in the model's shadow (INFERENCE_CHALLENGER_PATH on the "
            + "inference service): nothing to compare.";

    static String noComparison(CycleSnapshot snapshot) {
        if (!snapshot.historyRead()) {
            return "The store's history is still being read: the two models are compared once it is.";
        }
        return "Too few mature outcomes of applicants both models scored: the comparison needs at least "
                + snapshot.settings().minLabels() + ", with at least " + snapshot.settings().minDefaults()
                + " defaults and as many non-defaults.";
    }

    static String gradesLeftOut(CycleSnapshot snapshot, int grades) {
        return grades + (grades == 1 ? " grade has" : " grades have") + " fewer than "
                + snapshot.settings().minGradeLabels() + " mature outcomes and " + (grades == 1 ? "is" : "are")
                + " not tested.";
    }

    static String noVintages(CycleSnapshot snapshot) {
        return snapshot.historyRead() ? "No predictions in the cohorts kept: no vintages yet."
                : "The store's history is still being read: the vintages are published once it is.";
    }

    static String noEstimate(CycleSnapshot snapshot) {
        if (snapshot.card().calibration() == null) {
            return PerformanceEstimator.NO_CALIBRATION_MAP;
        }
        return "Too few predictions in the drift window to estimate: " + snapshot.driftWindow() + ", at least "
                + Math.max(snapshot.minDriftRows(), PerformanceEstimator.MIN_WINDOW_ROWS) + " are needed.";
    }

    static String noAttribution(CycleSnapshot snapshot) {
        return snapshot.driftWindow() < snapshot.minDriftRows() ? tooFewPredictions(snapshot)
                : "The bundle's model cannot be read here: the decisions are not explained.";
    }

    static String fewDeclines(int declines) {
        return "Only " + declines + " declines in the drift window: the split by first reason needs at least "
                + AttributionReport.MIN_DECLINES + ".";
    }
}
