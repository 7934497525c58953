package io.creditwatch.model.scoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * An XGBoost {@code gbtree} model with the {@code multi:softprob} or {@code binary:logistic}
 * objective, evaluated in Java from XGBoost's own JSON model format: the same trees, the same
 * float comparisons ({@code value < split} goes left, a missing value follows the node's default
 * direction), the leaf values summed per class in tree order, then softmax ({@code softprob}) or
 * the logistic function of the base margin plus the sum ({@code binary:logistic}, whose
 * {@code base_score} is a probability: its margin is {@code ln(p / (1 - p))}).
 *
 * <p>Evaluating the trees directly costs about a microsecond per row, with no native memory and
 * no lock, where XGBoost4J's {@code predict} costs tens of microseconds for a single row (building
 * a {@code DMatrix} through JNI) and serializes concurrent calls on one booster. Tests hold it to
 * XGBoost's own predictions.
 */
final class TreeEnsemble {

    // Package-private so that TreeShap walks the same arrays the evaluator does.
    final int classes;
    /** {@code binary:logistic}: one margin, the probability of class 1 is its logistic. */
    final boolean logistic;
    /** The margin every row starts from (the base score's logit); unused by softmax, where it cancels. */
    final float baseMargin;
    final int[] treeRoots;
    final int[] treeClasses;
    final int[] treeDepths;
    /** Per node: the split column (0 for a leaf, whose children are itself). */
    final int[] splitColumns;
    /** Per node: the split condition, or the leaf value for a leaf. */
    final float[] values;
    /** Per node: its left child at {@code 2 * node}, its right child at {@code 2 * node + 1}. */
    final int[] children;
    /** Per node: 1 when a missing value goes right, 0 when it goes left. */
    final int[] missingGoesRight;
    /** Per node: its cover, the sum of the training rows' hessians that reached it ({@code sum_hessian}). */
    final float[] covers;

    private TreeEnsemble(int classes, boolean logistic, float baseMargin, int[] treeRoots, int[] treeClasses,
                         int[] treeDepths, int[] splitColumns, float[] values, int[] children, int[] missingGoesRight,
                         float[] covers) {
        this.classes = classes;
        this.logistic = logistic;
        this.baseMargin = baseMargin;
        this.treeRoots = treeRoots;
        this.treeClasses = treeClasses;
        this.treeDepths = treeDepths;
        this.splitColumns = splitColumns;
        this.values = values;
        this.children = children;
        this.missingGoesRight = missingGoesRight;
        this.covers = covers;
    }

    /** Reads XGBoost's JSON model ({@code Booster.toByteArray("json")}). */
    static TreeEnsemble fromXGBoostJson(byte[] modelJson) throws IOException {
        return BoosterFile.parse(modelJson).trees();
    }

    /** Reads the document of XGBoost's model, from its JSON or its UBJSON form. */
    static TreeEnsemble fromXGBoost(JsonNode document) throws IOException {
        JsonNode learner = document.path("learner");
        String objective = learner.path("objective").path("name").asText();
        boolean logistic = objective.equals("binary:logistic");
        if (!logistic && !objective.equals("multi:softprob")) {
            throw new IOException(
                    "only the binary:logistic and multi:softprob objectives are supported, the model has '"
                            + objective + "'");
        }
        JsonNode booster = learner.path("gradient_booster");
        if (!booster.path("name").asText().equals("gbtree")) {
            throw new IOException(
                    "only gbtree boosters are supported, the model has '" + booster.path("name").asText() + "'");
        }
        JsonNode parameters = learner.path("learner_model_param");
        int classes = logistic ? 2 : Integer.parseInt(parameters.path("num_class").asText());
        int features = Integer.parseInt(parameters.path("num_feature").asText("0"));
        float baseScore = baseScore(parameters.path("base_score").asText("0.5"));
        if (logistic && !(baseScore > 0 && baseScore < 1)) {
            throw new IOException("binary:logistic needs a base_score between 0 and 1, the model has " + baseScore);
        }
        float baseMargin = logistic ? (float) -Math.log(1.0 / baseScore - 1.0) : 0f;
        JsonNode trees = booster.path("model").path("trees");
        JsonNode treeInfo = booster.path("model").path("tree_info");

        int nodes = 0;
        for (JsonNode tree : trees) {
            nodes += tree.path("left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] treeClasses = new int[trees.size()];
        int[] treeDepths = new int[trees.size()];
        int[] columns = new int[nodes];
        float[] values = new float[nodes];
        int[] children = new int[2 * nodes];
        int[] missingGoesRight = new int[nodes];
        float[] covers = new float[nodes];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            roots[t] = offset;
            treeClasses[t] = treeInfo.path(t).asInt(-1);
            if (treeClasses[t] < 0 || treeClasses[t] >= (logistic ? 1 : classes)) {
                throw new IOException(
                        "tree " + t + " belongs to class " + treeInfo.path(t) + ", the model has " + classes);
            }
            JsonNode lefts = tree.path("left_children");
            int size = lefts.size();
            for (String array : new String[]{"right_children", "split_conditions", "split_indices", "default_left",
                    "sum_hessian"}) {
                if (tree.path(array).size() != size) {
                    throw new IOException("tree " + t + ": \"" + array + "\" has " + tree.path(array).size()
                            + " entries for " + size + " nodes");
                }
            }
            for (int i = 0; i < size; i++) {
                int node = offset + i;
                int leftChild = lefts.get(i).asInt();
                values[node] = tree.path("split_conditions").get(i).floatValue();
                covers[node] = tree.path("sum_hessian").get(i).floatValue();
                if (leftChild < 0) {
                    children[2 * node] = node;
                    children[2 * node + 1] = node;
                } else {
                    if (tree.path("split_type").path(i).asInt(0) != 0) { // absent before XGBoost 1.6: numerical
                        throw new IOException("categorical splits are not supported");
                    }
                    columns[node] = tree.path("split_indices").get(i).asInt();
                    int rightChild = tree.path("right_children").get(i).asInt();
                    // XGBoost numbers a node's children after it: this keeps a damaged file from looping.
                    if (leftChild <= i || leftChild >= size || rightChild <= i || rightChild >= size
                            || columns[node] < 0 || columns[node] >= features) {
                        throw new IOException("tree " + t + ", node " + i + ": its children (" + leftChild + ", "
                                + rightChild + ") or its feature (" + columns[node] + " of " + features
                                + ") are out of range");
                    }
                    children[2 * node] = offset + leftChild;
                    children[2 * node + 1] = offset + rightChild;
                    missingGoesRight[node] = tree.path("default_left").get(i).asInt() == 1 ? 0 : 1;
                }
            }
            treeDepths[t] = depth(children, offset);
            offset += size;
        }
        return new TreeEnsemble(classes, logistic, baseMargin, roots, treeClasses, treeDepths, columns, values,
                children,
                missingGoesRight, covers);
    }

    /**
     * The base score: a number in XGBoost 1.x and 2.x ({@code "5E-1"}), a one-element vector from
     * 3.0 on ({@code "[5E-1]"}).
     */
    private static float baseScore(String text) throws IOException {
        String number = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return new java.math.BigDecimal(number.trim()).floatValue();
        } catch (NumberFormatException e) {
            throw new IOException("the model's base_score '" + text + "' is not a number");
        }
    }

