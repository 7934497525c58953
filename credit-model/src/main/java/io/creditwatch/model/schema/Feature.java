package io.creditwatch.model.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ten input features of the "Give Me Some Credit" data, named as the public API and the
 * Kaggle CSV name them. The order of the constants is the column order of the Kaggle file and
 * the index into every {@code double[]} feature row used by this library.
 */
public enum Feature {
    REVOLVING_UTILIZATION("RevolvingUtilizationOfUnsecuredLines", Kind.CONTINUOUS, false, 0, 100_000),
    AGE("age", Kind.WHOLE, false, 18, 120),
    PAST_DUE_30_59_DAYS("NumberOfTime30-59DaysPastDueNotWorse", Kind.WHOLE, false, 0, 98),
    DEBT_RATIO("DebtRatio", Kind.CONTINUOUS, false, 0, 1_000_000),
    MONTHLY_INCOME("MonthlyIncome", Kind.CONTINUOUS, true, 0, 10_000_000),
    OPEN_CREDIT_LINES("NumberOfOpenCreditLinesAndLoans", Kind.WHOLE, false, 0, 100),
    TIMES_90_DAYS_LATE("NumberOfTimes90DaysLate", Kind.WHOLE, false, 0, 98),
    REAL_ESTATE_LOANS("NumberRealEstateLoansOrLines", Kind.WHOLE, false, 0, 100),
    PAST_DUE_60_89_DAYS("NumberOfTime60-89DaysPastDueNotWorse", Kind.WHOLE, false, 0, 98),
    DEPENDENTS("NumberOfDependents", Kind.WHOLE, true, 0, 30);

    /** Whether a value may carry a fraction. */
    public enum Kind {
        CONTINUOUS,
        WHOLE
    }

    public static final List<Feature> ALL = List.of(values());
    public static final int COUNT = ALL.size();

    private static final Map<String, Feature> BY_NAME = new HashMap<>();
    private static final Map<String, Feature> BY_LOWER_NAME = new HashMap<>();

    static {
        for (Feature feature : values()) {
            BY_NAME.put(feature.jsonName, feature);
            BY_LOWER_NAME.put(normalize(feature.jsonName), feature);
        }
    }

    private final String jsonName;
    private final Kind kind;
    private final boolean nullable;
    private final double min;
    private final double max;

    Feature(String jsonName, Kind kind, boolean nullable, double min, double max) {
        this.jsonName = jsonName;
        this.kind = kind;
        this.nullable = nullable;
        this.min = min;
        this.max = max;
    }

    /** The exact field name in the API and the CSV header. */
    public String jsonName() {
        return jsonName;
    }

    public Kind kind() {
        return kind;
    }

    /** Missing is a legitimate value for this feature (the model handles it), not an error. */
    public boolean nullable() {
        return nullable;
    }

    /** Smallest valid value, inclusive. */
    public double min() {
        return min;
    }

    /** Largest valid value, inclusive. */
    public double max() {
        return max;
    }

    public static Optional<Feature> byJsonName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * The feature a misspelt name was probably meant to be: same letters ignoring case and
     * punctuation (so {@code Age} or {@code monthly_income} point at the real name).
     */
    public static Optional<Feature> closestTo(String name) {
        return Optional.ofNullable(BY_LOWER_NAME.get(normalize(name)));
    }

    /** Why {@code value} is not a valid value of this feature, or empty when it is. */
    public Optional<String> problemWith(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Optional.of("must be a finite number");
        }
        if (kind == Kind.WHOLE && value != Math.rint(value)) {
            return Optional.of("must be a whole number");
        }
        if (value < min || value > max) {
            return Optional.of("must be between " + format(min) + " and " + format(max));
        }
        return Optional.empty();
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
