package io.creditwatch.model.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads Universal Binary JSON (UBJSON, Draft 12), the binary form of XGBoost's JSON model
 * ({@code Booster.save_model("model.ubj")}), into the same tree of nodes as the JSON form: big-endian
 * numbers, strings as a length then UTF-8 bytes, and the optimized containers XGBoost writes for
 * its arrays ({@code [$d#L<n>} for floats, {@code [#L<n>} for a counted array of mixed values).
 * 32-bit floats stay 32-bit, so the split conditions are exactly what XGBoost holds.
 */
final class UbjReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Deeper than any XGBoost model: guards the recursion against a crafted file. */
    private static final int MAX_DEPTH = 64;

    private final ByteBuffer in;

    private UbjReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes);
    }

    static JsonNode read(byte[] bytes) throws IOException {
        UbjReader reader = new UbjReader(bytes);
        try {
            JsonNode root = reader.value(reader.marker(), 0);
            if (reader.in.hasRemaining()) {
                throw new IOException("UBJSON: " + reader.in.remaining() + " bytes after the end of the document");
            }
            return root;
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IOException("UBJSON: the document ends too early", e);
        }
    }

    private byte marker() {
        byte marker = in.get();
        while (marker == 'N') { // no-op
            marker = in.get();
        }
        return marker;
    }

    private JsonNode value(byte marker, int depth) throws IOException {
        return switch (marker) {
            case 'Z' -> NODES.nullNode();
            case 'T' -> NODES.booleanNode(true);
            case 'F' -> NODES.booleanNode(false);
            case 'i', 'U', 'I', 'l', 'L' -> NODES.numberNode(integer(marker));
            case 'd' -> NODES.numberNode(in.getFloat());
            case 'D' -> NODES.numberNode(in.getDouble());
            case 'H' -> NODES.numberNode(new BigDecimal(string()));
            case 'C' -> NODES.textNode(String.valueOf((char) (in.get() & 0xff)));
            case 'S' -> NODES.textNode(string());
            case '[' -> array(depth + 1);
            case '{' -> object(depth + 1);
            default -> throw new IOException("UBJSON: unknown type marker 0x" + Integer.toHexString(marker & 0xff)
                    + " at byte " + (in.position() - 1));
        };
    }

    private long integer(byte marker) throws IOException {
        return switch (marker) {
            case 'i' -> in.get();
            case 'U' -> in.get() & 0xff;
            case 'I' -> in.getShort();
            case 'l' -> in.getInt();
            case 'L' -> in.getLong();
            default -> throw new IOException("UBJSON: expected an integer, found marker 0x"
                    + Integer.toHexString(marker & 0xff) + " at byte " + (in.position() - 1));
        };
    }

    private int length(byte marker) throws IOException {
        long length = integer(marker);
        if (length < 0 || length > in.remaining()) {
            throw new IOException("UBJSON: a length of " + length + " at byte " + in.position()
                    + " does not fit the " + in.remaining() + " bytes left");
        }
        return (int) length;
    }

    private String string() throws IOException {
        int length = length(in.get());
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The optional {@code $type} and {@code #count} of an optimized container; type 0 when absent, count -1. */
    private record Header(byte type, int count) {
    }

    private Header header() throws IOException {
        byte type = 0;
        int count = -1;
        if (in.get(in.position()) == '$') {
            in.get();
            type = in.get();
            if (in.get(in.position()) != '#') {
                throw new IOException("UBJSON: a typed container without a count at byte " + in.position());
            }
        }
        if (in.get(in.position()) == '#') {
            in.get();
            count = length(in.get());
        }
        return new Header(type, count);
    }

    private ArrayNode array(int depth) throws IOException {
        guard(depth);
        Header header = header();
        ArrayNode array = NODES.arrayNode(Math.max(header.count(), 0));
        if (header.count() >= 0) {
            for (int i = 0; i < header.count(); i++) {
                array.add(value(header.type() != 0 ? header.type() : marker(), depth));
            }
            return array;
        }
        for (byte marker = marker(); marker != ']'; marker = marker()) {
            array.add(value(marker, depth));
        }
        return array;
    }

    private ObjectNode object(int depth) throws IOException {
        guard(depth);
        Header header = header();
        ObjectNode object = NODES.objectNode();
        if (header.count() >= 0) {
            for (int i = 0; i < header.count(); i++) {
                String key = string();
                object.set(key, value(header.type() != 0 ? header.type() : marker(), depth));
            }
            return object;
        }
        while (in.get(in.position()) != '}') {
            String key = string();
            object.set(key, value(marker(), depth));
        }
        in.get();
        return object;
    }

    private static void guard(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("UBJSON: containers nested deeper than " + MAX_DEPTH);
        }
    }
}
