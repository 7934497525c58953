package io.creditwatch.inference.capture;

import io.creditwatch.model.schema.Feature;
import io.creditwatch.store.CapturedPrediction;
import io.creditwatch.store.ChallengerPrediction;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The compact binary layout of one journal group. Predictions of one request share their request
 * id, time and model version, so those are written once per run of equal values; a prediction id
 * in the canonical UUID form {@code /predict} hands out takes 16 bytes instead of 38, and a risk
 * band is an index into the group's own list of band names. A 1000-row batch is about 120 bytes a
 * row, so the journal writes a third of what the old per-field layout wrote.
 *
 * <p>Encodings are self-delimiting, so a journal group is the encodings of its requests back to
 * back: each request thread encodes its own predictions (in parallel, off the journal's one
 * writer thread) and the writer only joins them.
 */
final class GroupEncoding {

    /**
     * 4: each prediction ends with its challenger's (a flag, then version, probability, class, score
     * and band); 3, read still, ended with its reasons (a text, or none); 2, read still, had neither.
     */
    static final int LAYOUT_VERSION = 4;
    private static final int LAYOUT_WITHOUT_CHALLENGER = 3;
    private static final int LAYOUT_WITHOUT_REASONS = 2;
    private static final byte ID_UUID = 0;
    private static final byte ID_TEXT = 1;
    private static final byte ID_NONE = 2;

    private GroupEncoding() {
    }

    /** Thrown when bytes are not a group this build can read. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    static byte[] encode(List<CapturedPrediction> group) {
        List<String> bands = new ArrayList<>(8);
        for (CapturedPrediction prediction : group) {
            if (!bands.contains(prediction.riskBand())) {
                bands.add(prediction.riskBand());
            }
            if (prediction.challenger() != null && !bands.contains(prediction.challenger().riskBand())) {
                bands.add(prediction.challenger().riskBand());
            }
        }
        Output out = new Output(64 + group.size() * 130);
        out.buffer.put((byte) LAYOUT_VERSION);
        out.buffer.put((byte) Feature.COUNT);
        out.buffer.putShort((short) bands.size());
        for (String band : bands) {
            out.text(band);
        }
        int start = 0;
        while (start < group.size()) {
            CapturedPrediction head = group.get(start);
            int end = start + 1;
            while (end < group.size() && sameRun(head, group.get(end))) {
                end++;
            }
            out.ensure(64);
            out.buffer.putInt(end - start);
            out.text(head.requestId());
            out.text(head.modelVersion());
            out.buffer.putLong(head.predictedAtMillis());
            for (int i = start; i < end; i++) {
                CapturedPrediction prediction = group.get(i);
                out.predictionId(prediction.predictionId());
                out.ensure(8 * Feature.COUNT + 8 + 1 + 8 + 2);
                for (double value : prediction.features()) {
                    out.buffer.putDouble(value);
                }
                out.buffer.putDouble(prediction.probability());
                out.buffer.put((byte) prediction.predictedClass());
                out.buffer.putLong(prediction.creditScore());
                out.buffer.putShort((short) bands.indexOf(prediction.riskBand()));
                out.text(prediction.reasons());
                ChallengerPrediction challenger = prediction.challenger();
                out.ensure(1);
                out.buffer.put((byte) (challenger == null ? 0 : 1));
                if (challenger != null) {
                    out.text(challenger.modelVersion());
                    out.ensure(8 + 1 + 8 + 2);
                    out.buffer.putDouble(challenger.probability());
                    out.buffer.put((byte) challenger.predictedClass());
                    out.buffer.putLong(challenger.creditScore());
                    out.buffer.putShort((short) bands.indexOf(challenger.riskBand()));
                }
            }
            start = end;
        }
        out.ensure(4);
        out.buffer.putInt(0);
        return out.bytes();
    }

    /** The predictions of one or more encodings written back to back. */
    static List<CapturedPrediction> decode(byte[] payload) throws Unreadable {
        ByteBuffer in = ByteBuffer.wrap(payload);
        List<CapturedPrediction> group = new ArrayList<>();
        while (in.hasRemaining()) {
            decodeOne(in, group);
        }
        return group;
    }

