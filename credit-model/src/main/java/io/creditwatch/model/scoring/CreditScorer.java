package io.creditwatch.model.scoring;

import io.creditwatch.model.schema.Feature;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Probability of default for feature rows, from an XGBoost booster's trees evaluated in Java
 * ({@link TreeEnsemble}): no native memory on the request path, no lock, and every request thread
 * scores on its own core. The booster's columns are named by schema features, in any order; a
 * missing value is NaN, which is what XGBoost means by missing. Safe for concurrent use.
 */
public final class CreditScorer {

    /** Rows scored together, tree by tree: enough to reuse each tree from cache, few enough to stay in it. */
    private static final int BLOCK_ROWS = 64;

    /** Index of the bias in a row of {@link #contributions(double[])}, after the features. */
    public static final int BIAS = Feature.COUNT;

    private final TreeEnsemble trees;
    private final TreeShap shap;
    private final int columns;
    private final int[] columnOf;
    private final int positiveClass;

    /**
     * @param columns the schema feature of each of the booster's input columns, in column order
     * @param positiveClass the booster's class that means default (1, but for an old Tribuo model)
     * @throws IllegalArgumentException when the columns are not exactly the schema's features, or the booster
     *                                  does not have two classes; the message names the fields
     */
    public CreditScorer(BoosterFile booster, List<String> columns, int positiveClass) {
        checkColumns(columns, booster.columnCount());
        if (booster.classes() != 2 || positiveClass < 0 || positiveClass > 1) {
            throw new IllegalArgumentException(
                    "the booster has " + booster.classes() + " classes; a credit model needs two, "
                            + "default and repaid");
        }
        this.trees = booster.trees();
        this.shap = new TreeShap(trees);
        this.columns = columns.size();
        this.columnOf = new int[Feature.COUNT];
        for (int column = 0; column < columns.size(); column++) {
            columnOf[Feature.byJsonName(columns.get(column)).orElseThrow().ordinal()] = column;
        }
        this.positiveClass = positiveClass;
    }

    /** Refuses columns that are not the schema's ten features, naming the unknown, missing and repeated ones. */
    public static void checkColumns(List<String> columns, int columnCount) {
        Set<String> schema = new LinkedHashSet<>(Feature.ALL.stream().map(Feature::jsonName).toList());
        List<String> unknown = columns.stream().filter(name -> !schema.contains(name)).toList();
        List<String> missing = schema.stream().filter(name -> !columns.contains(name)).toList();
        Set<String> seen = new LinkedHashSet<>();
        List<String> repeated = columns.stream().filter(name -> !seen.add(name)).distinct().toList();
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add("not in the schema: " + String.join(", ", unknown));
        }
        if (!missing.isEmpty()) {
            problems.add("missing: " + String.join(", ", missing));
        }
        if (!repeated.isEmpty()) {
            problems.add("repeated: " + String.join(", ", repeated));
        }
        if (problems.isEmpty() && columns.size() != columnCount) {
            problems.add(columns.size() + " names for the booster's " + columnCount + " columns");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "the model's features do not match the schema (" + String.join("; ", problems)
                            + "); expected, in any order: " + String.join(", ", schema));
        }
    }

    /**
     * @param rows one {@code double[Feature.COUNT]} per application, NaN where missing
     * @return the probability of default per row, in order
     */
    public double[] probabilities(double[][] rows) {
        double[] probabilities = new double[rows.length];
        float[] block = new float[Math.min(rows.length, BLOCK_ROWS) * columns];
        for (int start = 0; start < rows.length; start += BLOCK_ROWS) {
            int count = Math.min(BLOCK_ROWS, rows.length - start);
            for (int r = 0; r < count; r++) {
                double[] values = rows[start + r];
                int rowStart = r * columns;
                for (int feature = 0; feature < Feature.COUNT; feature++) {
                    block[rowStart + columnOf[feature]] = (float) values[feature];
                }
            }
            trees.probabilities(block, columns, count, positiveClass, probabilities, start);
        }
        return probabilities;
    }

    /**
     * Why the model gave one row its probability: each feature's exact SHAP value (path-dependent
     * TreeSHAP, see {@link TreeShap}) in log-odds of default, indexed by {@link Feature#ordinal()},
     * then at {@link #BIAS} the expected log-odds over the training rows. They sum to the row's
     * log-odds, {@code ln(p / (1 - p))}. A positive contribution is a feature that raised the
     * probability of default.
     *
     * @param row {@code double[Feature.COUNT]}, NaN where missing
     */
    public double[] contributions(double[] row) {
        return contributions(new double[][]{row})[0];
    }

    /**
     * The contributions of several rows, each as {@link #contributions(double[])} gives it.
     */
    public double[][] contributions(double[][] rows) {
        float[] values = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            for (int feature = 0; feature < Feature.COUNT; feature++) {
                values[r * columns + columnOf[feature]] = (float) rows[r][feature];
            }
        }
        double[][] byColumn = new double[rows.length][columns + 1];
        shap.explain(values, 0, columns, rows.length, positiveClass, byColumn);
        double[][] byFeature = new double[rows.length][Feature.COUNT + 1];
        for (int r = 0; r < rows.length; r++) {
            for (int feature = 0; feature < Feature.COUNT; feature++) {
                byFeature[r][feature] = byColumn[r][columnOf[feature]];
            }
            byFeature[r][BIAS] = byColumn[r][columns];
        }
        return byFeature;
    }
}
