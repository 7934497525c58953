package io.creditwatch.model.monitoring;

import io.creditwatch.model.bundle.DistributionProfile;
import io.creditwatch.model.bundle.ReferenceProfile;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.stats.PopulationStability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a window of served applications and their scores with the reference profile.
 *
 * <p>Drift: each feature's values are binned with the reference's own bins (missing values in
 * the missing bin) and compared by PSI ({@link PopulationStability}); the drift score is the
 * largest feature PSI, and drift is detected above {@value PopulationStability#SIGNIFICANT_SHIFT}.
 * Data quality: missing values per feature and overall (missing cells over all cells), outliers
 * against the reference's fences per feature and overall (outlying values over present values),
 * and values outside the valid domain.
 */
public final class WindowAnalyzer {

    private WindowAnalyzer() {
    }

    /**
     * @param rows   one {@code double[Feature.COUNT]} per application, NaN where missing
     * @param scores the model's probability of default for each row
     */
    public static WindowReport analyze(ReferenceProfile reference, List<double[]> rows, double[] scores) {
        if (rows.size() != scores.length) {
            throw new IllegalArgumentException("one score per row is needed");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an empty window has no distribution");
        }
        Map<String, Double> psi = new LinkedHashMap<>();
        Map<String, Double> missing = new LinkedHashMap<>();
        Map<String, Double> outliers = new LinkedHashMap<>();
        Map<String, Long> outOfDomain = new LinkedHashMap<>();
        long missingCells = 0;
        long presentCells = 0;
        long outlierCells = 0;
        double driftScore = 0;
        for (Feature feature : Feature.ALL) {
            DistributionProfile profile = reference.feature(feature.jsonName());
            long[] counts = new long[profile.binCount()];
            long featureMissing = 0;
            long featureOutliers = 0;
            long featureOutOfDomain = 0;
            for (double[] row : rows) {
                double value = row[feature.ordinal()];
                counts[profile.binOf(value)]++;
                if (Double.isNaN(value)) {
                    featureMissing++;
                    continue;
                }
                if (profile.isOutlier(value)) {
                    featureOutliers++;
                }
                if (!profile.domain().contains(value)) {
                    featureOutOfDomain++;
                }
            }
            double featurePsi = PopulationStability.psi(profile.counts(), counts);
            long present = rows.size() - featureMissing;
            psi.put(feature.jsonName(), featurePsi);
            missing.put(feature.jsonName(), percent(featureMissing, rows.size()));
            outliers.put(feature.jsonName(), percent(featureOutliers, present));
            outOfDomain.put(feature.jsonName(), featureOutOfDomain);
            driftScore = Math.max(driftScore, featurePsi);
            missingCells += featureMissing;
            presentCells += present;
            outlierCells += featureOutliers;
        }
        DistributionProfile scoreProfile = reference.score();
        long[] scoreCounts = new long[scoreProfile.binCount()];
        for (double score : scores) {
            scoreCounts[scoreProfile.binOf(score)]++;
        }
        return new WindowReport(rows.size(), psi, PopulationStability.psi(scoreProfile.counts(), scoreCounts),
                driftScore, driftScore > PopulationStability.SIGNIFICANT_SHIFT, missing,
                percent(missingCells, (long) rows.size() * Feature.COUNT), outliers,
                percent(outlierCells, presentCells),
                outOfDomain);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
