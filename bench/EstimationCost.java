import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.estimation.CalibrationMap;
import io.creditwatch.model.estimation.PerformanceEstimate;
import io.creditwatch.model.estimation.PerformanceEstimator;
import io.creditwatch.model.training.ModelTrainer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What performance estimation adds to a monitoring cycle: the bundle's estimator (or, for a card
 * without a map, one fitted on a generated hold-out, as train does) over a window of ROWS served
 * probabilities, timed REPEATS times after as many warm-up runs:
 * java -cp CLASSPATH bench/EstimationCost.java BUNDLE ROWS REPEATS
 */
public class EstimationCost {
    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of(args[0]));
        int rows = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        PerformanceEstimator estimator = PerformanceEstimator.forCard(bundle.card()).orElseGet(() -> {
            List<CreditRecord> holdout = new SyntheticCreditGenerator(1).generate(30_000);
            double[] scores = bundle.scorer().probabilities(ModelTrainer.featureRows(holdout));
            int[] labels = holdout.stream().mapToInt(CreditRecord::label).toArray();
            return new PerformanceEstimator(CalibrationMap.fit(scores, labels, bundle.card().threshold()),
                    bundle.card().threshold());
        });
        double[] window = bundle.scorer().probabilities(ModelTrainer.featureRows(new SyntheticCreditGenerator(2).generate(rows)));
        PerformanceEstimate estimate = null;
        for (int i = 0; i < repeats; i++) {
            estimate = estimator.estimate(window);
        }
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            estimate = estimator.estimate(window);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("estimate over %d served probabilities: median %.1f ms, slowest %.1f ms of %d runs "
                + "(AUC %.4f ± %.4f)%n", rows, millis[repeats / 2], millis[repeats - 1], repeats,
                estimate.aucRoc().value(), 3 * estimate.aucRoc().standardError());
    }
}
