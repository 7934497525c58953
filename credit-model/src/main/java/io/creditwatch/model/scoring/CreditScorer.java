package io.creditwatch.model.scoring;

import io.creditwatch.model.schema.Feature;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

import java.util.Arrays;
import java.util.List;

/**
 * Probability of default for feature rows, straight from the model's XGBoost booster.
 *
 * <p>Tribuo's own {@code predict} builds per-example objects and costs far more per row than
 * XGBoost itself, so serving goes to the booster with a dense matrix whose columns follow the
 * model's feature map and whose missing values are NaN. That is what Tribuo's sparse training
 * matrix means too: an absent feature is missing to XGBoost, while a zero is a value.
 *
 * <p>The booster predicts on one thread per call, so concurrent requests are spread over the
 * cores by the server rather than by XGBoost's own thread pool. Native matrices are freed as
 * soon as each call ends. Safe for concurrent use.
 */
public final class CreditScorer implements AutoCloseable {

    private final Booster booster;
    private final int columns;
    private final int[] columnOf;
    private final int positiveIndex;

    public CreditScorer(XGBoostModel<Label> model, String positiveLabel) {
        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        this.columns = featureMap.size();
        this.columnOf = new int[Feature.COUNT];
        for (Feature feature : Feature.ALL) {
            columnOf[feature.ordinal()] = featureMap.getID(feature.jsonName());
        }
        this.positiveIndex = model.getOutputIDInfo().getID(new Label(positiveLabel));
        if (positiveIndex < 0) {
            throw new IllegalArgumentException("the model has no label '" + positiveLabel + "'");
        }
        List<Booster> boosters = model.getInnerModels();
        if (boosters.size() != 1) {
            throw new IllegalArgumentException("expected one booster, got " + boosters.size());
        }
        this.booster = boosters.get(0);
        try {
            booster.setParam("nthread", 1);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot configure the booster", e);
        }
    }

    /**
     * @param rows one {@code double[Feature.COUNT]} per application, NaN where missing
     * @return the probability of default per row, in order
     */
    public double[] probabilities(double[][] rows) {
        int n = rows.length;
        if (n == 0) {
            return new double[0];
        }
        float[] dense = new float[n * columns];
        Arrays.fill(dense, Float.NaN);
        for (int row = 0; row < n; row++) {
            double[] values = rows[row];
            int offset = row * columns;
            for (int feature = 0; feature < Feature.COUNT; feature++) {
                int column = columnOf[feature];
                if (column >= 0) {
                    dense[offset + column] = (float) values[feature];
                }
            }
        }
        DMatrix matrix = null;
        try {
            matrix = new DMatrix(dense, n, columns, Float.NaN);
            float[][] predicted = booster.predict(matrix);
            double[] probabilities = new double[n];
            for (int row = 0; row < n; row++) {
                probabilities[row] = predicted[row][positiveIndex];
            }
            return probabilities;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to score " + n + " rows", e);
        } finally {
            if (matrix != null) {
                matrix.dispose();
            }
        }
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
