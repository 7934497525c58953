package io.creditwatch.model.data;

import io.creditwatch.model.schema.Feature;
import org.apache.commons.statistics.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of credit data that mimics "Give Me Some Credit" (see
 * {@code shared/data/credit-data-profile.md}): its marginals, missing-value pattern, default
 * rate and quirks.
 *
 * <p>Each applicant has a latent risk {@code z ~ N(0, 1)}. Each feature is a noisy view of it:
 * {@code loading * z + sqrt(1 - loading^2) * noise} (a Gaussian copula), mapped through the
 * normal CDF onto the feature's own marginal distribution, so that the marginals are the real
 * set's while the ranking power of each feature follows its loading. The label is drawn with
 * probability {@code sigmoid(intercept + slope * z)}. The quirks are layered on top: missing
 * income (with DebtRatio then holding a raw monthly amount), missing dependents (always with
 * missing income), revolving utilization above 1 for high-risk applicants and far above 10 as
 * noise, rows with the sentinels 96/98 in all three past-due counts, and the odd impossible age.
 *
 * <p>The same seed gives the same rows on every JVM: only {@link SplittableRandom} and this
 * class's own arithmetic are involved.
 */
public final class SyntheticCreditGenerator {

    static final double DEFAULT_RATE = 0.0668;
    static final double SENTINEL_ROW_RATE = 269.0 / 150_000;
    static final double SENTINEL_DEFAULT_RATE = 0.55;
    static final double DEPENDENTS_MISSING_RATE = 0.0262;
    static final double INCOME_MISSING_RATE = 0.1982;
    static final double UTILIZATION_NOISE_RATE = 0.0016;
    static final double AGE_ZERO_RATE = 1.0 / 150_000;
    private static final double LABEL_SLOPE = 2.0;
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    /** Loading of each feature on the latent risk, by {@link Feature} ordinal. */
    private static final double[] LOADINGS = {
            0.70, // RevolvingUtilizationOfUnsecuredLines
            -0.33, // age
            0.70, // NumberOfTime30-59DaysPastDueNotWorse
            0.08, // DebtRatio
            -0.18, // MonthlyIncome
            -0.10, // NumberOfOpenCreditLinesAndLoans
            0.88, // NumberOfTimes90DaysLate
            -0.10, // NumberRealEstateLoansOrLines
            0.76, // NumberOfTime60-89DaysPastDueNotWorse
            0.13, // NumberOfDependents
    };

    private static final QuantileCurve UTILIZATION = new QuantileCurve(
            0, 0, 0.0725, 0, 0.0726, 0.0001, 0.25, 0.0299, 0.5, 0.154, 0.75, 0.559, 0.9, 0.92,
            0.95, 0.985, 0.9785, 1.0, 0.9925, 1.093, 0.995, 1.3, 0.999, 3.0, 1, 10.0);
    private static final QuantileCurve AGE = new QuantileCurve(
            0, 21, 0.01, 24, 0.25, 41, 0.5, 52, 0.75, 62.5, 0.99, 86, 0.9999, 99, 1, 109);
    private static final QuantileCurve INCOME = new QuantileCurve(
            0, 0, 0.0136, 0, 0.0137, 300, 0.05, 1500, 0.25, 3400, 0.5, 5400, 0.75, 8249, 0.9, 12500,
            0.99, 25000, 0.999, 38000, 0.9999, 70000, 0.99999, 200000, 1, 3_008_750);
    /** DebtRatio when income is known: a ratio of debt payments to income. */
    private static final QuantileCurve DEBT_RATIO = new QuantileCurve(
            0, 0, 0.02, 0, 0.0201, 0.001, 0.25, 0.143, 0.5, 0.296, 0.75, 0.482, 0.93, 0.868,
            0.97, 1.6, 0.99, 5, 0.999, 2000, 1, 61106);
    /** DebtRatio when income is missing: Kaggle's file then holds a raw monthly amount. */
    private static final QuantileCurve DEBT_AMOUNT = new QuantileCurve(
            0, 0, 0.04, 0, 0.0401, 0.5, 0.06, 1, 0.25, 400, 0.5, 1159, 0.75, 2400, 0.955, 4979,
            0.99, 7000, 0.999, 15000, 1, 329_664);
    private static final QuantileCurve OPEN_CREDIT_LINES = new QuantileCurve(
            0, 0, 0.013, 0.5, 0.25, 5, 0.5, 8, 0.75, 11, 0.9, 15, 0.95, 18, 0.99, 24, 0.9999, 45, 1, 58);
    private static final DiscreteDistribution PAST_DUE_30_59 = new DiscreteDistribution(
            0.8413, 0.1066, 0.0310, 0.0100, 0.0058, 0.0028, 0.0012, 0.0006, 0.0003, 0.0002, 0.0001, 0.0001);
    private static final DiscreteDistribution TIMES_90_LATE = new DiscreteDistribution(
            0.9440, 0.0355, 0.0100, 0.0050, 0.0022, 0.0011, 0.0006, 0.0004, 0.0003, 0.0003, 0.0002, 0.0002,
            0.0001, 0.0001);
    private static final DiscreteDistribution PAST_DUE_60_89 = new DiscreteDistribution(
            0.9494, 0.0385, 0.0077, 0.0023, 0.0007, 0.0003, 0.0003, 0.0002, 0.0002, 0.0001, 0.0001, 0.0001);
    private static final DiscreteDistribution REAL_ESTATE_LOANS = new DiscreteDistribution(
            0.375, 0.349, 0.210, 0.042, 0.0145, 0.0046, 0.0021, 0.0012, 0.0006, 0.0004, 0.0003, 0.0002,
            0.0001, 0.0001);
    private static final DiscreteDistribution DEPENDENTS = new DiscreteDistribution(
            0.594, 0.180, 0.133, 0.065, 0.0195, 0.0051, 0.0011, 0.0004, 0.0002, 0.0001, 0.0001);

