package io.creditwatch.model.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An XGBoost booster as {@code Booster.save_model} writes it, in either of its current forms:
 * JSON ({@code model.json}) or Universal Binary JSON ({@code model.ubj}, and what XGBoost 2.1 and
 * later write for any other name, such as MLflow's {@code model.xgb}). The form is told from the
 * bytes, not the name. XGBoost's deprecated binary format (what XGBoost before 2.1 wrote for a name
 * other than {@code .json} or {@code .ubj}) is refused with a message that says how to re-save.
 *
 * <p>Keeps the file's bytes as they were (a bundle stores them unchanged, so its hash is the
 * data scientist's) and the trees, ready to evaluate.
 */
public final class BoosterFile {

    /** The two forms of the model document. */
    public enum Format {
        JSON,
        UBJ;

        /** The name a bundle stores the model under. */
        public String fileName() {
            return "model." + name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final byte[] bytes;
    private final Format format;
    private final JsonNode document;
    private final TreeEnsemble trees;

    private BoosterFile(byte[] bytes, Format format, JsonNode document) throws IOException {
        this.bytes = bytes;
        this.format = format;
        this.document = document;
        this.trees = TreeEnsemble.fromXGBoost(document);
    }

    /** Reads a saved booster; an unusable file is an {@link IOException} whose message names the file. */
    public static BoosterFile read(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            if (e instanceof java.nio.file.NoSuchFileException) {
                throw e;
            }
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static BoosterFile parse(byte[] bytes) throws IOException {
        Format format = sniff(bytes);
        JsonNode document;
        try {
            document = format == Format.JSON ? JSON.readTree(bytes) : UbjReader.read(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException("not an XGBoost JSON model: " + e.getOriginalMessage());
        }
        if (!document.path("learner").isObject()) {
            throw new IOException("not an XGBoost model: it has no \"learner\"");
        }
        return new BoosterFile(bytes, format, document);
    }

    private static Format sniff(byte[] bytes) throws IOException {
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first == bytes.length) {
            throw new IOException("the model file is empty");
        }
        if (bytes.length >= 4 && bytes[0] == 'b' && bytes[1] == 'i' && bytes[2] == 'n' && bytes[3] == 'f') {
            throw new IOException("this is XGBoost's deprecated binary model format (what XGBoost before 2.1 writes "
                    + "for a name other than .json or .ubj, including MLflow's default model.xgb); load it in Python "
                    + "and save it again with booster.save_model(\"model.json\"), or log it with "
                    + "mlflow.xgboost.log_model(..., model_format=\"json\")");
        }
        if (bytes[first] != '{') {
            throw new IOException("not an XGBoost model: neither JSON nor UBJSON");
        }
        // UBJSON's object marker is also '{', followed by a key's length marker; JSON's by a quote or space.
        int next = first + 1 < bytes.length ? bytes[first + 1] : '}';
        boolean ubjLength = next == 'i' || next == 'U' || next == 'I' || next == 'l' || next == 'L' || next == '$'
                || next == '#';
        return first == 0 && ubjLength ? Format.UBJ : Format.JSON;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public Format format() {
        return format;
    }

    /** The objective, such as {@code binary:logistic}. */
    public String objective() {
        return learner().path("objective").path("name").asText();
    }

    /** Boosting rounds: trees per class. */
    public int rounds() {
        return trees.treeCount() / (trees.logistic() ? 1 : trees.classes());
    }

    /** The classes of its output: 2 for {@code binary:logistic}. */
    public int classes() {
        return trees.classes();
    }

    /** The number of input columns. */
    public int columnCount() {
        return Integer.parseInt(learner().path("learner_model_param").path("num_feature").asText("0"));
    }

    /** The names of its input columns as saved with the model (from a DataFrame or {@code feature_names}); empty if none were. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        learner().path("feature_names").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The XGBoost version that saved it, such as {@code 1.7.4}; empty when the file does not say. */
    public String xgboostVersion() {
        List<String> parts = new ArrayList<>();
        document.path("version").forEach(part -> parts.add(part.asText()));
        return String.join(".", parts);
    }

    JsonNode document() {
        return document;
    }

    TreeEnsemble trees() {
        return trees;
    }

    private JsonNode learner() {
        return document.path("learner");
    }
}
