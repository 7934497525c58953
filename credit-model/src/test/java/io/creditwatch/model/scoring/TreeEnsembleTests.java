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
    void theUbjsonFormOfTheSameBoosterMatchesPythonsXGBoost() throws IOException {
        BoosterFile ubj = BoosterFile.parse(resource("binary-logistic.ubj"));
        BoosterFile json = BoosterFile.parse(resource("binary-logistic.json"));

        assertThat(ubj.format()).isEqualTo(BoosterFile.Format.UBJ);
        assertThat(json.format()).isEqualTo(BoosterFile.Format.JSON);
        assertThat(ubj.featureNames()).isEqualTo(json.featureNames());
        assertThat(List.of(ubj.objective(), ubj.xgboostVersion(), Integer.toString(ubj.rounds()),
                Integer.toString(ubj.columnCount()))).containsExactly("binary:logistic", "1.7.4", "25", "10");
        assertThat(ubj.featureNames()).hasSize(10).startsWith("RevolvingUtilizationOfUnsecuredLines", "age");
        assertMatchesPython(ubj.trees(), FEATURES);
    }

    /** XGBoost 3.0 writes the base score as a one-element vector; dropping it (or the margin) would fail the comparison. */
    @Test
    void aBaseScoreWrittenAsAVectorReadsAsTheNumber() throws IOException {
        String json = new String(resource("binary-logistic.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"base_score\":\"3E-1\"");

        assertMatchesPython(BoosterFile.parse(json.replace("\"base_score\":\"3E-1\"", "\"base_score\":\"[3E-1]\"")
                .getBytes(StandardCharsets.UTF_8)).trees(), FEATURES);
    }

    @Test
    void theDeprecatedBinaryFormatIsRefusedWithHowToResave() throws IOException {
        // The first bytes of what XGBoost 1.7 writes for save_model("model.xgb"): "binf", then the base score.
        byte[] deprecated = {'b', 'i', 'n', 'f', 0, 0, 0, 0x3f, 3, 0, 0, 0};

        assertThatThrownBy(() -> BoosterFile.parse(deprecated)).isInstanceOf(IOException.class)
                .hasMessageContaining("deprecated binary model format")
                .hasMessageContaining("save_model(\"model.json\")");
        assertThatThrownBy(() -> BoosterFile.parse("hello".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("not an XGBoost model: neither JSON nor UBJSON");
        assertThatThrownBy(() -> BoosterFile.parse(new byte[]{'{', 'L', 0, 0})).hasMessageContaining("UBJSON");
        byte[] ubj = resource("binary-logistic.ubj");
        for (int length : new int[]{ubj.length / 2, ubj.length - 1, 300}) {
            assertThatThrownBy(() -> BoosterFile.parse(java.util.Arrays.copyOf(ubj, length))).as("cut at %d", length)
                    .isInstanceOf(IOException.class).hasMessageContaining("UBJSON");
        }
    }

    @Test
    void aTreeWhoseChildrenPointBackIsRefused() throws IOException {
        String json = new String(resource("binary-logistic.json"), StandardCharsets.UTF_8);
        int at = json.indexOf("\"left_children\":[") + "\"left_children\":[".length();
        String looping = json.substring(0, at) + "0" + json.substring(json.indexOf(',', at));

        assertThatThrownBy(() -> BoosterFile.parse(looping.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("tree 0, node 0: its children (0, ");
    }

    @Test
    void aTreeWithArraysOfDifferentLengthsIsRefused() throws IOException {
        String json = new String(resource("binary-logistic.json"), StandardCharsets.UTF_8);
        int at = json.indexOf("\"split_conditions\":[") + "\"split_conditions\":[".length();
        String shortened = json.substring(0, at) + json.substring(json.indexOf(',', at) + 1);

        assertThatThrownBy(() -> BoosterFile.parse(shortened.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageMatching("tree 0: \"split_conditions\" has \\d+ entries for \\d+ nodes");
    }

    @Test
    void otherObjectivesAreRefusedByName() {
        byte[] regression = "{\"learner\": {\"objective\": {\"name\": \"reg:squarederror\"}}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TreeEnsemble.fromXGBoostJson(regression)).isInstanceOf(IOException.class)
                .hasMessage("only the binary:logistic and multi:softprob objectives are supported, the model has "
                        + "'reg:squarederror'");
    }

    private static void assertMatchesPython(String model, int expectedColumn) throws IOException {
        assertMatchesPython(BoosterFile.parse(resource(model)).trees(), expectedColumn);
    }

    private static void assertMatchesPython(TreeEnsemble trees, int expectedColumn) throws IOException {
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
        double[] oneByOne = new double[lines.size()];
        for (int r = 0; r < lines.size(); r++) { // one row at a time takes another path: each tree walked to its leaf
            trees.probabilities(java.util.Arrays.copyOfRange(rows, r * FEATURES, (r + 1) * FEATURES), FEATURES, 1, 1,
                    oneByOne, r);
        }
        assertThat(oneByOne).containsExactly(probabilities);

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
