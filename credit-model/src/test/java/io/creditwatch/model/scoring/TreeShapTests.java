package io.creditwatch.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.schema.Feature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

/**
 * The Java TreeSHAP held to XGBoost's own {@code pred_contribs} (XGBoost4J's
 * {@code Booster.predictContrib}, the C++ implementation of the same algorithm), cell by cell.
 */
class TreeShapTests {

    private static final int ROWS = 2_000;
    private static final double TOLERANCE = 1e-5;

    @Test
    void theBundledModelMatchesXGBoostsPredContribOnRowsWithMissingValues() throws Exception {
        BoosterFile booster = ModelBundle.read(Path.of("../models/default")).booster();

        assertMatchesXGBoost(booster, rows(20261201L));
    }

    /** binary-logistic.json was trained and saved by Python's XGBoost 1.7.4 (see make-fixtures.py), with base_score 0.3. */
    @Test
    void aModelTrainedByPythonsXGBoostMatchesXGBoostsPredContrib() throws Exception {
        BoosterFile booster = BoosterFile.parse(resource("binary-logistic.json"));
        assertThat(booster.xgboostVersion()).isEqualTo("1.7.4");

        assertMatchesXGBoost(booster, rows(7L));
    }

    /**
     * A two-class softprob model: the log-odds of class 1 is the difference of the two classes'
     * margins, so its contributions are the difference of XGBoost's per-class contributions.
     */
    @Test
    void aTwoClassSoftprobModelExplainsTheDifferenceOfItsClassMargins() throws Exception {
        BoosterFile file = BoosterFile.parse(resource("softprob-2.json"));
        float[] rows = rows(11L);
        int width = Feature.COUNT;
        TreeShap shap = new TreeShap(file.trees());
        Booster booster = XGBoost.loadModel(new ByteArrayInputStream(file.bytes()));
        DMatrix matrix = new DMatrix(rows, ROWS, width, Float.NaN);
        try {
            float[][] expected = booster.predictContrib(matrix, 0);
            assertThat(expected[0]).hasSize(2 * (width + 1));
            double[] contributions = new double[width + 1];
            for (int r = 0; r < ROWS; r++) {
                shap.explain(rows, r * width, width, 1, contributions);
                for (int c = 0; c <= width; c++) {
                    double difference = expected[r][width + 1 + c] - expected[r][c];
                    assertThat(contributions[c]).as("row %d, column %d", r, c).isCloseTo(difference, within(TOLERANCE));
                }
            }
        } finally {
            matrix.dispose();
            booster.dispose();
        }
    }

    /**
     * The "simple and function" of XGBoost's own test suite (tests/python/test_shap.py): four rows
     * (0,0), (0,1), (1,0), (1,1) with y = x1 AND x2, one tree that splits on x1 and then on x2, one
     * row per leaf; the row (1,1) gets [0.375, 0.375, 0.25]. By hand: E[f] = 1/4; with x1 alone
     * known the expected output is 1/2, with both known 1, so x1's Shapley value is
     * ½·(1/2 − 1/4) + ½·(1 − 1/2) = 3/8, and x2's the same by symmetry.
     */
    @Test
    void xgboostsAndExampleGivesExactlyItsValues() throws IOException, XGBoostError {
        byte[] json = andModel().getBytes(StandardCharsets.UTF_8);
        TreeShap shap = new TreeShap(BoosterFile.parse(json).trees());
        double[] contributions = new double[3];

        shap.explain(new float[]{1, 1}, 0, 2, 1, contributions);

        assertThat(contributions).containsExactly(0.375, 0.375, 0.25);
        Booster booster = XGBoost.loadModel(new ByteArrayInputStream(json));
        DMatrix matrix = new DMatrix(new float[]{1, 1}, 1, 2, Float.NaN);
        try {
            assertThat(booster.predictContrib(matrix, 0)[0]).containsExactly(0.375f, 0.375f, 0.25f);
        } finally {
            matrix.dispose();
            booster.dispose();
        }
    }

