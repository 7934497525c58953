package io.creditwatch.model.bundle;

import io.creditwatch.model.scoring.BoosterFile;
import io.creditwatch.model.scoring.CreditScorer;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model and what monitoring needs to know about it, as one directory (format
 * {@value #FORMAT_VERSION}, see {@code docs/model-bundle.md}):
 * <ul>
 *   <li>{@code model.json} or {@code model.ubj}: the XGBoost booster, as {@code save_model} wrote it, whose
 *   input columns are the card's {@code features} in order and whose class 1 is default;</li>
 *   <li>{@value #CARD_FILE}: the {@link ModelCard};</li>
 *   <li>{@value #PROFILE_FILE}: the {@link ReferenceProfile}.</li>
 * </ul>
 * Formats 1 and 2 held a Tribuo model ({@value #TRIBUO_FILE}) instead; they still read.
 *
 * @param columns the schema feature of each of the booster's columns
 * @param positiveClass the booster's class that means default: 1, but for an old Tribuo model, whose classes
 *                      are numbered by Tribuo
 */
public record ModelBundle(BoosterFile booster, List<String> columns, int positiveClass, ModelCard card,
                          ReferenceProfile profile) {

    /** The format this build writes; it reads this one and every earlier one. */
    public static final int FORMAT_VERSION = 3;
    /** Where formats 1 and 2 kept the model: Tribuo's protobuf format. */
    public static final String TRIBUO_FILE = "model.tribuo";
    public static final String CARD_FILE = "model-card.json";
    public static final String PROFILE_FILE = "reference-profile.json";

    public ModelBundle {
        columns = List.copyOf(columns);
    }

    /** A bundle of the current format: the booster's columns are the card's features, class 1 is default. */
    public ModelBundle(BoosterFile booster, ModelCard card, ReferenceProfile profile) {
        this(booster, card.features(), 1, card, profile);
    }

    /** A scorer of this bundle's model. */
    public CreditScorer scorer() {
        return new CreditScorer(booster, columns, positiveClass);
    }

    public void write(Path directory) throws IOException {
        if (positiveClass != 1 || !columns.equals(card.features())) {
            throw new IllegalStateException(
                    "a bundle read from an old Tribuo model cannot be written again; retrain it");
        }
        Files.createDirectories(directory);
        for (BoosterFile.Format format : BoosterFile.Format.values()) {
            Files.deleteIfExists(directory.resolve(format.fileName()));
        }
        Files.deleteIfExists(directory.resolve(TRIBUO_FILE));
        Files.write(directory.resolve(booster.format().fileName()), booster.bytes());
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
        if (card.formatVersion() < 3) {
            return readTribuo(directory, card, profile);
        }
        List<Path> models = new ArrayList<>();
        for (BoosterFile.Format format : BoosterFile.Format.values()) {
            if (Files.exists(directory.resolve(format.fileName()))) {
                models.add(directory.resolve(format.fileName()));
            }
        }
        if (models.size() != 1) {
            throw new IOException(directory + ": a bundle holds one model, model.json or model.ubj; found "
                    + (models.isEmpty() ? "neither" : "both"));
        }
        BoosterFile booster = BoosterFile.read(models.get(0));
        List<String> saved = booster.featureNames();
        if (!saved.isEmpty() && !saved.equals(card.features())) {
            throw new IOException(models.get(0) + ": the model's feature names " + saved
                    + " are not the card's features " + card.features());
        }
        ModelBundle bundle = new ModelBundle(booster, card, profile);
        try {
            CreditScorer.checkColumns(card.features(), booster.columnCount());
        } catch (IllegalArgumentException e) {
            throw new IOException(directory.resolve(CARD_FILE) + ": " + e.getMessage(), e);
        }
        return bundle;
    }

    private static ModelBundle readTribuo(Path directory, ModelCard card, ReferenceProfile profile) throws IOException {
        Model<?> model = Model.deserializeFromFile(directory.resolve(TRIBUO_FILE));
        if (!(model instanceof XGBoostModel<?> xgboost) || !model.validate(Label.class)) {
            throw new IOException(directory.resolve(TRIBUO_FILE) + ": not a Tribuo XGBoost classification model");
        }
        @SuppressWarnings("unchecked")
        XGBoostModel<Label> classifier = (XGBoostModel<Label>) xgboost;
        if (classifier.getInnerModels().size() != 1) {
            throw new IOException(directory.resolve(TRIBUO_FILE) + ": expected one booster");
        }
        ImmutableFeatureMap featureMap = classifier.getFeatureIDMap();
        List<String> columns = new ArrayList<>();
        for (int id = 0; id < featureMap.size(); id++) {
            columns.add(featureMap.get(id).getName());
        }
        int positiveClass = classifier.getOutputIDInfo().getID(new Label(card.positiveLabel()));
        Booster booster = classifier.getInnerModels().get(0);
        try {
            return new ModelBundle(BoosterFile.parse(booster.toByteArray("json")), columns, positiveClass, card,
                    profile);
        } catch (XGBoostError e) {
            throw new IOException(directory.resolve(TRIBUO_FILE) + ": cannot export its booster: " + e.getMessage(), e);
        } finally {
            booster.dispose();
        }
    }

    public static ReferenceProfile readProfile(Path directory) throws IOException {
        return BundleJson.MAPPER.readValue(directory.resolve(PROFILE_FILE).toFile(), ReferenceProfile.class);
    }

    public static ModelCard readCard(Path directory) throws IOException {
        return BundleJson.MAPPER.readValue(directory.resolve(CARD_FILE).toFile(), ModelCard.class);
    }
}