    /** The intercept that gives the non-sentinel rows the default rate the whole set must have. */
    private static final double LABEL_INTERCEPT = solveIntercept(
            (DEFAULT_RATE - SENTINEL_ROW_RATE * SENTINEL_DEFAULT_RATE) / (1 - SENTINEL_ROW_RATE));

    private final SplittableRandom random;

    public SyntheticCreditGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public List<CreditRecord> generate(int rows) {
        List<CreditRecord> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            records.add(next());
        }
        return records;
    }

    public CreditRecord next() {
        double risk = gaussian();
        double[] x = new double[Feature.COUNT];
        for (Feature feature : Feature.ALL) {
            x[feature.ordinal()] = percentile(feature, risk);
        }
        double[] row = new double[Feature.COUNT];
        row[Feature.REVOLVING_UTILIZATION.ordinal()] = random.nextDouble() < UTILIZATION_NOISE_RATE
                ? Math.exp(Math.log(10) + Math.pow(random.nextDouble(), 1.7) * (Math.log(50_708) - Math.log(10)))
                : round(UTILIZATION.valueAt(x[Feature.REVOLVING_UTILIZATION.ordinal()]), 9);
        row[Feature.AGE.ordinal()] = random.nextDouble() < AGE_ZERO_RATE
                ? 0 : Math.round(AGE.valueAt(x[Feature.AGE.ordinal()]));
        row[Feature.OPEN_CREDIT_LINES.ordinal()] = Math
                .round(OPEN_CREDIT_LINES.valueAt(x[Feature.OPEN_CREDIT_LINES.ordinal()]));
        row[Feature.REAL_ESTATE_LOANS.ordinal()] = REAL_ESTATE_LOANS.valueAt(x[Feature.REAL_ESTATE_LOANS.ordinal()]);

        double missing = random.nextDouble();
        boolean dependentsMissing = missing < DEPENDENTS_MISSING_RATE;
        boolean incomeMissing = missing < INCOME_MISSING_RATE;
        row[Feature.DEPENDENTS.ordinal()] = dependentsMissing ? Double.NaN
                : DEPENDENTS.valueAt(x[Feature.DEPENDENTS.ordinal()]);
        row[Feature.MONTHLY_INCOME.ordinal()] = incomeMissing ? Double.NaN
                : Math.round(INCOME.valueAt(x[Feature.MONTHLY_INCOME.ordinal()]));
        double debt = x[Feature.DEBT_RATIO.ordinal()];
        row[Feature.DEBT_RATIO.ordinal()] = incomeMissing ? Math.round(DEBT_AMOUNT.valueAt(debt))
                : round(DEBT_RATIO.valueAt(debt), 9);

        int label;
        if (random.nextDouble() < SENTINEL_ROW_RATE) {
            double sentinel = random.nextDouble() < 0.02 ? 96 : 98;
            row[Feature.PAST_DUE_30_59_DAYS.ordinal()] = sentinel;
            row[Feature.PAST_DUE_60_89_DAYS.ordinal()] = sentinel;
            row[Feature.TIMES_90_DAYS_LATE.ordinal()] = sentinel;
            label = random.nextDouble() < SENTINEL_DEFAULT_RATE ? 1 : 0;
        } else {
            row[Feature.PAST_DUE_30_59_DAYS.ordinal()] = PAST_DUE_30_59
                    .valueAt(x[Feature.PAST_DUE_30_59_DAYS.ordinal()]);
            row[Feature.PAST_DUE_60_89_DAYS.ordinal()] = PAST_DUE_60_89
                    .valueAt(x[Feature.PAST_DUE_60_89_DAYS.ordinal()]);
            row[Feature.TIMES_90_DAYS_LATE.ordinal()] = TIMES_90_LATE.valueAt(x[Feature.TIMES_90_DAYS_LATE.ordinal()]);
            label = random.nextDouble() < sigmoid(LABEL_INTERCEPT + LABEL_SLOPE * risk) ? 1 : 0;
        }
        return new CreditRecord(row, label);
    }

    /** The feature's copula percentile: its noisy view of the latent risk, mapped to (0, 1). */
    private double percentile(Feature feature, double risk) {
        double loading = LOADINGS[feature.ordinal()];
        return STANDARD_NORMAL.cumulativeProbability(loading * risk + Math.sqrt(1 - loading * loading) * gaussian());
    }

    /** A standard normal draw by the Box-Muller transform (fixed arithmetic, so seeds are portable). */
    private double gaussian() {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The intercept a with E[sigmoid(a + slope * Z)] = rate, by bisection over a quadrature of Z. */
    private static double solveIntercept(double rate) {
        double low = -20;
        double high = 20;
        for (int iteration = 0; iteration < 100; iteration++) {
            double middle = (low + high) / 2;
            if (expectedRate(middle) < rate) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    private static double expectedRate(double intercept) {
        double step = 0.01;
        double sum = 0;
        for (double z = -8; z <= 8; z += step) {
            double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
            sum += density * sigmoid(intercept + LABEL_SLOPE * z) * step;
        }
        return sum;
    }
}
