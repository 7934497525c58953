import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.OutcomeSubmission;
import io.creditwatch.store.PredictionStore;
import io.creditwatch.store.StoreDialect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fills a prediction store with generated applications scored by the bundled model, as the
 * capture would, and with "labelled" also their generated outcomes as feedback:
 * java -cp CLASSPATH bench/StoreFill.java JDBC_URL USER ROWS [labelled]
 */
public class StoreFill {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[2]);
        boolean labelled = args.length > 3 && args[3].equals("labelled");
        StoreDialect.prepare(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(args[1].isEmpty() ? null : args[1]);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            PredictionStore store = new PredictionStore(dataSource, url);
            store.migrate();
            ModelBundle bundle = ModelBundle.read(Path.of("models/default"));
            CreditScorer scorer = bundle.scorer();
            SyntheticCreditGenerator generator = new SyntheticCreditGenerator(2024);
            long started = System.nanoTime();
            long now = System.currentTimeMillis();
            for (int written = 0; written < rows; ) {
                int count = Math.min(10_000, rows - written);
                List<CreditRecord> records = generator.generate(count);
                double[] probabilities = scorer.probabilities(records.stream().map(CreditRecord::features).toArray(double[][]::new));
                List<CapturedPrediction> batch = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    batch.add(new CapturedPrediction(UUID.randomUUID().toString(), "fill", now, bundle.card().modelVersion(),
                            records.get(i).features(), probabilities[i], probabilities[i] >= 0.5 ? 1 : 0, 600, "low"));
                }
                store.insertPredictions(batch);
                if (labelled) {
                    List<OutcomeSubmission> labels = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        labels.add(new OutcomeSubmission(batch.get(i).predictionId(), records.get(i).label()));
                    }
                    store.insertOutcomes(labels, now);
                }
                written += count;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("filled %d predictions in %.1f s (%.0f rows/s)%n", rows, seconds, rows / seconds);
        }
    }
}
