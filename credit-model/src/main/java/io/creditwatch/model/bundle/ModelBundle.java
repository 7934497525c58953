package io.creditwatch.model.bundle;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A trained model and what monitoring needs to know about it, as one directory (format
 * {@value #FORMAT_VERSION}, see {@code docs/model-bundle.md}; format 1, without rating grades, still reads):
 * <ul>
 *   <li>{@value #MODEL_FILE}: the Tribuo XGBoost classification model (Tribuo's protobuf format);</li>
 *   <li>{@value #CARD_FILE}: the {@link ModelCard};</li>
 *   <li>{@value #PROFILE_FILE}: the {@link ReferenceProfile}.</li>
 * </ul>
 */
public record ModelBundle(XGBoostModel<Label> model, ModelCard card, ReferenceProfile profile) {

    /** The format this build writes; it reads this one and every earlier one. */
    public static final int FORMAT_VERSION = 2;
    public static final String MODEL_FILE = "model.tribuo";
    public static final String CARD_FILE = "model-card.json";
    public static final String PROFILE_FILE = "reference-profile.json";

    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        model.serializeToFile(directory.resolve(MODEL_FILE));
        BundleJson.MAPPER.writeValue(directory.resolve(CARD_FILE).toFile(), card);
        BundleJson.MAPPER.writeValue(directory.resolve(PROFILE_FILE).toFile(), profile);
    }

    /** Reads a bundle directory; the message of the exception names the file that is wrong. */
    public static ModelBundle read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a model bundle directory");
        }
        ModelCard card = readCard(directory);
        if (card.formatVersion() < 1 || card.formatVersion() > FORMAT_VERSION) {
            throw new IOException(directory.resolve(CARD_FILE) + ": bundle format " + card.formatVersion()
                    + " is not supported (this build reads formats 1 to " + FORMAT_VERSION + ")");
        }
        ReferenceProfile profile = readProfile(directory);
        Model<?> model = Model.deserializeFromFile(directory.resolve(MODEL_FILE));
        if (!(model instanceof XGBoostModel<?> xgboost) || !model.validate(Label.class)) {
            throw new IOException(directory.resolve(MODEL_FILE) + ": not a Tribuo XGBoost classification model");
        }
        @SuppressWarnings("unchecked")
        XGBoostModel<Label> classifier = (XGBoostModel<Label>) xgboost;
        return new ModelBundle(classifier, card, profile);
    }

    public static ReferenceProfile readProfile(Path directory) throws IOException {
        return BundleJson.MAPPER.readValue(directory.resolve(PROFILE_FILE).toFile(), ReferenceProfile.class);
    }

    public static ModelCard readCard(Path directory) throws IOException {
        return BundleJson.MAPPER.readValue(directory.resolve(CARD_FILE).toFile(), ModelCard.class);
    }
}