    /**
     * The definition itself, independently of both implementations: each feature's Shapley value
     * Σ_S |S|! (M − |S| − 1)! / M! · (v(S ∪ {i}) − v(S)) over all 2^9 subsets S of the other
     * features, with v(S) the ensemble's expected margin given the features in S, computed as
     * Algorithm 1 (EXPVALUE) of Lundberg et al. (2020) does: a split on a known feature follows the
     * row, a split on an unknown one averages its children by cover.
     */
    @Test
    void theContributionsAreTheShapleyValuesByEnumeratingEverySubset() throws IOException {
        TreeEnsemble trees = BoosterFile.parse(resource("binary-logistic.json")).trees();
        TreeShap shap = new TreeShap(trees);
        float[] rows = rows(13L);
        int width = Feature.COUNT;
        double[] factorial = new double[width + 1];
        factorial[0] = 1;
        for (int k = 1; k <= width; k++) {
            factorial[k] = factorial[k - 1] * k;
        }
        double[] contributions = new double[width + 1];
        for (int r = 0; r < 20; r++) {
            int start = r * width;
            double[] value = new double[1 << width];
            for (int subset = 0; subset < value.length; subset++) {
                for (int t = 0; t < trees.treeRoots.length; t++) {
                    value[subset] += expectedValue(trees, trees.treeRoots[t], rows, start, subset);
                }
            }
            shap.explain(rows, start, width, 1, contributions);
            for (int i = 0; i < width; i++) {
                double shapley = 0;
                for (int subset = 0; subset < value.length; subset++) {
                    if ((subset & (1 << i)) == 0) {
                        int size = Integer.bitCount(subset);
                        shapley += factorial[size]
                                * factorial[width - size - 1]
                                / factorial[width]
                                * (value[subset | (1 << i)] - value[subset]);
                    }
                }
                assertThat(contributions[i]).as("row %d, feature %d", r, i).isCloseTo(shapley, within(1e-9));
            }
            assertThat(contributions[width] - trees.baseMargin)
                    .as("row %d: bias against v(no feature)", r)
                    .isCloseTo(value[0], within(1e-9));
        }
    }

    private static double expectedValue(TreeEnsemble trees, int node, float[] rows, int start, int known) {
        int left = trees.children[2 * node];
        if (left == node) {
            return trees.values[node];
        }
        int right = trees.children[2 * node + 1];
        int column = trees.splitColumns[node];
        if ((known & (1 << column)) != 0) {
            float x = rows[start + column];
            int goesRight = x != x ? trees.missingGoesRight[node] : (x < trees.values[node] ? 0 : 1);
            return expectedValue(trees, goesRight == 1 ? right : left, rows, start, known);
        }
        return (trees.covers[left] * expectedValue(trees, left, rows, start, known)
                + trees.covers[right] * expectedValue(trees, right, rows, start, known))
                / trees.covers[node];
    }

    /**
     * The leaf tables and the recursion are two computations of the same values: on the bundled
     * model, every one of whose trees is tabled, they agree cell by cell to rounding.
     */
    @Test
    void leafTablesGiveWhatTheRecursionGives() throws IOException {
        TreeEnsemble trees = ModelBundle.read(Path.of("../models/default")).booster().trees();
        TreeShap tabled = new TreeShap(trees);
        TreeShap recursive = new TreeShap(trees, false);
        assertThat(tabled.tabledTrees()).isEqualTo(trees.treeCount());
        assertThat(recursive.tabledTrees()).isZero();
        float[] rows = rows(17L);
        int width = Feature.COUNT;
        double[] fast = new double[width + 1];
        double[] slow = new double[width + 1];
        for (int r = 0; r < ROWS; r++) {
            tabled.explain(rows, r * width, width, 1, fast);
            recursive.explain(rows, r * width, width, 1, slow);
            for (int c = 0; c <= width; c++) {
                assertThat(fast[c]).as("row %d, column %d", r, c).isCloseTo(slow[c], within(1e-12));
            }
        }
    }

