package io.creditwatch.model.scoring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The Java evaluator against Python's XGBoost 1.7 (Debian's python3-xgboost): the models and
 * their predictions in src/test/resources/xgboost were made by make-fixtures.py there, on 300
 * rows with missing values (including a column never missing in training).
 */
class TreeEnsembleTests {

    private static final int FEATURES = 10;

    @Test
    void binaryLogisticWithItsBaseScoreMatchesPythonsXGBoost() throws IOException {
        assertMatchesPython("binary-logistic.json", FEATURES);
    }

    @Test
    void twoClassSoftprobMatchesPythonsXGBoost() throws IOException {
        assertMatchesPython("softprob-2.json", FEATURES + 1);
    }

    @Test
    void otherObjectivesAreRefusedByName() {
        byte[] regression = "{\"learner\": {\"objective\": {\"name\": \"reg:squarederror\"}}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TreeEnsemble.fromXGBoostJson(regression)).isInstanceOf(IOException.class)
                .hasMessage("only the binary:logistic and multi:softprob objectives are supported, the model has "
                        + "'reg:squarederror'");
    }

    private static void assertMatchesPython(String model, int expectedColumn) throws IOException {
        TreeEnsemble trees = TreeEnsemble.fromXGBoostJson(resource(model));
        List<String[]> lines = predictions();
        float[] rows = new float[lines.size() * FEATURES];
        for (int r = 0; r < lines.size(); r++) {
            for (int c = 0; c < FEATURES; c++) {
                String cell = lines.get(r)[c];
                rows[r * FEATURES + c] = cell.isEmpty() ? Float.NaN : Float.parseFloat(cell);
            }
        }
        double[] probabilities = new double[lines.size()];

        trees.probabilities(rows, FEATURES, lines.size(), 1, probabilities, 0);

        assertThat(trees.classes()).isEqualTo(2);
        int missing = 0;
        for (int r = 0; r < lines.size(); r++) {
            missing += String.join(",", lines.get(r)).contains(",,") ? 1 : 0;
            assertThat(probabilities[r]).as("row " + r).isCloseTo(Double.parseDouble(lines.get(r)[expectedColumn]),
                    within(1e-6));
        }
        assertThat(missing).as("rows with a missing value").isGreaterThan(50);
    }

    private static List<String[]> predictions() throws IOException {
        List<String[]> lines = new ArrayList<>();
        String[] all = new String(resource("predictions.csv"), StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < all.length; i++) {
            lines.add(all[i].split(",", -1));
        }
        return lines;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TreeEnsembleTests.class.getResourceAsStream("/xgboost/" + name)) {
            if (in == null) {
                throw new IOException("no test resource xgboost/" + name);
            }
            return in.readAllBytes();
        }
    }
}
