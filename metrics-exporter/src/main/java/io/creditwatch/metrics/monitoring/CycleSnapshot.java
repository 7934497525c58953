package io.creditwatch.metrics.monitoring;

import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.estimation.EstimationReference;
import io.creditwatch.model.estimation.PerformanceEstimate;
import io.creditwatch.model.monitoring.ChallengerComparison;
import io.creditwatch.model.monitoring.GradeConcentration;
import io.creditwatch.model.monitoring.QualityReport;
import io.creditwatch.model.monitoring.ValidationReport;
import io.creditwatch.model.monitoring.ValidationSettings;
import io.creditwatch.model.monitoring.WindowReport;
import io.creditwatch.model.outcome.SeasoningCurve;
import io.creditwatch.model.outcome.VintageBook;
import io.creditwatch.model.reasons.AttributionProfile;
import io.creditwatch.model.reasons.AttributionReport;
import io.creditwatch.model.stats.RankingCurve;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one successful monitoring cycle computed, the same objects it handed to {@link ExporterMetrics}:
 * the validation report ({@code /report}) is rendered from it. Replaced whole at the end of each
 * successful cycle; a part is null where the cycle published nothing for it (too little data, or
 * nothing in the bundle to compute it from), as its gauges are absent then.
 *
 * @param completedAt          when the cycle ended
 * @param driftWindow          predictions in the drift window (drift, data quality, estimation, reasons)
 * @param driftWindowFirst     the earliest application time in the drift window (null: empty)
 * @param driftWindowLast      the latest
 * @param matureOutcomes       mature outcomes behind realized quality and the validation tests (0 while the
 *                             store's history is still being read)
 * @param outcomesWaiting      outcomes counted once their cohort is complete
 * @param historyRead          whether the cycles have reached the store's newest rows once
 * @param live                 realized quality over the mature outcomes
 * @param curve                ROC and CAP points of the mature outcomes (null: fewer than the minimum, or one class)
 * @param estimated            the drift window's estimated performance (CBPE)
 * @param matured              the performance estimated from the mature outcomes' own served probabilities
 * @param aucReference         the hold-out AUC's range over chunks, from the card
 * @param liveGrades           the drift window's grade mix; {@code referenceGrades} the hold-out's
 * @param vintages             oldest cohort first, with the seasoning curve they were computed with
 * @param challengerVersion    the newest challenger scored in the model's shadow (null: none), with its
 *                             comparison over mature outcomes ({@code challenger}) and the drift window's
 *                             swap set ({@code swap}), each null when too few
 */
public record CycleSnapshot(Instant completedAt, ModelCard card, ValidationSettings settings, int minDriftRows,
                            int minLabels, int driftWindow, Instant driftWindowFirst, Instant driftWindowLast,
                            int matureOutcomes, int outcomesWaiting, boolean historyRead, QualityReport live,
                            RankingCurve curve, PerformanceEstimate estimated, PerformanceEstimate matured,
                            EstimationReference.AucRange aucReference, ValidationReport validation,
                            WindowReport window, Map<String, Double> referenceMissing,
                            Map<String, Double> referenceOutliers, GradeConcentration liveGrades,
                            GradeConcentration referenceGrades, List<VintageBook.Vintage> vintages,
                            SeasoningCurve seasoning, AttributionReport attribution,
                            AttributionProfile referenceAttribution, String challengerVersion,
                            ChallengerComparison challenger, SwapSet swap) {

}
