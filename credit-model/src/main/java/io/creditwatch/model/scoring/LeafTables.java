package io.creditwatch.model.scoring;

/**
 * Path-dependent TreeSHAP for shallow trees with the work done once per model instead of once per
 * row, after the idea of FastTreeSHAP v2 (Yang, "Fast TreeSHAP: accelerating SHAP value
 * computation for trees", 2021, arXiv:2109.09847), derived here from the definition.
 *
 * <p>Along the path from the root to a leaf of value {@code v}, each of the {@code d} distinct split
 * features {@code j} has a zero fraction {@code z_j} (the product of the child's cover over its
 * parent's, over the path's splits on {@code j}) and a one fraction {@code o_j}: 1 when the row
 * takes every one of those splits the path's way, else 0. The leaf's part of the tree's expected
 * output given the known features {@code S} is {@code v · Π_{j in S} o_j · Π_{j not in S} z_j}, so
 * with {@code O} the features whose {@code o_j} is 1 and the Shapley weights
 * {@code w(s) = s! (d - s - 1)! / d!}, feature {@code i} gets from this leaf
 *
 * <pre>  v · (o_i - z_i) · Σ_{S ⊆ O \ {i}} w(|S|) · Π_{j ∉ S ∪ {i}} z_j</pre>
 *
 * (a subset holding a feature with {@code o_j = 0} adds nothing). With
 * {@code H(K) = v · Σ_{S ⊆ K} w(|S|) · Π_{j ∉ S} z_j}, the product leaving out {@code i} is
 * {@code H / z_i}, so feature {@code i} gets {@code -H(O)} when the row leaves the path at it
 * ({@code o_i = 0}) and {@code (1 - z_i) / z_i · H(O \ {i})} when it does not. Each leaf keeps
 * {@code H} for its {@code 2^d} patterns, computed when the model is read; a row then costs, per
 * tree, one comparison per split node and, per leaf, {@code d} mask tests and {@code d} additions,
 * against the recursion's {@code O(leaves · depth²)} (see {@link TreeShap}). A tree is tabled when
 * it has at most 64 nodes, its tables fit {@link #MAX_CELLS_PER_TREE} and no zero fraction is 0;
 * the recursion explains the others.
 */
final class LeafTables {

    /** The table cells one tree may hold: a full tree of depth 5 needs 32 leaves · 32 patterns = 1,024. */
    static final int MAX_CELLS_PER_TREE = 4_096;

    private final TreeEnsemble trees;
    private final int root;
    private final int size;
    /** Per leaf: its first slot and its count of distinct path features. */
    private final int[] slotStart;
    private final int[] slotCount;
    /** Per slot (a distinct feature of a leaf's path): its column, the path's split nodes on it and the way each goes. */
    private final int[] slotColumns;
    private final long[] slotNodes;
    private final long[] slotRight;
    /** Per slot: {@code (1 - z) / z + 1}, that is {@code 1 / z}. */
    private final double[] slotRatioPlusOne;
    /** The tree's split nodes (leaves have no comparison). */
    private final int[] splitNodes;
    /** Per leaf, from {@link #tableStart}: {@code H} of each pattern of its slots (bit {@code i}: slot {@code i} in {@code O}). */
    private final int[] tableStart;
    private final double[] table;

    private LeafTables(TreeEnsemble trees, int root, int size, Paths paths, int[] tableStart, double[] table) {
        this.trees = trees;
        this.root = root;
        this.size = size;
        this.slotStart = java.util.Arrays.copyOf(paths.slotStart, paths.leaves);
        this.slotCount = java.util.Arrays.copyOf(paths.slotCount, paths.leaves);
        this.slotColumns = java.util.Arrays.copyOf(paths.slotColumns, paths.slots);
        this.slotNodes = java.util.Arrays.copyOf(paths.slotNodes, paths.slots);
        this.slotRight = java.util.Arrays.copyOf(paths.slotRight, paths.slots);
        this.slotRatioPlusOne = new double[paths.slots];
        for (int slot = 0; slot < paths.slots; slot++) {
            slotRatioPlusOne[slot] = (1.0 - paths.slotZero[slot]) / paths.slotZero[slot] + 1.0;
        }
        this.splitNodes = java.util.stream.IntStream.range(root, root + size)
                .filter(node -> trees.children[2 * node] != node).toArray();
        this.tableStart = tableStart;
        this.table = table;
    }

    /** The tables of the tree at {@code root} with {@code size} nodes, or null when it is not tabled. */
    static LeafTables of(TreeEnsemble trees, int root, int size) {
        if (size > Long.SIZE) {
            return null;
        }
        Paths paths = new Paths(trees, root, size);
        paths.walk(root, 0, new int[Long.SIZE], new long[Long.SIZE], new long[Long.SIZE], new double[Long.SIZE]);
        if (paths.cells > MAX_CELLS_PER_TREE) {
            return null;
        }
        for (int slot = 0; slot < paths.slots; slot++) {
            if (!(paths.slotZero[slot] > 0.0 && paths.slotZero[slot] <= 1.0)) {
                return null;
            }
        }
        int[] tableStart = new int[paths.leaves];
        double[] table = new double[(int) paths.cells];
        int at = 0;
        for (int leaf = 0; leaf < paths.leaves; leaf++) {
            tableStart[leaf] = at;
            int d = paths.slotCount[leaf];
            fill(table, at, d, trees.values[paths.leafNodes[leaf]], paths.slotZero, paths.slotStart[leaf]);
            at += 1 << d;
        }
        return new LeafTables(trees, root, size, paths, tableStart, table);
    }

