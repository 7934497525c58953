package io.creditwatch.model.scoring;

import io.creditwatch.model.schema.Feature;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Probability of default for feature rows, from the model's XGBoost trees.
 *
 * <p>Tribuo's own {@code predict} builds per-example objects and costs far more per row than
 * XGBoost itself, and XGBoost4J's {@code predict} pays for a native matrix per call and serializes
 * concurrent calls on one booster. So the booster's trees are exported once, in XGBoost's JSON
 * format, and evaluated in Java ({@link TreeEnsemble}): no native memory on the request path, no
 * lock, and every request thread scores on its own core. Columns follow the model's feature map;
 * a missing value is NaN, which is what Tribuo's sparse training matrix meant too (an absent
 * feature is missing to XGBoost, while a zero is a value). Safe for concurrent use.
 */
public final class CreditScorer {

    /** Rows scored together, tree by tree: enough to reuse each tree from cache, few enough to stay in it. */
    private static final int BLOCK_ROWS = 64;

    private final TreeEnsemble trees;
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
        this.trees = exportTrees(model);
        if (trees.classes() != model.getOutputIDInfo().size()) {
            throw new IllegalArgumentException("the booster has " + trees.classes() + " classes, the model "
                    + model.getOutputIDInfo().size());
        }
    }

    private static TreeEnsemble exportTrees(XGBoostModel<Label> model) {
        List<Booster> boosters = model.getInnerModels();
        if (boosters.size() != 1) {
            throw new IllegalArgumentException("expected one booster, got " + boosters.size());
        }
        Booster booster = boosters.get(0);
        try {
            return TreeEnsemble.fromXGBoostJson(booster.toByteArray("json"));
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot export the booster's trees", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            booster.dispose();
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
            Arrays.fill(block, Float.NaN);
            for (int r = 0; r < count; r++) {
                double[] values = rows[start + r];
                int rowStart = r * columns;
                for (int feature = 0; feature < Feature.COUNT; feature++) {
                    int column = columnOf[feature];
                    if (column >= 0) {
                        block[rowStart + column] = (float) values[feature];
                    }
                }
            }
            trees.probabilities(block, columns, count, positiveIndex, probabilities, start);
        }
        return probabilities;
    }
}
