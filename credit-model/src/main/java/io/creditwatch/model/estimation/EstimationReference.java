package io.creditwatch.model.estimation;

import io.creditwatch.model.stats.DeLongAuc;
import io.creditwatch.model.stats.RankingMetrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What the labelled hold-out gives the estimator besides the calibration: each metric's sampling
 * error components ({@link SamplingError}), computed from the served probabilities, the labels and
 * the decisions at the serving threshold, and the realized AUC's range over hold-out chunks.
 *
 * @param rows the hold-out's rows
 * @param aucRange the hold-out AUC over chunks, or null when the hold-out holds fewer than two chunks
 */
public record EstimationReference(long rows, SamplingError aucRoc, SamplingError accuracy, SamplingError precision,
                                  SamplingError recall, SamplingError f1, SamplingError defaultRate,
                                  AucRange aucRange) {

    /** The seed of the hold-out's shuffle into chunks: the same hold-out gives the same range. */
    static final long CHUNK_SEED = 19;
    /** NannyML's default chunker cuts the reference into ten chunks; so does this, of at least the minimum window. */
    static final int CHUNKS = 10;

    /**
     * The realized AUC of the hold-out over {@code chunks} disjoint random chunks of
     * {@code chunkRows} rows: their mean and population standard deviation, and the range
     * {@code mean ± 3 sd} (NannyML's {@code StandardDeviationThreshold}, clipped to [0, 1]). A
     * window of {@code n} rows has about {@code standardDeviation * sqrt(chunkRows / n)}.
     */
    public record AucRange(int chunkRows, int chunks, double mean, double standardDeviation, double lower,
                           double upper) {
    }

    static EstimationReference of(double[] scores, int[] labels, double threshold) {
        int rows = scores.length;
        int[] predicted = new int[rows];
        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        int predictedPositives = 0;
        int positives = 0;
        for (int i = 0; i < rows; i++) {
            predicted[i] = scores[i] >= threshold ? 1 : 0;
            predictedPositives += predicted[i];
            positives += labels[i];
            if (predicted[i] == 1 && labels[i] == 1) {
                truePositives++;
            } else if (predicted[i] == 1) {
                falsePositives++;
            } else if (labels[i] == 1) {
                falseNegatives++;
            }
        }
        double[] correct = new double[rows];
        double[] precisionRows = new double[predictedPositives];
        double[] recallRows = new double[positives];
        double[] f1Rows = new double[truePositives + falsePositives + falseNegatives];
        double[] defaults = new double[rows];
        double f1Scale = f1Rows.length / (truePositives + (falsePositives + falseNegatives) / 2.0);
        for (int i = 0, p = 0, r = 0, f = 0; i < rows; i++) {
            boolean hit = predicted[i] == labels[i];
            correct[i] = hit ? 1 : 0;
            defaults[i] = labels[i];
            if (predicted[i] == 1) {
                precisionRows[p++] = correct[i];
            }
            if (labels[i] == 1) {
                recallRows[r++] = correct[i];
            }
            if (predicted[i] == 1 || labels[i] == 1) {
                f1Rows[f++] = hit ? f1Scale : 0;
            }
        }
        DeLongAuc.Placements placements = DeLongAuc.Placements.of(scores, labels);
        // the minority class's placements, as NannyML (which flips the labels when defaults are the majority)
        double[] minority = positives <= rows - positives ? placements.positive() : placements.negative();
        return new EstimationReference(rows, SamplingError.of(minority, rows), SamplingError.of(correct, rows),
                SamplingError.of(precisionRows, rows), SamplingError.of(recallRows, rows),
                SamplingError.of(f1Rows, rows),
                SamplingError.of(defaults, rows), aucRange(scores, labels));
    }

    private static AucRange aucRange(double[] scores, int[] labels) {
        int chunkRows = Math.max(PerformanceEstimator.MIN_WINDOW_ROWS, scores.length / CHUNKS);
        int chunks = scores.length / chunkRows;
        if (chunks < 2) {
            return null;
        }
        int[] order = new int[scores.length];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(CHUNK_SEED);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        double[] aucs = new double[chunks];
        for (int c = 0; c < chunks; c++) {
            double[] chunkScores = new double[chunkRows];
            int[] chunkLabels = new int[chunkRows];
            for (int k = 0; k < chunkRows; k++) {
                chunkScores[k] = scores[order[c * chunkRows + k]];
                chunkLabels[k] = labels[order[c * chunkRows + k]];
            }
            aucs[c] = RankingMetrics.of(chunkScores, chunkLabels).aucRoc();
        }
        double mean = Arrays.stream(aucs).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(aucs).map(auc -> (auc - mean) * (auc - mean)).sum() / chunks);
        return new AucRange(chunkRows, chunks, mean, sd,
                Math.max(0, mean - PerformanceEstimator.BAND_STANDARD_ERRORS * sd),
                Math.min(1, mean + PerformanceEstimator.BAND_STANDARD_ERRORS * sd));
    }
}
