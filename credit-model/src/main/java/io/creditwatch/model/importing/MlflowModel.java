package io.creditwatch.model.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MLflow model directory written by MLflow's {@code xgboost} flavour ({@code mlflow.xgboost.save_model}
 * or {@code log_model}, downloaded): its {@code MLmodel} file names the model file
 * ({@code flavors.xgboost.data}, such as {@code model.xgb} or {@code model.json}), the run and the
 * model's id, and, when a signature was logged, the input columns by name
 * ({@code signature.inputs}, a JSON list of column specs kept as a string in the YAML).
 *
 * @param inputNames the signature's column names, in order; empty without a column-based signature
 */
public record MlflowModel(Path modelFile, String runId, String modelUuid, String mlflowVersion, String xgboostVersion,
                          List<String> inputNames) {

    public static final String MLMODEL = "MLmodel";
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    public static boolean isModelDirectory(Path directory) {
        return Files.isRegularFile(directory.resolve(MLMODEL));
    }

    public static MlflowModel read(Path directory) throws IOException {
        Path mlmodel = directory.resolve(MLMODEL);
        if (!Files.isRegularFile(mlmodel)) {
            throw new NoSuchFileException(mlmodel.toString(), null, "not an MLflow model directory");
        }
        JsonNode root;
        try {
            root = YAML.readTree(mlmodel.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(mlmodel + ": not a YAML file: " + e.getOriginalMessage());
        }
        JsonNode flavor = root.path("flavors").path("xgboost");
        if (!flavor.isObject()) {
            List<String> flavors = new ArrayList<>();
            root.path("flavors").fieldNames().forEachRemaining(flavors::add);
            throw new IOException(mlmodel + ": not a model of MLflow's xgboost flavour (its flavours: "
                    + (flavors.isEmpty() ? "none" : String.join(", ", flavors)) + ")");
        }
        String data = flavor.path("data").asText("");
        if (data.isEmpty()) {
            throw new IOException(mlmodel + ": flavors.xgboost.data does not name the model file");
        }
        Path modelFile = directory.resolve(data).normalize();
        if (!modelFile.startsWith(directory.normalize())) {
            throw new IOException(mlmodel + ": flavors.xgboost.data '" + data + "' points outside the model directory");
        }
        return new MlflowModel(modelFile, text(root.path("run_id")), text(root.path("model_uuid")),
                text(root.path("mlflow_version")), text(flavor.path("xgb_version")), inputNames(mlmodel, root));
    }

    private static List<String> inputNames(Path mlmodel, JsonNode root) throws IOException {
        JsonNode inputs = root.path("signature").path("inputs");
        if (inputs.isMissingNode() || inputs.isNull()) {
            return List.of();
        }
        JsonNode columns;
        try {
            columns = inputs.isTextual() ? JSON.readTree(inputs.asText()) : inputs;
        } catch (JsonProcessingException e) {
            throw new IOException(mlmodel + ": signature.inputs is not JSON: " + e.getOriginalMessage());
        }
        List<String> names = new ArrayList<>();
        for (JsonNode column : columns) {
            if (!column.hasNonNull("name")) {
                return List.of(); // a tensor-based signature names no columns
            }
            names.add(column.get("name").asText());
        }
        return names;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
