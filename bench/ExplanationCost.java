import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.training.ModelTrainer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What explaining a decision costs in-process, against scoring it: per row, the Java evaluator's
 * probability (one row at a time, and in blocks as a 1000-row batch is scored), the Java TreeSHAP
 * contributions (one row at a time, and 16 rows at once, as a batch's declines are explained, both
 * over rows the scorer has explained before; then declines it has never seen, after the declines of
 * 200,000 other applications), and XGBoost4J's predictContrib of the same booster (one row, and a
 * 1000-row DMatrix), each the median of REPEATS timed passes over ROWS generated applications after
 * as many warm-up passes, on one thread:
 * java -cp CLASSPATH bench/ExplanationCost.java BUNDLE ROWS REPEATS
 * With -Xmx40m the trees have no memory for patterns (TreeShap.memoryPerTree), which gives the
 * contributions' cost without it.
 */
public class ExplanationCost {
    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of(args[0]));
        int rows = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        CreditScorer scorer = bundle.scorer();
        double[][] features = ModelTrainer.featureRows(new SyntheticCreditGenerator(3).generate(rows));
        float[] flat = new float[rows * features[0].length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < features[r].length; c++) {
                flat[r * features[r].length + c] = (float) features[r][c];
            }
        }
        Booster booster = XGBoost.loadModel(new ByteArrayInputStream(bundle.booster().bytes()));
        int width = features[0].length;

        report("score, one row at a time", rows, repeats, () -> {
            for (double[] row : features) {
                scorer.probabilities(new double[][]{row});
            }
        });
        report("score, 1000-row batches", rows, repeats, () -> {
            for (int start = 0; start < rows; start += 1000) {
                scorer.probabilities(Arrays.copyOfRange(features, start, Math.min(rows, start + 1000)));
            }
        });
        // the contributions below explain the same rows pass after pass, so from the second pass on
        // every tree remembers every row's pattern of split directions (LeafTables#explain)
        report("Java TreeSHAP contributions", rows, repeats, () -> {
            for (double[] row : features) {
                scorer.contributions(row);
            }
        });
        report("Java TreeSHAP contributions, 16 rows at once", rows, repeats, () -> {
            for (int start = 0; start < rows; start += 16) {
                scorer.contributions(Arrays.copyOfRange(features, start, Math.min(rows, start + 16)));
            }
        });
        // declines never seen before, explained one at a time by a scorer that has explained the
        // declines of 200,000 other applications: what a serving model pays after some traffic
        CreditScorer served = ModelBundle.read(Path.of(args[0])).scorer();
        Double cutOff = bundle.card().cutOff().pd();
        double declinedFrom = cutOff != null ? cutOff : bundle.card().threshold();
        for (int chunk = 0; chunk < 10; chunk++) {
            for (double[] row : declines(scorer, declinedFrom, 101 + chunk, 20_000)) {
                served.contributions(row);
            }
        }
        double[][][] fresh = new double[2 * repeats][][];
        for (int pass = 0; pass < fresh.length; pass++) {
            fresh[pass] = declines(scorer, declinedFrom, 1_000 + pass, 10 * rows);
        }
        int freshRows = Arrays.stream(fresh).mapToInt(pass -> pass.length).min().orElseThrow();
        for (int pass = 0; pass < fresh.length; pass++) {
            fresh[pass] = Arrays.copyOf(fresh[pass], freshRows);
        }
        int[] next = {0};
        report("contributions, fresh declines (200,000 applications before)", freshRows, repeats, () -> {
            for (double[] row : fresh[next[0]++]) {
                served.contributions(row);
            }
        });
        report("XGBoost4J predictContrib, one row at a time", rows, repeats, () -> {
            for (int r = 0; r < rows; r++) {
                DMatrix matrix = new DMatrix(Arrays.copyOfRange(flat, r * width, (r + 1) * width), 1, width, Float.NaN);
                booster.predictContrib(matrix, 0);
                matrix.dispose();
            }
        });
        report("XGBoost4J predictContrib, 1000-row DMatrix", rows, repeats, () -> {
            for (int start = 0; start < rows; start += 1000) {
                int count = Math.min(1000, rows - start);
                DMatrix matrix = new DMatrix(Arrays.copyOfRange(flat, start * width, (start + count) * width), count,
                        width, Float.NaN);
                booster.predictContrib(matrix, 0);
                matrix.dispose();
            }
        });
        booster.dispose();
    }

    /** The applications of {@code count} generated from {@code seed} that the model declines at {@code cutOff}. */
    private static double[][] declines(CreditScorer scorer, double cutOff, long seed, int count) {
        double[][] rows = ModelTrainer.featureRows(new SyntheticCreditGenerator(seed).generate(count));
        double[] probabilities = scorer.probabilities(rows);
        return java.util.stream.IntStream.range(0, rows.length)
                .filter(r -> probabilities[r] >= cutOff)
                .mapToObj(r -> rows[r])
                .toArray(double[][]::new);
    }

    interface Pass {
        void run() throws Exception;
    }

    private static void report(String what, int rows, int repeats, Pass pass) throws Exception {
        for (int i = 0; i < repeats; i++) {
            pass.run();
        }
        double[] micros = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            pass.run();
            micros[i] = (System.nanoTime() - started) / 1e3 / rows;
        }
        Arrays.sort(micros);
        System.out.printf("%-45s median %8.2f µs per row, slowest pass %8.2f µs per row (%d passes of %d rows)%n",
                what, micros[repeats / 2], micros[repeats - 1], repeats, rows);
    }
}
