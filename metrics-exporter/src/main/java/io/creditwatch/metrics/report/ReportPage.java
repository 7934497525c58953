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
import io.creditwatch.model.stats.PairedDeLong;
import io.creditwatch.model.stats.TrafficLight;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validation report as one HTML page: a section per topic, tables of the cycle's figures with
 * each test's traffic light, and placeholders that the page's script fills with uPlot charts drawn
 * from the report's data, embedded in the page as JSON (the body of {@code ?format=json}). Every
 * text that comes from data is escaped.
 */
final class ReportPage {

    static final String UPLOT_SCRIPT = "uPlot.iife.min.js";
    static final String UPLOT_STYLE = "uPlot.min.css";
    static final String SCRIPT = "report.js";
    static final String STYLE = "report.css";

    private static final String ASSETS = "/report/assets/";

    private ReportPage() {
    }

    /** @param data the report's data as JSON, embedded for the charts */
    static String render(CycleSnapshot snapshot, String data) {
        StringBuilder html = new StringBuilder(32_000);
        String title = snapshot == null ? "Validation report"
                : "Validation report: model " + snapshot.card().modelVersion();
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <link rel="icon" href="data:,">
                <link rel="stylesheet" href="%s">
                <link rel="stylesheet" href="%s">
                </head>
                <body>
                <header><h1>%s</h1>
                """.formatted(esc(title), ASSETS + UPLOT_STYLE, ASSETS + STYLE, esc(title)));
        if (snapshot == null) {
            html.append("<p class=\"note\">").append(esc(ReportNotes.NO_CYCLE)).append("</p></header>\n");
        } else {
            html.append("<p class=\"meta\">Results of the monitoring cycle that ended ")
                    .append(esc(snapshot.completedAt().toString()))
                    .append(". Lights: <span class=\"light green\">green</span> not significant, "
                            + "<span class=\"light yellow\">yellow</span> significant at the yellow level (p &le; ")
                    .append(num(snapshot.settings().levels().yellow()))
                    .append("), <span class=\"light red\">red</span> at the red level (p &le; ")
                    .append(num(snapshot.settings().levels().red())).append(").</p></header>\n");
            html.append("""
                    <nav><a href="#model">Model and period</a> <a href="#data-quality">Data quality</a> \
                    <a href="#discrimination">Discrimination</a> <a href="#calibration">Calibration</a> \
                    <a href="#stability">Stability</a> <a href="#vintages">Vintages</a> \
                    <a href="#estimated-performance">Estimated performance</a> <a href="#reasons">Reasons</a> \
                    <a href="#champion-challenger">Challenger</a> \
                    <a href="/report?format=json">JSON</a></nav>
                    <main>
                    """);
            model(html, snapshot);
            dataQuality(html, snapshot);
            discrimination(html, snapshot);
            calibration(html, snapshot);
            stability(html, snapshot);
            vintages(html, snapshot);
            estimated(html, snapshot);
            reasons(html, snapshot);
            challenger(html, snapshot);
            html.append("</main>\n");
        }
        // "<" never appears raw inside the script element, so no text of the data can close it
        html.append("<script id=\"report-data\" type=\"application/json\">").append(data.replace("<", "\\u003c"))
                .append("</script>\n<script src=\"").append(ASSETS).append(UPLOT_SCRIPT).append("\"></script>\n")
                .append("<script src=\"").append(ASSETS).append(SCRIPT).append("\"></script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void model(StringBuilder html, CycleSnapshot snapshot) {
        ModelCard card = snapshot.card();
        open(html, "model", "Model card and review period", false);
        html.append("<table class=\"pairs\">");
        pair(html, "Model version", card.modelVersion());
        pair(html, "Created", card.createdAt() == null ? "not recorded" : card.createdAt().toString());
        pair(html, "Model type", card.modelType());
        pair(html, "Decision threshold", num(card.threshold()));
        pair(html, "Cut-off", card.cutOff().description() + (card.decision() == null
                ? " (the threshold: the card has no decision policy)" : ", " + card.decision().rule()));
        pair(html, "Performance window", card.window().months() + " months");
        if (card.data() != null) {
            ModelCard.DataSource data = card.data();
            pair(html, "Training data", data.source() + " (SHA-256 " + data.sha256().substring(0, 12) + "…), "
                    + data.rows() + " rows, " + data.positives() + " defaults; " + data.trainRows() + " trained on, "
                    + data.holdoutRows() + " held out");
        }
        if (card.origin() != null) {
            pair(html, "Imported from", card.origin().modelFile() + ", reference " + card.origin().reference() + " ("
                    + card.origin().referenceRows() + " rows), evaluated on " + card.origin().evaluation());
        }
        ModelCard.HoldoutMetrics holdout = card.holdoutAtCutOff();
        pair(html, "Hold-out",
                holdout.rows() + " rows, " + holdout.positives() + " defaults; AUC " + num(holdout.aucRoc())
                        + ", Gini " + num(holdout.gini()) + ", KS " + num(holdout.ks()));
        pair(html, "Drift window", snapshot.driftWindow() + " predictions"
                + (snapshot.driftWindowFirst() == null ? "" : ", made " + snapshot.driftWindowFirst() + " to "
                        + snapshot.driftWindowLast()));
        pair(html, "Mature outcomes", snapshot.matureOutcomes() + " (" + snapshot.outcomesWaiting()
                + " more waiting for their cohort to complete)" + (snapshot.historyRead() ? ""
                        : "; the store's history is still being read"));
        List<VintageBook.Vintage> vintages = snapshot.vintages();
        if (!vintages.isEmpty()) {
            pair(html, "Cohorts", vintages.get(0).cohort() + " to " + vintages.get(vintages.size() - 1).cohort()
                    + " (" + vintages.size() + " application months)");
        }
        html.append("</table>\n");
        close(html);
    }

    private static void dataQuality(StringBuilder html, CycleSnapshot snapshot) {
        WindowReport window = snapshot.window();
        open(html, "data-quality", "Volumes and data quality", true);
        html.append("<p>").append(snapshot.driftWindow()).append(" predictions in the drift window; ")
                .append(snapshot.matureOutcomes()).append(" mature outcomes.</p>\n");
        if (window == null) {
            note(html, ReportNotes.tooFewPredictions(snapshot));
        } else {
            html.append("<p>Missing cells ").append(num(window.missingPercentOverall()))
                    .append("% of all cells; values outside "
                            + "the training fences ")
                    .append(num(window.outlierPercentOverall())).append("% of present values.</p>\n");
            html.append("<table><thead><tr><th>Feature</th><th>Missing %</th><th>Missing % (training)</th>"
                    + "<th>Outliers %</th><th>Outliers % (training)</th><th>Out of domain</th></tr></thead><tbody>\n");
            for (Map.Entry<String, Double> reference : snapshot.referenceMissing().entrySet()) {
                String feature = reference.getKey();
                html.append("<tr><td>").append(esc(feature)).append("</td>");
                cell(html, num(window.missingPercent().get(feature)));
                cell(html, num(reference.getValue()));
                cell(html, num(window.outlierPercent().get(feature)));
                cell(html, num(snapshot.referenceOutliers().get(feature)));
                cell(html, Long.toString(window.outOfDomain().getOrDefault(feature, 0L)));
                html.append("</tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        close(html);
    }

    private static void discrimination(StringBuilder html, CycleSnapshot snapshot) {
        QualityReport live = snapshot.live();
        ModelCard.HoldoutMetrics holdout = snapshot.card().holdoutAtCutOff();
        open(html, "discrimination", "Discrimination", true);
        if (live == null || Double.isNaN(live.aucRoc())) {
            note(html, ReportNotes.tooFewOutcomes(snapshot));
            close(html);
            return;
        }
        html.append("<table><thead><tr><th></th><th>AUC</th><th>Gini</th><th>KS</th><th>Rows</th><th>Defaults</th></tr>"
                + "</thead><tbody>\n<tr><td>Mature outcomes</td>");
        cell(html, num(live.aucRoc()));
        cell(html, num(live.gini()));
        cell(html, num(live.ks()));
        cell(html, Integer.toString(live.labelled()));
        cell(html, Long.toString(live.positives()));
        html.append("</tr>\n<tr><td>Hold-out (model card)</td>");
        cell(html, num(holdout.aucRoc()));
        cell(html, num(holdout.gini()));
        cell(html, num(holdout.ks()));
        cell(html, Long.toString(holdout.rows()));
        cell(html, Long.toString(holdout.positives()));
        html.append("</tr>\n</tbody></table>\n");
        ValidationReport.Discrimination test = snapshot.validation().discrimination();
        if (test == null) {
            note(html, ReportNotes.aucTestMissing(snapshot));
        } else {
            html.append("<p class=\"test\">").append(light(test.light()))
                    .append(" AUC against the AUC at initial validation ("
                            + num(test.initialAuc()) + "): AUC " + num(test.auc()) + ", 95% interval (DeLong) "
                            + num(test.lower95())
                            + " to " + num(test.upper95()) + ", standard error " + num(test.standardError())
                            + "; one-sided p-value " + num(test.pValue()) + ".</p>\n");
        }
        if (snapshot.curve() != null) {
            boolean holdoutCurve = snapshot.card().holdoutCurve() != null;
            if (!holdoutCurve) {
                note(html, ReportNotes.NO_HOLDOUT_CURVE);
            }
            String against = holdoutCurve ? " against the hold-out's (model card)" : "";
            html.append(
                    "<div class=\"charts\"><figure><div class=\"chart\" id=\"chart-roc\"></div><figcaption>ROC curve of the "
                            + "mature outcomes" + against + "</figcaption></figure>"
                            + "<figure><div class=\"chart\" id=\"chart-cap\"></div><figcaption>CAP (Lorenz) curve of the mature "
                            + "outcomes" + against
                            + ", with the random and the perfect model's</figcaption></figure></div>\n");
        }
        close(html);
    }

    private static void calibration(StringBuilder html, CycleSnapshot snapshot) {
        ValidationReport validation = snapshot.validation();
        MasterScale scale = snapshot.card().masterScale();
        open(html, "calibration", "Calibration per grade", true);
        if (validation.portfolio() == null) {
            note(html, ReportNotes.tooFewForTests(snapshot));
        } else {
            html.append(
                    "<table><thead><tr><th>Grade</th><th>PD range</th><th>Rows</th><th>Defaults</th><th>Observed rate</th>"
                            + "<th>Mean PD</th><th>Observed / expected</th><th>Jeffreys p</th><th></th><th>Binomial p</th><th></th>"
                            + "</tr></thead><tbody>\n");
            calibrationRow(html, validation.portfolio(), null);
            for (ValidationReport.Calibration grade : validation.grades()) {
                MasterScale.Grade definition = scale == null ? null : scale.grades().stream()
                        .filter(g -> g.grade().equals(grade.grade())).findFirst().orElse(null);
                calibrationRow(html, grade, definition);
            }
            html.append("</tbody></table>\n");
            if (scale == null) {
                note(html, ReportNotes.NO_MASTER_SCALE);
            } else if (validation.grades().size() < scale.size()) {
                note(html, ReportNotes.gradesLeftOut(snapshot, scale.size() - validation.grades().size()));
            }
            if (!validation.grades().isEmpty()) {
                html.append(
                        "<div class=\"charts\"><figure><div class=\"chart\" id=\"chart-calibration\"></div><figcaption>"
                                + "Observed default rate and mean PD per grade</figcaption></figure></div>\n");
            }
            ValidationReport.HosmerLemeshow hl = validation.hosmerLemeshow();
            if (hl != null) {
                html.append("<p class=\"test\">").append(light(hl.light()))
                        .append(" Hosmer-Lemeshow over the grades: statistic "
                                + num(hl.statistic()) + " with " + hl.degreesOfFreedom()
                                + " degrees of freedom, p-value "
                                + num(hl.pValue()) + ".</p>\n");
            }
            ValidationReport.RankOrdering rank = validation.rankOrdering();
            if (rank != null) {
                // no light of its own: the alert rule reads a significant inversion
                html.append("<p class=\"test\">")
                        .append("Rank ordering: " + rank.pairsTested() + " adjacent grade pairs tested, "
                                + rank.inversions()
                                + " inversions, " + rank.significantInversions()
                                + " significant (one-sided Fisher exact test)."
                                + "</p>\n");
            }
        }
        if (snapshot.referenceGrades() != null) {
            GradeConcentration live = snapshot.liveGrades();
            html.append("<p>Concentration (Herfindahl index of the grade shares): drift window ")
                    .append(live == null ? "not computed (too few predictions)" : num(live.herfindahl()))
                    .append(", hold-out ").append(num(snapshot.referenceGrades().herfindahl()))
                    .append(" (even spread over ")
                    .append(snapshot.referenceGrades().shares().length).append(" grades: ")
                    .append(num(1.0 / snapshot.referenceGrades().shares().length)).append(").</p>\n");
        }
        close(html);
    }

    private static void calibrationRow(StringBuilder html, ValidationReport.Calibration row, MasterScale.Grade grade) {
        html.append("<tr><td>").append(esc(row.grade())).append("</td>");
        cell(html, grade == null ? "" : num(grade.lowerPd()) + " – " + num(grade.upperPd()));
        cell(html, Long.toString(row.labelled()));
        cell(html, Long.toString(row.defaults()));
        cell(html, num(row.observedRate()));
        cell(html, num(row.meanPd()));
        cell(html, num(row.observedToExpected()));
        cell(html, num(row.jeffreysPValue()));
        html.append("<td>").append(light(row.jeffreys())).append("</td>");
        cell(html, num(row.binomialPValue()));
        html.append("<td>").append(light(row.binomial())).append("</td></tr>\n");
    }

    private static void stability(StringBuilder html, CycleSnapshot snapshot) {
        WindowReport window = snapshot.window();
        open(html, "stability", "Stability", true);
        if (window == null) {
            note(html, ReportNotes.tooFewPredictions(snapshot));
            close(html);
            return;
        }
        html.append("<p>PSI of the score against the hold-out: ").append(num(window.scorePsi()))
                .append("; largest feature PSI ").append(num(window.driftScore())).append(window.driftDetected()
                        ? ", above 0.25: drift detected." : ", not above 0.25: no drift detected.")
                .append("</p>\n");
        html.append("<table><thead><tr><th>Feature</th><th>PSI</th></tr></thead><tbody>\n");
        window.featurePsi().forEach((feature, psi) -> {
            html.append("<tr><td>").append(esc(feature)).append("</td>");
            cell(html, num(psi));
            html.append("</tr>\n");
        });
        html.append("</tbody></table>\n<div class=\"charts\"><figure><div class=\"chart wide\" id=\"chart-psi\"></div>"
                + "<figcaption>PSI per feature against the training data; lines at 0.1 and 0.25</figcaption></figure></div>\n");
        close(html);
    }

    private static void vintages(StringBuilder html, CycleSnapshot snapshot) {
        List<VintageBook.Vintage> vintages = snapshot.vintages();
        open(html, "vintages", "Vintages", true);
        if (vintages.isEmpty()) {
            note(html, ReportNotes.noVintages(snapshot));
            close(html);
            return;
        }
        if (snapshot.seasoning() != null) {
            html.append("<p>Expected defaults to date use the seasoning curve of the ")
                    .append("store".equals(snapshot.seasoning().source()) ? "store's complete cohorts" : "model card")
                    .append(".</p>\n");
        }
        html.append("<table><thead><tr><th>Cohort</th><th>Applications</th><th>Mean PD</th><th>Months on book</th>"
                + "<th>Defaults</th><th>Expected</th><th>Mature</th><th>Censored</th><th>Early-default p</th><th></th>"
                + "</tr></thead><tbody>\n");
        for (VintageBook.Vintage vintage : vintages) {
            html.append("<tr><td>").append(esc(vintage.cohort().toString())).append("</td>");
            cell(html, Long.toString(vintage.applications()));
            cell(html, num(vintage.meanPd()));
            cell(html, Integer.toString(vintage.monthsOnBook()));
            cell(html, Long.toString(vintage.defaults()));
            cell(html, num(vintage.expectedDefaults()));
            cell(html, num(vintage.matureShare()));
            cell(html, num(vintage.censoredShare()));
            VintageBook.EarlyDefaults early = vintage.earlyDefaults();
            cell(html, early == null ? "" : num(early.pValue()));
            html.append("<td>").append(early == null ? "" : light(early.light())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        if (vintages.size() >= 2) {
            html.append(
                    "<div class=\"charts\"><figure><div class=\"chart wide\" id=\"chart-vintages\"></div><figcaption>"
                            + "Defaults observed and expected to date per cohort</figcaption></figure></div>\n");
        } else {
            note(html, "One cohort only: no chart across cohorts.");
        }
        close(html);
    }

    private static void estimated(StringBuilder html, CycleSnapshot snapshot) {
        PerformanceEstimate estimate = snapshot.estimated();
        open(html, "estimated-performance", "Estimated performance (CBPE)", true);
        if (estimate == null) {
            note(html, ReportNotes.noEstimate(snapshot));
        } else {
            html.append("<p>Expected from the drift window's ").append(estimate.rows())
                    .append(" served probabilities through the card's calibration map; bands are 3 standard errors.</p>\n");
            html.append(
                    "<table><thead><tr><th></th><th>Estimate</th><th>Band</th><th>Hold-out</th></tr></thead><tbody>\n");
            ModelCard.HoldoutMetrics holdout = snapshot.card().holdoutAtCutOff();
            estimateRow(html, "AUC", estimate.aucRoc(), holdout.aucRoc());
            estimateRow(html, "Accuracy", estimate.accuracy(), holdout.accuracy());
            estimateRow(html, "Precision", estimate.precision(), holdout.precision());
            estimateRow(html, "Recall", estimate.recall(), holdout.recall());
            estimateRow(html, "F1", estimate.f1(), holdout.f1());
            estimateRow(html, "Expected default rate", estimate.defaultRate(), Double.NaN);
            html.append("</tbody></table>\n");
            if (snapshot.aucReference() != null) {
                html.append("<p>The hold-out AUC's range over chunks: ").append(num(snapshot.aucReference().lower()))
                        .append(" to ").append(num(snapshot.aucReference().upper())).append(".</p>\n");
            }
        }
        QualityReport live = snapshot.live();
        PerformanceEstimate matured = snapshot.matured();
        if (live != null && matured != null && !Double.isNaN(live.aucRoc())) {
            double gap = live.aucRoc() - matured.aucRoc().value();
            double lower = -3 * matured.aucRoc().standardError();
            html.append(
                    "<p>Realized AUC of the mature outcomes minus the AUC estimated from their own served probabilities: ")
                    .append(num(gap)).append(gap < lower ? ", below " : ", not below ").append(num(lower))
                    .append(gap < lower ? ": more than estimation can explain (concept drift suspected)." : ".")
                    .append("</p>\n");
        }
        close(html);
    }

    private static void estimateRow(StringBuilder html, String name, PerformanceEstimate.Estimate estimate,
                                    double holdout) {
        html.append("<tr><td>").append(name).append("</td>");
        boolean defined = estimate != null && !Double.isNaN(estimate.value());
        cell(html, defined ? num(estimate.value()) : "undefined");
        cell(html, defined && !Double.isNaN(estimate.standardError())
                ? num(estimate.lower()) + " – " + num(estimate.upper()) : "");
        cell(html, Double.isNaN(holdout) ? "" : num(holdout));
        html.append("</tr>\n");
    }

    private static void reasons(StringBuilder html, CycleSnapshot snapshot) {
        AttributionReport report = snapshot.attribution();
        open(html, "reasons", "Decline reasons and attribution drift", true);
        if (report == null) {
            note(html, ReportNotes.noAttribution(snapshot));
            close(html);
            return;
        }
        if (!Double.isNaN(report.ndcg())) {
            html.append(
                    "<p class=\"test\">nDCG of the window's ranking of features by mean |contribution| against the hold-out's: ")
                    .append(num(report.ndcg())).append(report.ndcg() < 0.9 ? ", below 0.9: attribution drift."
                            : " (below 0.9 is attribution drift).")
                    .append("</p>\n");
        } else {
            note(html, "The reference profile has no attribution (written before reasons): no attribution drift.");
        }
        html.append(
                "<div class=\"charts\"><figure><div class=\"chart wide\" id=\"chart-attribution\"></div><figcaption>"
                        + "Mean absolute contribution to the log-odds of default, drift window and hold-out</figcaption></figure></div>\n");
        if (report.firstReasonShares().isEmpty()) {
            note(html, ReportNotes.fewDeclines(report.declines()));
        } else {
            html.append("<p>").append(report.declines())
                    .append(" declines in the drift window, by first reason:</p>\n");
            html.append("<table><thead><tr><th>Code</th><th>Reason</th><th>Share</th></tr></thead><tbody>\n");
            Map<String, String> descriptions = new java.util.HashMap<>();
            snapshot.card().reasons().forEach(code -> descriptions.put(code.code(), code.description()));
            report.firstReasonShares().forEach((code, share) -> {
                html.append("<tr><td>").append(esc(code)).append("</td><td>")
                        .append(esc(descriptions.getOrDefault(code, "no feature raised the risk"))).append("</td>");
                cell(html, num(share));
                html.append("</tr>\n");
            });
            html.append("</tbody></table>\n");
        }
        close(html);
    }

    private static void challenger(StringBuilder html, CycleSnapshot snapshot) {
        ChallengerComparison comparison = snapshot.challenger();
        open(html, "champion-challenger", "Champion and challenger", true);
        if (snapshot.challengerVersion() == null) {
            note(html, ReportNotes.NO_CHALLENGER);
            close(html);
            return;
        }
        html.append("<p>Challenger ").append(esc(snapshot.challengerVersion()))
                .append(", scored in the shadow of every application; its decisions are not used.</p>\n");
        if (comparison == null) {
            note(html, ReportNotes.noComparison(snapshot));
        } else {
            PairedDeLong test = comparison.pairedDeLong();
            html.append("<p class=\"test\">Paired DeLong test over ").append(test.positives() + test.negatives())
                    .append(" mature outcomes both scored: AUC difference ").append(num(test.difference()))
                    .append(", z ").append(num(test.z()))
                    .append(", one-sided p-value that the challenger ranks better ")
                    .append(num(test.pValueBBetter())).append(' ').append(light(comparison.light()))
                    .append(comparison.challengerOutperforms() ? ": below 0.01, the challenger ranks better." : ".")
                    .append("</p>\n");
            html.append("<table><thead><tr><th></th><th>AUC</th><th>Mean PD</th><th>Jeffreys p</th>"
                    + "<th>Hosmer-Lemeshow p</th></tr></thead><tbody>\n");
            roleRow(html, "Champion", test.aucA(), comparison.champion());
            roleRow(html, "Challenger", test.aucB(), comparison.challenger());
            html.append("</tbody></table>\n<p>Observed default rate of the compared outcomes: ")
                    .append(num(comparison.champion().portfolio().observedRate())).append(".</p>\n");
        }
        SwapSet swap = snapshot.swap();
        if (swap != null) {
            html.append("<p>Swap set of the drift window's ").append(swap.predictions())
                    .append(" predictions both scored: ").append(num(swap.swapInShare()))
                    .append(" swapped in (the challenger approves, the champion declines), ")
                    .append(num(swap.swapOutShare())).append(" swapped out.</p>\n");
        }
        close(html);
    }

    private static void roleRow(StringBuilder html, String name, double auc, ValidationReport report) {
        html.append("<tr><td>").append(name).append("</td>");
        cell(html, num(auc));
        cell(html, num(report.portfolio().meanPd()));
        cell(html, num(report.portfolio().jeffreysPValue()));
        cell(html, report.hosmerLemeshow() == null ? "–" : num(report.hosmerLemeshow().pValue()));
        html.append("</tr>\n");
    }

    private static void open(StringBuilder html, String id, String title, boolean major) {
        html.append("<section id=\"").append(id).append("\"").append(major ? " class=\"major\"" : "").append("><h2>")
                .append(esc(title)).append("</h2>\n");
    }

    private static void close(StringBuilder html) {
        html.append("</section>\n");
    }

    private static void note(StringBuilder html, String text) {
        html.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
    }

    private static void pair(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    private static void cell(StringBuilder html, String value) {
        html.append("<td class=\"num\">").append(esc(value)).append("</td>");
    }

    private static String light(TrafficLight light) {
        String name = ReportData.light(light);
        return "<span class=\"light " + name + "\">" + name + "</span>";
    }

    /** A figure for reading: four significant digits, small p-values in scientific notation. */
    static String num(Double value) {
        if (value == null || Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && magnitude < 1e-4) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        if (magnitude >= 1000 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Text for HTML element content and attribute values. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
