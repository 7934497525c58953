import io.creditwatch.model.bundle.MasterScale;
import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.OutcomeScenarios;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.monitoring.CreditValidation;
import io.creditwatch.model.monitoring.ValidationReport;
import io.creditwatch.model.monitoring.ValidationSettings;
import io.creditwatch.model.scoring.CreditScorer;
import io.creditwatch.model.stats.TrafficLight;
import io.creditwatch.model.training.ModelTrainer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Power of the validation tests: for each window size and outcome scenario, over many seeds, how
 * often each alert condition of prometheus/rules/alerts.yml holds. Windows are generated
 * applications scored by the bundle; outcomes follow the scenario.
 * Usage: java -cp CLASSPATH bench/ValidationPower.java MODEL_DIR SEEDS SIZE[,SIZE...]
 */
public class ValidationPower {

    record Window(double[] pds, int[] outcomes, int[] grades) {
    }

    public static void main(String[] args) throws Exception {
        ModelBundle bundle = ModelBundle.read(Path.of(args[0]));
        int seeds = Integer.parseInt(args[1]);
        int[] sizes = java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        CreditScorer scorer = bundle.scorer();
        MasterScale scale = bundle.card().masterScale();
        double initialAuc = bundle.card().holdout().aucRoc();
        ValidationSettings settings = new ValidationSettings(500, 20, 50, TrafficLight.Levels.CONVENTIONAL);
        double gradeSixRate = scale.grades().get(5).holdoutMeanPd();

        Map<String, Function<Window, int[]>> scenarios = new LinkedHashMap<>();
        scenarios.put("true outcomes", w -> w.outcomes());
        scenarios.put("25% noise", w -> OutcomeScenarios.withNoise(w.outcomes(), 0.25, w.outcomes().length + 1));
        scenarios.put("50% noise", w -> OutcomeScenarios.withNoise(w.outcomes(), 0.5, w.outcomes().length + 2));
        scenarios.put("shuffled (dead model)", w -> OutcomeScenarios.withNoise(w.outcomes(), 1, w.outcomes().length + 3));
        scenarios.put("PD x1.25", w -> OutcomeScenarios.drawn(w.pds().length, i -> 1.25 * w.pds()[i], 4));
        scenarios.put("PD x1.5", w -> OutcomeScenarios.drawn(w.pds().length, i -> 1.5 * w.pds()[i], 5));
        scenarios.put("PD x2", w -> OutcomeScenarios.drawn(w.pds().length, i -> 2 * w.pds()[i], 6));
        scenarios.put("grade 4 PD x2", w -> OutcomeScenarios.drawn(w.pds().length,
                i -> w.grades()[i] == 3 ? 2 * w.pds()[i] : w.pds()[i], 7));
        scenarios.put("grade 3 at grade 6's rate", w -> OutcomeScenarios.drawn(w.pds().length,
                i -> w.grades()[i] == 2 ? gradeSixRate : w.pds()[i], 8));

        String[] columns = {"AUC yellow+", "AUC red", "portfolio Jeffreys yellow+", "portfolio Jeffreys red",
                "grade 4 red", "any grade red", "rank inversion", "any validation alert"};
        // The condition each scenario should raise, for the summary table (column index above).
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("true outcomes", 7);
        expected.put("25% noise", 0);
        expected.put("50% noise", 0);
        expected.put("shuffled (dead model)", 0);
        expected.put("PD x1.25", 2);
        expected.put("PD x1.5", 2);
        expected.put("PD x2", 2);
        expected.put("grade 4 PD x2", 4);
        expected.put("grade 3 at grade 6's rate", 6);
        Map<String, StringBuilder> summary = new LinkedHashMap<>();
        expected.forEach((name, column) -> summary.put(name, new StringBuilder("| " + name + ": " + columns[column] + " |")));
        System.out.printf("model %s, hold-out AUC %.4f, %d seeds per cell%n", bundle.card().modelVersion(), initialAuc, seeds);
        for (int size : sizes) {
            Map<String, long[]> counts = new LinkedHashMap<>();
            Map<String, double[]> means = new LinkedHashMap<>();
            scenarios.keySet().forEach(name -> {
                counts.put(name, new long[columns.length]);
                means.put(name, new double[3]);
            });
            for (int seed = 0; seed < seeds; seed++) {
                List<CreditRecord> records = new SyntheticCreditGenerator(1_000_000L * size + seed).generate(size);
                double[] pds = scorer.probabilities(ModelTrainer.featureRows(records));
                int[] outcomes = records.stream().mapToInt(CreditRecord::label).toArray();
                Window window = new Window(pds, outcomes, scale.indexesOf(pds));
                for (var scenario : scenarios.entrySet()) {
                    ValidationReport report = CreditValidation.validate(pds, scenario.getValue().apply(window), scale,
                            initialAuc, settings);
                    boolean[] hit = conditions(report);
                    double[] mean = means.get(scenario.getKey());
                    if (report.discrimination() != null) {
                        mean[0] += report.discrimination().auc();
                        mean[1]++;
                    }
                    mean[2] += report.portfolio().observedToExpected();
                    for (int c = 0; c < hit.length; c++) {
                        counts.get(scenario.getKey())[c] += hit[c] ? 1 : 0;
                    }
                }
            }
            System.out.printf("%n### Window of %,d labels%n%n| scenario | mean AUC | mean observed/expected | %s |%n|---|---|---|%s%n",
                    size, String.join(" | ", columns), "---|".repeat(columns.length));
            for (var row : counts.entrySet()) {
                double[] mean = means.get(row.getKey());
                StringBuilder line = new StringBuilder(String.format("| %s | %s | %.2f |", row.getKey(),
                        mean[1] == 0 ? "-" : String.format("%.3f", mean[0] / mean[1]), mean[2] / seeds));
                for (long count : row.getValue()) {
                    line.append(String.format(" %.0f%% |", 100.0 * count / seeds));
                }
                System.out.println(line);
                summary.get(row.getKey()).append(String.format(" %.0f%% |", 100.0 * row.getValue()[expected.get(row.getKey())] / seeds));
            }
        }
        System.out.printf("%n### Summary: share of windows raising the scenario's alert condition%n%n| window (labels) |");
        for (int size : sizes) {
            System.out.printf(" %,d |", size);
        }
        System.out.printf("%n|---|%s%n", "---|".repeat(sizes.length));
        summary.values().forEach(System.out::println);
    }

    private static boolean[] conditions(ValidationReport report) {
        int auc = report.discrimination() == null ? -1 : report.discrimination().light().code();
        int portfolio = report.portfolio() == null ? -1 : report.portfolio().jeffreys().code();
        boolean gradeFourRed = report.grades().stream()
                .anyMatch(g -> g.grade().equals("4") && g.jeffreys() == TrafficLight.RED);
        boolean anyGradeRed = report.grades().stream().anyMatch(g -> g.jeffreys() == TrafficLight.RED);
        boolean inversion = report.rankOrdering() != null && report.rankOrdering().significantInversions() > 0;
        return new boolean[]{auc >= 1, auc == 2, portfolio >= 1, portfolio == 2, gradeFourRed, anyGradeRed, inversion,
                auc >= 1 || portfolio >= 1 || anyGradeRed || inversion};
    }
}