    /** Edges from {@code node} down to its deepest leaf (a leaf is its own child). */
    private static int depth(int[] children, int node) {
        int left = children[2 * node];
        int right = children[2 * node + 1];
        if (left == node) {
            return 0;
        }
        return 1 + Math.max(depth(children, left), depth(children, right));
    }

    int classes() {
        return classes;
    }

    boolean logistic() {
        return logistic;
    }

    int treeCount() {
        return treeRoots.length;
    }

    /**
     * The probability of class {@code target} for each of {@code count} rows stored one after the
     * other in {@code rows} ({@code width} columns each, {@link Float#NaN} for missing), written to
     * {@code probabilities} from {@code offset}.
     *
     * <p>Trees are walked tree by tree over the rows, as XGBoost does, so that one tree's nodes stay
     * in cache while every row goes through it, and level by level, so that rows advance together.
     */
    void probabilities(float[] rows, int width, int count, int target, double[] probabilities, int offset) {
        int columns = logistic ? 1 : classes;
        float[] margins = new float[count * columns];
        if (logistic) {
            java.util.Arrays.fill(margins, baseMargin);
        }
        if (count == 1) {
            // One row: walking each tree down to its leaf costs a fraction of the level-by-level
            // bookkeeping, which only pays when many rows share it.
            for (int t = 0; t < treeRoots.length; t++) {
                margins[logistic ? 0 : treeClasses[t]] += values[leaf(rows, treeRoots[t])];
            }
            probabilities[offset] = logistic ? logistic(margins[0], target) : softmax(margins, 0, target);
            return;
        }
        int[] nodes = new int[count];
        for (int t = 0; t < treeRoots.length; t++) {
            java.util.Arrays.fill(nodes, treeRoots[t]);
            // Every row takes exactly one step per level (a leaf steps to itself), so the steps of
            // different rows are independent and the processor overlaps them.
            for (int level = treeDepths[t]; level > 0; level--) {
                for (int r = 0; r < count; r++) {
                    int node = nodes[r];
                    float value = rows[r * width + splitColumns[node]];
                    int right = value < values[node] ? 0 : 1;
                    if (value != value) {
                        right = missingGoesRight[node];
                    }
                    nodes[r] = children[2 * node + right];
                }
            }
            int marginColumn = logistic ? 0 : treeClasses[t];
            for (int r = 0; r < count; r++) {
                margins[r * columns + marginColumn] += values[nodes[r]];
            }
        }
        for (int r = 0; r < count; r++) {
            probabilities[offset + r] = logistic ? logistic(margins[r], target) : softmax(margins, r * classes, target);
        }
    }

    /** The leaf one row (at the start of {@code row}) reaches from {@code node}. */
    private int leaf(float[] row, int node) {
        while (true) {
            int left = children[2 * node];
            if (left == node) {
                return node;
            }
            float value = row[splitColumns[node]];
            int right = value < values[node] ? 0 : 1;
            if (value != value) {
                right = missingGoesRight[node];
            }
            node = children[2 * node + right];
        }
    }

    /** The probability of {@code target} (1, or 0 for its complement) from a {@code binary:logistic} margin. */
    private static double logistic(float margin, int target) {
        double positive = 1.0 / (1.0 + Math.exp(-margin));
        return target == 1 ? positive : 1.0 - positive;
    }

    /** Softmax of one row's margins; the base score is added to every class alike, so it cancels out. */
    private double softmax(float[] margins, int start, int target) {
        float max = margins[start];
        for (int c = 1; c < classes; c++) {
            max = Math.max(max, margins[start + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(margins[start + c] - max);
        }
        return Math.exp(margins[start + target] - max) / sum;
    }
}