    /**
     * Remembering a tree's contributions by the row's split directions changes only the time: rows
     * explained from memory, computed afresh, or by tables that remember nothing get the same
     * values bit for bit, from 2,000 rows seen once and then again, and from four threads at once
     * on a memory small enough (64 patterns a tree) that they keep replacing each other's patterns.
     */
    @Test
    void rememberedContributionsAreTheComputedOnesBitForBit() throws Exception {
        TreeEnsemble trees = ModelBundle.read(Path.of("../models/default")).booster().trees();
        float[] rows = rows(23L);
        double[][] plain = explainAll(new TreeShap(trees, true, 0), rows);
        TreeShap remembering = new TreeShap(trees, true, 1_024);
        assertThat(remembering.rememberedPatterns()).isZero();
        double[][] firstPass = explainAll(remembering, rows);
        long remembered = remembering.rememberedPatterns();
        double[][] secondPass = explainAll(remembering, rows);
        assertThat(remembered).as("patterns remembered").isGreaterThan(10_000L);
        for (int r = 0; r < ROWS; r++) {
            assertThat(firstPass[r]).as("row %d, first pass", r).isEqualTo(plain[r]);
            assertThat(secondPass[r]).as("row %d, from memory", r).isEqualTo(plain[r]);
        }
        TreeShap small = new TreeShap(trees, true, 64);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[][]>> passes = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                passes.add(threads.submit(() -> explainAll(small, rows)));
            }
            for (Future<double[][]> pass : passes) {
                double[][] values = pass.get();
                for (int r = 0; r < ROWS; r++) {
                    assertThat(values[r]).as("row %d, four threads", r).isEqualTo(plain[r]);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The memory is a thirty-second of the heap at most, in powers of two, and none on a tiny heap. */
    @Test
    void theMemoryPerTreeFollowsTheHeap() {
        long megabyte = 1L << 20;
        assertThat(TreeShap.memoryPerTree(200, 1_024 * megabyte)).isEqualTo(1_024);
        assertThat(TreeShap.memoryPerTree(200, 256 * megabyte)).isEqualTo(256);
        assertThat(TreeShap.memoryPerTree(200, 64 * megabyte)).isEqualTo(64);
        assertThat(TreeShap.memoryPerTree(200, 32 * megabyte)).isZero();
        assertThat(TreeShap.memoryPerTree(200, 16_384 * megabyte)).isEqualTo(TreeShap.MAX_MEMORY_PER_TREE);
        long full = (long) TreeShap.memoryPerTree(200, 256 * megabyte) * 200 * TreeShap.BYTES_PER_REMEMBERED;
        assertThat(full).isLessThanOrEqualTo(256 * megabyte / 32);
    }

    private static double[][] explainAll(TreeShap shap, float[] rows) {
        int width = Feature.COUNT;
        double[][] values = new double[ROWS][width + 1];
        for (int r = 0; r < ROWS; r++) {
            shap.explain(rows, r * width, width, 1, values[r]);
        }
        return values;
    }

    /**
     * Trees too large for tables (depth 8 here: up to 511 nodes) are explained by the recursion, the
     * small ones of the same model by tables, and together they still give XGBoost's values.
     */
    @Test
    void aDeepModelMixesTablesAndTheRecursionAndMatchesXGBoost() throws Exception {
        float[] rows = rows(19L);
        float[] labels = new float[ROWS];
        List<CreditRecord> records = new SyntheticCreditGenerator(19L).generate(ROWS);
        for (int r = 0; r < ROWS; r++) {
            labels[r] = records.get(r).label();
        }
        DMatrix train = new DMatrix(rows, ROWS, Feature.COUNT, Float.NaN);
        byte[] json;
        try {
            train.setLabel(labels);
            Booster deep = XGBoost.train(
                    train,
                    java.util.Map.of(
                            "objective",
                            "binary:logistic",
                            "max_depth",
                            8,
                            "eta",
                            0.3,
                            "min_child_weight",
                            1,
                            "seed",
                            3,
                            "nthread",
                            1),
                    12,
                    java.util.Map.of(),
                    null,
                    null);
            json = deep.toByteArray("json");
            deep.dispose();
        } finally {
            train.dispose();
        }
        BoosterFile file = BoosterFile.parse(json);
        TreeShap shap = new TreeShap(file.trees());
        assertThat(shap.tabledTrees())
                .as("trees explained from tables")
                .isBetween(0, file.trees().treeCount() - 1);

        assertMatchesXGBoost(file, rows);
    }

    /** Threads share one explainer: each must get the answer it gets alone (the scratch is per thread). */
    @Test
    void concurrentExplanationsAreTheSameAsSequentialOnes() throws Exception {
        CreditScorer scorer = ModelBundle.read(Path.of("../models/default")).scorer();
        List<CreditRecord> records = new SyntheticCreditGenerator(3L).generate(400);
        double[][] sequential = new double[records.size()][];
        for (int r = 0; r < records.size(); r++) {
            sequential[r] = scorer.contributions(records.get(r).features());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[][]>> results = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                results.add(pool.submit(() -> {
                    double[][] parallel = new double[records.size()][];
                    for (int r = 0; r < records.size(); r++) {
                        parallel[r] = scorer.contributions(records.get(r).features());
                    }
                    return parallel;
                }));
            }
            for (Future<double[][]> result : results) {
                assertThat(result.get()).isDeepEqualTo(sequential);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aScorersContributionsAreInSchemaOrderAndSumToTheLogOdds() throws IOException {
        CreditScorer scorer = ModelBundle.read(Path.of("../models/default")).scorer();
        float[] flat = rows(5L);
        double[][] rows = new double[ROWS][Feature.COUNT];
        for (int r = 0; r < ROWS; r++) {
            for (int f = 0; f < Feature.COUNT; f++) {
                rows[r][f] = flat[r * Feature.COUNT + f];
            }
        }
        double[] probabilities = scorer.probabilities(rows);
        for (int r = 0; r < ROWS; r++) {
            double[] contributions = scorer.contributions(rows[r]);
            double sum = 0;
            for (double contribution : contributions) {
                sum += contribution;
            }
            double logOdds = Math.log(probabilities[r] / (1 - probabilities[r]));
            assertThat(sum).as("row %d", r).isCloseTo(logOdds, within(TOLERANCE));
        }
    }

    private static void assertMatchesXGBoost(BoosterFile file, float[] rows) throws XGBoostError, IOException {
        int width = file.columnCount();
        TreeShap shap = new TreeShap(file.trees());
        Booster booster = XGBoost.loadModel(new ByteArrayInputStream(file.bytes()));
        DMatrix matrix = new DMatrix(rows, ROWS, width, Float.NaN);
        try {
            float[][] expected = booster.predictContrib(matrix, 0);
            float[][] margins = booster.predict(matrix, true, 0);
            assertThat(expected[0]).hasSize(width + 1);
            double[] contributions = new double[width + 1];
            double largest = 0;
            for (int r = 0; r < ROWS; r++) {
                shap.explain(rows, r * width, width, 1, contributions);
                double sum = 0;
                for (int c = 0; c <= width; c++) {
                    assertThat(contributions[c])
                            .as("row %d, column %d", r, c)
                            .isCloseTo(expected[r][c], within(TOLERANCE));
                    sum += contributions[c];
                    largest = Math.max(largest, Math.abs(contributions[c]));
                }
                assertThat(sum).as("row %d: sum against the margin", r).isCloseTo(margins[r][0], within(TOLERANCE));
            }
            assertThat(largest).as("the contributions are not all zero").isGreaterThan(0.1);
        } finally {
            matrix.dispose();
            booster.dispose();
        }
    }

    /**
     * {@value #ROWS} applications of the synthetic population, in the schema's column order, with
     * values knocked out at random in every column (a fifth of the incomes, 5% elsewhere) so that
     * every split's default direction is taken.
     */
    private static float[] rows(long seed) {
        List<CreditRecord> records = new SyntheticCreditGenerator(seed).generate(ROWS);
        Random random = new Random(seed);
        float[] rows = new float[ROWS * Feature.COUNT];
        int missing = 0;
        for (int r = 0; r < ROWS; r++) {
            for (Feature feature : Feature.ALL) {
                double rate = feature == Feature.MONTHLY_INCOME ? 0.2 : 0.05;
                float value = random.nextDouble() < rate
                        ? Float.NaN
                        : (float) records.get(r).get(feature);
                missing += Float.isNaN(value) ? 1 : 0;
                rows[r * Feature.COUNT + feature.ordinal()] = value;
            }
        }
        assertThat(missing).as("missing cells").isGreaterThan(ROWS / 2);
        return rows;
    }

    /** The AND tree as XGBoost's JSON model: binary:logistic with base_score 0.5, so that the base margin is 0. */
    private static String andModel() {
        return """
                {"learner":{"attributes":{},"feature_names":[],"feature_types":[],
                 "gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"1","size_leaf_vector":"0"},
                  "tree_info":[0],
                  "trees":[{"base_weights":[0.0,0.0,0.0,0.0,0.0,0.0,1.0],"categories":[],"categories_nodes":[],
                   "categories_segments":[],"categories_sizes":[],"default_left":[0,0,0,0,0,0,0],"id":0,
                   "left_children":[1,3,5,-1,-1,-1,-1],"loss_changes":[1.0,0.0,1.0,0.0,0.0,0.0,0.0],"parents":[2147483647,0,0,1,1,2,2],
                   "right_children":[2,4,6,-1,-1,-1,-1],"split_conditions":[0.5,0.5,0.5,0.0,0.0,0.0,1.0],
                   "split_indices":[0,1,1,0,0,0,0],"split_type":[0,0,0,0,0,0,0],
                   "sum_hessian":[4.0,2.0,2.0,1.0,1.0,1.0,1.0],
                   "tree_param":{"num_deleted":"0","num_feature":"2","num_nodes":"7","size_leaf_vector":"0"}}]},
                  "name":"gbtree"},
                 "learner_model_param":{"base_score":"5E-1","boost_from_average":"1","num_class":"0","num_feature":"2","num_target":"1"},
                 "objective":{"name":"binary:logistic","reg_loss_param":{"scale_pos_weight":"1"}}},
                 "version":[1,6,2]}
                """;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TreeShapTests.class.getResourceAsStream("/xgboost/" + name)) {
            if (in == null) {
                throw new IOException("no test resource xgboost/" + name);
            }
            return in.readAllBytes();
        }
    }
}