    /** One leaf's {@code H} for each pattern {@code K} of its {@code d} slots (zero fractions from {@code first}), at {@code at + K}. */
    private static void fill(double[] table, int at, int d, double value, double[] zero, int first) {
        double[] weight = new double[Math.max(d, 1)];
        for (int s = 0; s < d; s++) {
            weight[s] = factorial(s) * factorial(d - s - 1) / factorial(d);
        }
        int all = (1 << d) - 1;
        for (int known = 0; known <= all; known++) {
            double sum = 0.0;
            for (int subset = known; ; subset = (subset - 1) & known) {
                if (Integer.bitCount(subset) < d) {
                    double term = weight[Integer.bitCount(subset)];
                    for (int rest = all & ~subset; rest != 0; rest &= rest - 1) {
                        term *= zero[first + Integer.numberOfTrailingZeros(rest)];
                    }
                    sum += term;
                }
                if (subset == 0) {
                    break;
                }
            }
            table[at + known] = value * sum;
        }
    }

    private static double factorial(int n) {
        double product = 1.0;
        for (int k = 2; k <= n; k++) {
            product *= k;
        }
        return product;
    }

    /**
     * Adds this tree's contributions to the row's, each times {@code sign}. Written without branches
     * on the row's values (a slot in or out of {@code O} is a bit, not a jump), because which way a
     * row goes is what the processor cannot predict.
     */
    void explain(float[] row, int start, double sign, double[] contributions) {
        long right = 0L;
        for (int k = 0; k < splitNodes.length; k++) {
            int node = splitNodes[k];
            float x = row[start + trees.splitColumns[node]];
            long goesRight = x < trees.values[node] ? 0L : 1L;
            if (x != x) {
                goesRight = trees.missingGoesRight[node];
            }
            right |= goesRight << (node - root);
        }
        for (int leaf = 0; leaf < tableStart.length; leaf++) {
            int first = slotStart[leaf];
            int d = slotCount[leaf];
            int pattern = 0;
            for (int i = 0; i < d; i++) {
                // the slot's splits all go the path's way: no bit of the difference is set, and 0 - 1 is negative
                long missed = (right ^ slotRight[first + i]) & slotNodes[first + i];
                pattern |= (int) ((missed - 1) >>> 63) << i;
            }
            int at = tableStart[leaf];
            for (int i = 0; i < d; i++) {
                // in O: (1 - z) / z · H(O without i); out of O: -H(O), which is H(O without i) too
                double factor = (pattern >> i & 1) * slotRatioPlusOne[first + i] - 1.0;
                contributions[slotColumns[first + i]] += sign * factor * table[at + (pattern & ~(1 << i))];
            }
        }
    }

    /** The leaves' paths of one tree, found by one walk from its root. */
    private static final class Paths {
        final TreeEnsemble trees;
        final int root;
        int leaves;
        int slots;
        /** The table cells the leaves need (a path too long to table counts as more than the limit). */
        long cells;
        int[] leafNodes;
        int[] slotStart;
        int[] slotCount;
        int[] slotColumns;
        long[] slotNodes;
        long[] slotRight;
        double[] slotZero;

        Paths(TreeEnsemble trees, int root, int size) {
            this.trees = trees;
            this.root = root;
            int maxLeaves = size / 2 + 1;
            leafNodes = new int[maxLeaves];
            slotStart = new int[maxLeaves];
            slotCount = new int[maxLeaves];
            int maxSlots = maxLeaves * 64;
            slotColumns = new int[maxSlots];
            slotNodes = new long[maxSlots];
            slotRight = new long[maxSlots];
            slotZero = new double[maxSlots];
        }

        /** Visits {@code node} with the {@code d} distinct features of the path that led to it. */
        void walk(int node, int d, int[] columns, long[] nodes, long[] rightward, double[] zero) {
            int left = trees.children[2 * node];
            if (left == node) {
                leafNodes[leaves] = node;
                slotStart[leaves] = slots;
                slotCount[leaves] = d;
                System.arraycopy(columns, 0, slotColumns, slots, d);
                System.arraycopy(nodes, 0, slotNodes, slots, d);
                System.arraycopy(rightward, 0, slotRight, slots, d);
                System.arraycopy(zero, 0, slotZero, slots, d);
                leaves++;
                slots += d;
                cells += d > 20 ? MAX_CELLS_PER_TREE + 1 : 1L << d;
                return;
            }
            int column = trees.splitColumns[node];
            int slot = 0;
            while (slot < d && columns[slot] != column) {
                slot++;
            }
            for (int way = 0; way <= 1; way++) {
                int child = trees.children[2 * node + way];
                int[] childColumns = columns.clone();
                long[] childNodes = nodes.clone();
                long[] childRight = rightward.clone();
                double[] childZero = zero.clone();
                if (slot == d) {
                    childColumns[slot] = column;
                    childZero[slot] = 1.0;
                }
                long bit = 1L << (node - root);
                childNodes[slot] |= bit;
                if (way == 1) {
                    childRight[slot] |= bit;
                }
                childZero[slot] *= (double) trees.covers[child] / trees.covers[node];
                walk(child, slot == d ? d + 1 : d, childColumns, childNodes, childRight, childZero);
            }
        }
    }
}
