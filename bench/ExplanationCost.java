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
 * contributions (one row at a time, and 16 rows at once, as a batch's declines are explained), and XGBoost4J's predictContrib of the same booster (one row, and a 1000-row
 * DMatrix), each the median of REPEATS timed passes over ROWS generated applications after as many
 * warm-up passes, on one thread:
 * java -cp CLASSPATH bench/ExplanationCost.java BUNDLE ROWS REPEATS
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
