package io.creditwatch.model.monitoring;

import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.stats.Calibration;

/**
 * How a set of predictions spreads over the rating grades: each grade's share, best grade
 * first, and the Herfindahl index of those shares (1/grades when even, 1 when all in one grade).
 */
public record GradeConcentration(double[] shares, double herfindahl) {

    public static GradeConcentration of(long[] gradeCounts) {
        long total = 0;
        for (long count : gradeCounts) {
            total += count;
        }
        double[] shares = new double[gradeCounts.length];
        for (int g = 0; g < shares.length; g++) {
            shares[g] = (double) gradeCounts[g] / total;
        }
        return new GradeConcentration(shares, Calibration.herfindahl(gradeCounts));
    }

    public static GradeConcentration of(MasterScale scale, double[] pds) {
        return of(scale.counts(pds));
    }
}