    private static void decodeOne(ByteBuffer in, List<CapturedPrediction> group) throws Unreadable {
        try {
            int version = in.get();
            if (version != LAYOUT_VERSION && version != LAYOUT_WITHOUT_CHALLENGER
                    && version != LAYOUT_WITHOUT_REASONS) {
                throw new Unreadable("journal group layout " + version + " is not known to this build");
            }
            int features = in.get();
            if (features != Feature.COUNT) {
                throw new Unreadable("journal group of " + features + " features, this build has " + Feature.COUNT);
            }
            int bandCount = in.getShort();
            List<String> bands = new ArrayList<>(bandCount);
            for (int b = 0; b < bandCount; b++) {
                bands.add(text(in));
            }
            for (int run = in.getInt(); run != 0; run = in.getInt()) {
                if (run < 0 || (long) run * (8 * Feature.COUNT) > in.remaining()) {
                    throw new Unreadable("journal group with a run of " + run + " predictions in "
                            + in.remaining() + " bytes");
                }
                String requestId = text(in);
                String modelVersion = text(in);
                long predictedAt = in.getLong();
                for (int i = 0; i < run; i++) {
                    String predictionId = predictionId(in);
                    double[] row = new double[Feature.COUNT];
                    for (int f = 0; f < row.length; f++) {
                        row[f] = in.getDouble();
                    }
                    double probability = in.getDouble();
                    int predictedClass = in.get();
                    long creditScore = in.getLong();
                    String band = band(in, bands);
                    String reasons = version >= LAYOUT_WITHOUT_CHALLENGER ? text(in) : null;
                    ChallengerPrediction challenger = null;
                    if (version >= LAYOUT_VERSION && in.get() != 0) {
                        String challengerVersion = text(in);
                        double challengerProbability = in.getDouble();
                        int challengerClass = in.get();
                        challenger = new ChallengerPrediction(challengerVersion, challengerProbability, challengerClass,
                                in.getLong(), band(in, bands));
                    }
                    group.add(new CapturedPrediction(predictionId, requestId, predictedAt, modelVersion, row,
                            probability, predictedClass, creditScore, band, reasons, challenger));
                }
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Unreadable("journal group cut short");
        }
    }

    private static String band(ByteBuffer in, List<String> bands) throws Unreadable {
        int band = in.getShort();
        if (band < 0 || band >= bands.size()) {
            throw new Unreadable("journal group names risk band " + band + " of " + bands.size());
        }
        return bands.get(band);
    }

    private static boolean sameRun(CapturedPrediction a, CapturedPrediction b) {
        return a.predictedAtMillis() == b.predictedAtMillis() && Objects.equals(a.requestId(), b.requestId())
                && Objects.equals(a.modelVersion(), b.modelVersion());
    }

    private static String text(ByteBuffer in) throws Unreadable {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new Unreadable("journal group with a text of " + length + " bytes in " + in.remaining());
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String predictionId(ByteBuffer in) throws Unreadable {
        byte kind = in.get();
        return switch (kind) {
            case ID_UUID -> new UUID(in.getLong(), in.getLong()).toString();
            case ID_TEXT -> text(in);
            case ID_NONE -> null;
            default -> throw new Unreadable("journal group with a prediction id of kind " + kind);
        };
    }

    /** A growable buffer: a group's size is known only roughly before it is written. */
    private static final class Output {

        ByteBuffer buffer;

        Output(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        void ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
        }

        void text(String text) {
            if (text == null) {
                ensure(4);
                buffer.putInt(-1);
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ensure(4 + bytes.length);
            buffer.putInt(bytes.length);
            buffer.put(bytes);
        }

        void predictionId(String id) {
            ensure(17);
            if (id == null) {
                buffer.put(ID_NONE);
                return;
            }
            UUID uuid = canonicalUuid(id);
            if (uuid == null) {
                buffer.put(ID_TEXT);
                text(id);
            } else {
                buffer.put(ID_UUID);
                buffer.putLong(uuid.getMostSignificantBits());
                buffer.putLong(uuid.getLeastSignificantBits());
            }
        }

        byte[] bytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }

    /** The UUID an id spells, when it spells it exactly as {@link UUID#toString} does; else null. */
    private static UUID canonicalUuid(String id) {
        if (id.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
