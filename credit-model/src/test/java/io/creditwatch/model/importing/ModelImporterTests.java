package io.creditwatch.model.importing;

import io.creditwatch.model.bundle.ModelBundle;
import io.creditwatch.model.bundle.ModelCard;
import io.creditwatch.model.data.CreditRecord;
import io.creditwatch.model.data.FileDigest;
import io.creditwatch.model.data.KaggleCsv;
import io.creditwatch.model.data.SyntheticCreditGenerator;
import io.creditwatch.model.reasons.ReasonCodes;
import io.creditwatch.model.schema.Feature;
import io.creditwatch.model.training.ModelTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Importing models trained by Python's XGBoost 1.7 (the fixtures of src/test/resources/xgboost, made
 * by make-fixtures.py there): the booster's JSON and UBJSON forms and an MLflow model directory
 * give bundles that score exactly as Python did, with the card's provenance, hold-out metrics and
 * grades, and the reference profile.
 */
class ModelImporterTests {

    @TempDir
    static Path work;
    private static Path fixtures;
    private static Path reference;
    private static Path evaluation;

    @BeforeAll
    static void files() throws IOException {
        fixtures = work.resolve("xgboost");
        Files.createDirectories(fixtures.resolve("mlflow-model"));
        for (String name : List.of("binary-logistic.json", "binary-logistic.ubj", "softprob-2.json", "predictions.csv",
                "mlflow-model/MLmodel", "mlflow-model/model.ubj", "mlflow-model/conda.yaml")) {
            try (InputStream in = ModelImporterTests.class.getResourceAsStream("/xgboost/" + name)) {
                Files.copy(in, fixtures.resolve(name));
            }
        }
        // The reference as pandas' to_csv would write it: features in another order, an extra column,
        // no index, an empty cell for missing.
        reference = work.resolve("reference.csv");
        List<Feature> order = new ArrayList<>(Feature.ALL);
        Collections.reverse(order);
        StringBuilder csv = new StringBuilder(
                "customer_id," + String.join(",", order.stream().map(Feature::jsonName).toList())
                        + "\n");
        int id = 0;
        for (CreditRecord record : new SyntheticCreditGenerator(5).generate(3000)) {
            csv.append("c").append(id++);
            for (Feature feature : order) {
                double value = record.get(feature);
                csv.append(',').append(Double.isNaN(value) ? "" : Double.toString(value));
            }
            csv.append('\n');
        }
        Files.writeString(reference, csv);
        evaluation = work.resolve("evaluation.csv");
        KaggleCsv.write(evaluation, new SyntheticCreditGenerator(3).generate(4000));
    }

    private static ModelBundle importModel(Path model) throws IOException {
        return ModelImporter.importModel(new ModelImporter.Options(model, reference, evaluation, "py-1", 0.5, List.of(),
                ModelCard.CutOffChoice.DEFAULT),
                ModelTrainer.Progress.SILENT);
    }

    @Test
    void jsonUbjsonAndMlflowFormsImportAndScoreAsPythonDid() throws IOException {
        double[] python = pythonProbabilities("binary_logistic");
        double[][] rows = pythonRows();
        for (Path model : List.of(fixtures.resolve("binary-logistic.json"), fixtures.resolve("binary-logistic.ubj"),
                fixtures.resolve("mlflow-model"))) {
            Path out = work.resolve("bundle-" + model.getFileName());
            importModel(model).write(out);
            ModelBundle bundle = ModelBundle.read(out);

            double[] java = bundle.scorer().probabilities(rows);
            for (int i = 0; i < python.length; i++) {
                assertThat(java[i]).as("%s row %d", model.getFileName(), i).isCloseTo(python[i], within(1e-6));
            }
        }
    }

    @Test
    void theTwoClassSoftprobObjectiveImportsToo() throws IOException {
        double[] python = pythonProbabilities("softprob_2");
        double[] java = importModel(fixtures.resolve("softprob-2.json")).scorer()
                .probabilities(pythonRows());

        for (int i = 0; i < python.length; i++) {
            assertThat(java[i]).as("row %d", i).isCloseTo(python[i], within(1e-6));
        }
    }

    @Test
    void theCardRecordsWhereTheModelCameFromAndHowItDidOnTheEvaluationRows() throws IOException {
        ModelBundle bundle = importModel(fixtures.resolve("mlflow-model"));
        ModelCard card = bundle.card();
        ModelCard.Origin origin = card.origin();

        assertThat(card.formatVersion()).isEqualTo(ModelBundle.FORMAT_VERSION);
        assertThat(card.modelType()).isEqualTo("xgboost-binary-logistic");
        assertThat(card.data()).isNull();
        assertThat(card.parameters()).isNull();
        assertThat(origin.modelFile()).isEqualTo("model.ubj");
        assertThat(origin.modelSha256()).isEqualTo(FileDigest.sha256(fixtures.resolve("mlflow-model/model.ubj")));
        assertThat(origin.modelFormat()).isEqualTo("ubj");
        assertThat(origin.xgboostVersion()).isEqualTo("1.7.4");
        assertThat(origin.objective()).isEqualTo("binary:logistic");
        assertThat(origin.rounds()).isEqualTo(25);
        assertThat(origin.mlflowRunId()).isEqualTo("0f3c2a9be6d04c1f9a7e5b21c8d4e6f0");
        assertThat(origin.mlflowModelUuid()).isEqualTo("5b1e9c7d2f8a4e3b9c6d1a0f7e2b4c8d");
        assertThat(origin.mlflowVersion()).isEqualTo("2.16.2");
        assertThat(origin.referenceRows()).isEqualTo(3000);
        assertThat(origin.evaluationSha256()).isEqualTo(FileDigest.sha256(evaluation));

        List<CreditRecord> rows = KaggleCsv.read(evaluation);
        assertThat(card.holdout().rows()).isEqualTo(4000);
        assertThat(card.holdout().positives()).isEqualTo(rows.stream().filter(r -> r.label() == 1).count());
        assertThat(card.holdout().gini()).isCloseTo(2 * card.holdout().aucRoc() - 1, within(1e-12));
        assertThat(card.holdoutCurve().size()).as("the evaluation file's ROC and CAP points").isEqualTo(101);
        assertThat(card.holdoutCurve().rocArea()).isCloseTo(card.holdout().aucRoc(), within(3e-3));
        assertThat(card.masterScale().grades().stream().mapToLong(g -> g.holdoutRows()).sum()).isEqualTo(4000);
        assertThat(bundle.profile().rows()).isEqualTo(3000);
        assertThat(bundle.profile().score().total()).isEqualTo(4000);
        assertThat(bundle.profile().feature("MonthlyIncome").missingRate()).isBetween(0.1, 0.3);
        assertThat(card.reasonCodes()).isEqualTo(ReasonCodes.DEFAULTS);
    }

