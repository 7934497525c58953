package io.creditwatch.model.scoring;

import java.util.Arrays;

/**
 * Exact SHAP values of a {@link TreeEnsemble}: path-dependent TreeSHAP, Algorithm 2 of Lundberg,
 * Erion, Chen et al., "From local explanations to global understanding with explainable AI for
 * trees", Nature Machine Intelligence 2 (2020), 56–67. For one row it gives each input column's
 * contribution to the margin (log-odds), and the bias, the expected margin over the training
 * rows, such that the bias plus the contributions is the row's margin. It is what XGBoost's
 * {@code pred_contribs} computes: the "expected value" of a subtree whose split feature is unknown
 * is the cover-weighted mean of its two children, the cover being the node's {@code sum_hessian},
 * and a missing value follows the node's default direction, as in scoring.
 *
 * <p>The algorithm keeps, along the path from a tree's root to the current node, the "unique
 * path" of the split features met so far with, for each, the share of training rows that follow
 * the path when the feature is unknown ({@code zero}), whether the row itself follows it
 * ({@code one}) and the permutation weights of the subsets of these features. The paper copies
 * that path at every node; here each recursion level owns a fixed slice of per-thread arrays sized
 * by the deepest tree, so explaining a row allocates only its result. Shallow trees (all of the
 * bundled model's) are explained from tables made once per model instead ({@link LeafTables}): the
 * same values, about ten times faster; the recursion serves the trees too large for tables.
 *
 * <p>Safe for concurrent use: each thread has its own scratch.
 */
final class TreeShap {

    /** 1 / k for the path lengths and positions that occur; XGBoost trees are at most a few dozen levels deep. */
    private static final double[] RECIPROCALS = new double[130];

    static {
        for (int k = 1; k < RECIPROCALS.length; k++) {
            RECIPROCALS[k] = 1.0 / k;
        }
    }

    private final TreeEnsemble trees;
    /** Per tree: the expected value of its leaves under the training covers. */
    private final double[] treeMeans;
    /** Slots per recursion level: the unique path is at most the depth plus the root's empty element. */
    private final int stride;

    private final ThreadLocal<Scratch> scratch;
    /** Per tree: its leaf tables, or null when it is explained by the recursion. */
    private final LeafTables[] tables;

    /** The most patterns of split directions a tree remembers ({@link LeafTables#explain}). */
    static final int MAX_MEMORY_PER_TREE = 1_024;
    /** What one remembered pattern costs on the heap, counted high: the entry, its array and its slot. */
    static final int BYTES_PER_REMEMBERED = 128;

    TreeShap(TreeEnsemble trees) {
        this(
                trees,
                true,
                memoryPerTree(trees.treeRoots.length, Runtime.getRuntime().maxMemory()));
    }

    /** @param tabled false to explain every tree by the recursion (tests hold the two to each other) */
    TreeShap(TreeEnsemble trees, boolean tabled) {
        this(trees, tabled, 0);
    }

    /**
     * How many patterns each of {@code treeCount} tables remembers on a heap of {@code maxHeap}
     * bytes: at most a thirty-second of the heap when every slot is taken, a power of two, at most
     * {@link #MAX_MEMORY_PER_TREE}, and none when fewer than 64 would fit. The bundled model's 200
     * trees remember 1,024 each (26 MB when full) from a 1 GB heap, 256 on a 256 MB heap.
     */
    static int memoryPerTree(int treeCount, long maxHeap) {
        long fits = maxHeap / 32 / Math.max(treeCount, 1) / BYTES_PER_REMEMBERED;
        if (fits < 64) {
            return 0;
        }
        return Integer.highestOneBit((int) Math.min(fits, MAX_MEMORY_PER_TREE));
    }

