package io.creditwatch.inference.prediction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.creditwatch.model.reasons.Reason;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A decision's reasons as JSON: the array {@code /predict} answers, and the same text captured with
 * the decision, so that the store keeps exactly what the applicant was told.
 */
final class ReasonsJson {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private static final SerializedString FEATURE = new SerializedString("feature");
    private static final SerializedString CODE = new SerializedString("code");
    private static final SerializedString DESCRIPTION = new SerializedString("description");
    private static final SerializedString CONTRIBUTION = new SerializedString("contribution");

    private ReasonsJson() {
    }

    static void write(JsonGenerator json, List<Reason> reasons) throws IOException {
        json.writeStartArray();
        for (Reason reason : reasons) {
            json.writeStartObject();
            json.writeFieldName(FEATURE);
            json.writeString(reason.feature());
            json.writeFieldName(CODE);
            json.writeString(reason.code());
            json.writeFieldName(DESCRIPTION);
            json.writeString(reason.description());
            json.writeFieldName(CONTRIBUTION);
            json.writeNumber(reason.contribution());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The array as text; null for a decision without reasons. */
    static String text(List<Reason> reasons) {
        if (reasons == null) {
            return null;
        }
        StringWriter text = new StringWriter(64 * reasons.size() + 2);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            write(json, reasons);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return text.toString();
    }
}