    /** The reference of attribution drift is the evaluation rows' mean |contribution|, recomputed here row by row. */
    @Test
    void theProfileHoldsTheEvaluationRowsMeanAbsoluteContributions() throws IOException {
        ModelBundle bundle = importModel(fixtures.resolve("binary-logistic.json"));
        List<CreditRecord> rows = KaggleCsv.read(evaluation);
        double[] sums = new double[Feature.COUNT];
        for (CreditRecord row : rows) {
            double[] contributions = bundle.scorer().contributions(row.features());
            for (int f = 0; f < Feature.COUNT; f++) {
                sums[f] += Math.abs(contributions[f]);
            }
        }

        assertThat(bundle.profile().attribution().rows()).isEqualTo(rows.size());
        for (Feature feature : Feature.ALL) {
            assertThat(bundle.profile().attribution().byFeature()[feature.ordinal()]).as(feature.jsonName())
                    .isCloseTo(sums[feature.ordinal()] / rows.size(), within(1e-12));
        }
    }

    @Test
    void featureNamesThatAreNotTheSchemasAreAClearErrorNamingThem(@TempDir Path directory) throws IOException {
        String json = Files.readString(fixtures.resolve("binary-logistic.json"));
        Path renamed = directory.resolve("model.json");
        Files.writeString(renamed, json.replace("\"age\"", "\"Age\""));

        assertThatThrownBy(() -> importModel(renamed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "the model's features do not match the schema (not in the schema: Age; missing: age)");
    }

    @Test
    void aSignatureThatDisagreesWithTheSavedNamesIsRefused(@TempDir Path directory) throws IOException {
        Path copy = directory.resolve("mlflow");
        Files.createDirectories(copy);
        Files.copy(fixtures.resolve("mlflow-model/model.ubj"), copy.resolve("model.ubj"));
        Files.writeString(copy.resolve("MLmodel"), Files.readString(fixtures.resolve("mlflow-model/MLmodel"))
                .replace("\"name\": \"age\"", "\"name\": \"swap\"")
                .replace("\"name\": \"DebtRatio\"", "\"name\": \"age\"")
                .replace("\"name\": \"swap\"", "\"name\": \"DebtRatio\""));

        assertThatThrownBy(() -> importModel(copy)).hasMessageContaining("differ from its MLflow signature's columns");
    }

    @Test
    void aDirectoryThatIsNotAnMlflowModelOrOfAnotherFlavourIsNamed(@TempDir Path directory) throws IOException {
        assertThatThrownBy(() -> importModel(directory)).hasMessageContaining("not an MLflow model directory");

        Files.writeString(directory.resolve("MLmodel"), "flavors:\n  sklearn:\n    pickled_model: model.pkl\n"
                + "  python_function:\n    loader_module: mlflow.sklearn\n");
        assertThatThrownBy(() -> importModel(directory))
                .hasMessageContaining(
                        "not a model of MLflow's xgboost flavour (its flavours: sklearn, python_function)");

        Files.writeString(directory.resolve("MLmodel"), "flavors:\n  xgboost:\n    data: ../../etc/passwd\n");
        assertThatThrownBy(() -> importModel(directory)).hasMessageContaining("points outside the model directory");
    }

    @Test
    void anUnlabelledEvaluationFileIsRefused() {
        assertThatThrownBy(() -> ModelImporter.importModel(
                new ModelImporter.Options(fixtures.resolve("binary-logistic.json"),
                        evaluation, reference, null, 0.5, List.of(), ModelCard.CutOffChoice.DEFAULT),
                ModelTrainer.Progress.SILENT))
                .hasMessage("import: every evaluation row needs a label (SeriousDlqin2yrs)");
    }

    /** The rows Python scored, in the schema's order (the fixtures' column order), NaN for empty. */
    private static double[][] pythonRows() throws IOException {
        List<String> lines = Files.readAllLines(fixtures.resolve("predictions.csv"), StandardCharsets.UTF_8);
        double[][] rows = new double[lines.size() - 1][Feature.COUNT];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            for (int f = 0; f < Feature.COUNT; f++) {
                rows[r - 1][f] = cells[f].isEmpty() ? Double.NaN : Double.parseDouble(cells[f]);
            }
        }
        return rows;
    }

    private static double[] pythonProbabilities(String column) throws IOException {
        List<String> lines = Files.readAllLines(fixtures.resolve("predictions.csv"), StandardCharsets.UTF_8);
        int index = List.of(lines.get(0).split(",")).indexOf(column);
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            values.add(Double.parseDouble(line.split(",", -1)[index]));
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