    /** @param memory patterns each tabled tree remembers, 0 or a power of two ({@link LeafTables#explain}) */
    TreeShap(TreeEnsemble trees, boolean tabled, int memory) {
        this.trees = trees;
        int count = trees.treeRoots.length;
        this.treeMeans = new double[count];
        this.tables = new LeafTables[count];
        int deepest = 0;
        for (int t = 0; t < count; t++) {
            treeMeans[t] = mean(trees.treeRoots[t]);
            deepest = Math.max(deepest, trees.treeDepths[t]);
            if (tabled) {
                int end = t + 1 < count ? trees.treeRoots[t + 1] : trees.values.length;
                tables[t] = LeafTables.of(trees, trees.treeRoots[t], end - trees.treeRoots[t], memory);
            }
        }
        if (deepest + 2 >= RECIPROCALS.length) {
            throw new IllegalArgumentException("a tree of depth " + deepest + " is deeper than TreeSHAP here supports ("
                    + (RECIPROCALS.length - 3) + ")");
        }
        this.stride = deepest + 2;
        int slots = stride * (deepest + 2);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(slots, count));
    }

    /** How many trees are explained from tables rather than by the recursion. */
    int tabledTrees() {
        return (int) Arrays.stream(tables).filter(java.util.Objects::nonNull).count();
    }

    /** How many patterns of split directions the tables remember now, over all trees. */
    long rememberedPatterns() {
        return Arrays.stream(tables)
                .filter(java.util.Objects::nonNull)
                .mapToLong(LeafTables::remembered)
                .sum();
    }

    /** The cover-weighted mean of the leaves under {@code node}: what the subtree predicts when its features are unknown. */
    private double mean(int node) {
        int left = trees.children[2 * node];
        if (left == node) {
            return trees.values[node];
        }
        int right = trees.children[2 * node + 1];
        return (trees.covers[left] * mean(left) + trees.covers[right] * mean(right)) / trees.covers[node];
    }

    /**
     * The contributions of one row to the log-odds of class {@code target}: for {@code binary:logistic}
     * the margin (negated for class 0), for a two-class {@code softprob} the difference of the two
     * classes' margins, whose logistic is the softmax probability.
     *
     * @param row {@code width} columns from {@code start}, NaN where missing
     * @param contributions receives one value per column, then the bias at index {@code width}
     */
    void explain(float[] row, int start, int width, int target, double[] contributions) {
        explain(row, start, width, 1, target, new double[][]{contributions});
    }

    /**
     * The contributions of {@code count} rows stored one after the other from {@code start}, row by
     * row: most of a row's trees find its pattern remembered, and a remembered pattern is one
     * look-up, so the leaf tables are read only for the patterns not remembered.
     *
     * @param contributions receives each row's, as {@link #explain(float[], int, int, int, double[])} does
     */
    void explain(float[] rows, int start, int width, int count, int target, double[][] contributions) {
        for (int r = 0; r < count; r++) {
            Arrays.fill(contributions[r], 0, width + 1, 0.0);
        }
        Scratch path = scratch.get();
        double bias = trees.logistic ? sign(target == 1) * trees.baseMargin : 0.0;
        for (int t = 0; t < trees.treeRoots.length; t++) {
            bias += sign(t, target) * treeMeans[t];
        }
        long[] patterns = path.patterns;
        for (int r = 0; r < count; r++) {
            int rowStart = start + r * width;
            // every tree's split directions first, then the trees' contributions: the look-ups of
            // remembered patterns do not depend on each other, so the processor overlaps them
            for (int t = 0; t < tables.length; t++) {
                if (tables[t] != null) {
                    patterns[t] = tables[t].directions(rows, rowStart);
                }
            }
            for (int t = 0; t < tables.length; t++) {
                double sign = sign(t, target);
                if (tables[t] != null) {
                    tables[t].explain(patterns[t], sign, contributions[r], path.values);
                } else {
                    path.sign = sign;
                    recurse(path, rows, rowStart, contributions[r], trees.treeRoots[t], 0, 0, 1.0, 1.0, -1);
                }
            }
        }
        for (int r = 0; r < count; r++) {
            contributions[r][width] = bias;
        }
    }

    /** +1 when tree {@code t} adds to the log-odds of class {@code target}, -1 when to the other class's. */
    private double sign(int t, int target) {
        return trees.logistic ? sign(target == 1) : sign(trees.treeClasses[t] == target);
    }

    private static double sign(boolean positive) {
        return positive ? 1.0 : -1.0;
    }

    /**
     * RECURSE of Algorithm 2: extends the parent's unique path (of {@code parentLength} elements, in
     * the slice of level {@code level - 1}) by the split on {@code feature} that led to {@code node},
     * then either credits the leaf's value to the features on the path or descends both ways.
     */
    private void recurse(
                         Scratch path,
                         float[] row,
                         int rowStart,
                         double[] contributions,
                         int node,
                         int level,
                         int parentLength,
                         double zeroFraction,
                         double oneFraction,
                         int feature) {
        int at = level * stride;
        if (level > 0) {
            int from = at - stride;
            System.arraycopy(path.features, from, path.features, at, parentLength);
            System.arraycopy(path.zero, from, path.zero, at, parentLength);
            System.arraycopy(path.one, from, path.one, at, parentLength);
            System.arraycopy(path.weight, from, path.weight, at, parentLength);
        }
        int length = extend(path, at, parentLength, zeroFraction, oneFraction, feature);

        int left = trees.children[2 * node];
        if (left == node) {
            double value = path.sign * trees.values[node];
            for (int i = 1; i < length; i++) {
                double difference = path.one[at + i] - path.zero[at + i];
                if (difference != 0.0) {
                    contributions[path.features[at + i]] += unwoundWeightSum(path, at, length, i) * difference * value;
                }
            }
            return;
        }
        int column = trees.splitColumns[node];
        float x = row[rowStart + column];
        int goesRight = x != x ? trees.missingGoesRight[node] : (x < trees.values[node] ? 0 : 1);
        int hot = trees.children[2 * node + goesRight];
        int cold = trees.children[2 * node + 1 - goesRight];

        // A feature split on twice along the path is one player: undo its earlier element and carry its fractions on.
        double incomingZero = 1.0;
        double incomingOne = 1.0;
        for (int i = 1; i < length; i++) {
            if (path.features[at + i] == column) {
                incomingZero = path.zero[at + i];
                incomingOne = path.one[at + i];
                unwind(path, at, length, i);
                length--;
                break;
            }
        }
        double cover = trees.covers[node];
        recurse(
                path,
                row,
                rowStart,
                contributions,
                hot,
                level + 1,
                length,
                incomingZero * trees.covers[hot] / cover,
                incomingOne,
                column);
        recurse(
                path,
                row,
                rowStart,
                contributions,
                cold,
                level + 1,
                length,
                incomingZero * trees.covers[cold] / cover,
                0.0,
                column);
    }

    /** EXTEND: appends an element to the path of {@code length} at {@code at} and updates the subset weights; the new length. */
    private static int extend(Scratch path, int at, int length, double zeroFraction, double oneFraction, int feature) {
        path.features[at + length] = feature;
        path.zero[at + length] = zeroFraction;
        path.one[at + length] = oneFraction;
        path.weight[at + length] = length == 0 ? 1.0 : 0.0;
        double perLength = 1.0 / (length + 1);
        for (int i = length - 1; i >= 0; i--) {
            path.weight[at + i + 1] += oneFraction * path.weight[at + i] * (i + 1) * perLength;
            path.weight[at + i] = zeroFraction * path.weight[at + i] * (length - i) * perLength;
        }
        return length + 1;
    }

    /** UNWIND: removes element {@code index} from the path of {@code length}, undoing its EXTEND on the weights. */
    private static void unwind(Scratch path, int at, int length, int index) {
        double one = path.one[at + index];
        double zero = path.zero[at + index];
        double next = path.weight[at + length - 1];
        for (int j = length - 2; j >= 0; j--) {
            if (one != 0.0) {
                double previous = path.weight[at + j];
                path.weight[at + j] = next * length / ((j + 1) * one);
                next = previous - path.weight[at + j] * zero * (length - j - 1) / length;
            } else {
                path.weight[at + j] = path.weight[at + j] * length / (zero * (length - j - 1));
            }
        }
        for (int j = index; j < length - 1; j++) {
            path.features[at + j] = path.features[at + j + 1];
            path.zero[at + j] = path.zero[at + j + 1];
            path.one[at + j] = path.one[at + j + 1];
        }
    }

    /**
     * The sum of the weights UNWIND would leave after removing element {@code index}, without
     * changing the path. It runs for every element at every leaf, the innermost loop of the
     * algorithm, so its divisions are taken out of the loop: the reciprocals of the small integers
     * come from a table, and those of the element's fractions are taken once.
     */
    private static double unwoundWeightSum(Scratch path, int at, int length, int index) {
        double one = path.one[at + index];
        double zero = path.zero[at + index];
        double next = path.weight[at + length - 1];
        double total = 0.0;
        if (one != 0.0) {
            double lengthOverOne = length / one;
            double zeroOverLength = zero * RECIPROCALS[length];
            for (int j = length - 2; j >= 0; j--) {
                double weight = next * lengthOverOne * RECIPROCALS[j + 1];
                total += weight;
                next = path.weight[at + j] - weight * zeroOverLength * (length - j - 1);
            }
        } else {
            double lengthOverZero = length / zero;
            for (int j = length - 2; j >= 0; j--) {
                total += path.weight[at + j] * lengthOverZero * RECIPROCALS[length - j - 1];
            }
        }
        return total;
    }

    /** One thread's unique paths, one slice per recursion level. */
    private static final class Scratch {
        final int[] features;
        final double[] zero;
        final double[] one;
        final double[] weight;
        /** One tree's contributions to its columns, as {@link LeafTables} reads or computes them. */
        /** Per tree: the row's split directions ({@link LeafTables#directions}). */
        final long[] patterns;

        final double[] values = new double[LeafTables.ACCUMULATORS * Long.SIZE];
        /** +1 or -1: whether the tree being explained adds to the target's log-odds or to the other class's. */
        double sign;

        Scratch(int slots, int treeCount) {
            patterns = new long[treeCount];
            features = new int[slots];
            zero = new double[slots];
            one = new double[slots];
            weight = new double[slots];
        }
    }
}
