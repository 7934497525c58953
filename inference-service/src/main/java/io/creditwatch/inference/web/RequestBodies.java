package io.creditwatch.inference.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.unit.DataSize;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Reading request bodies safely, for every endpoint that takes one: at most
 * {@code max-concurrent-bodies} bodies are read at once, and at most
 * {@code max-concurrent-bodies-per-client} from one client address (a further request gets 503 at
 * once rather than a thread, so one client's slow bodies cannot take every permit), each within
 * its size limit and {@code body-read-timeout} (so a client dripping bytes holds a thread for a
 * bounded time), parsed as a stream with tight limits on nesting, number, name and string lengths
 * (no legitimate body comes near them), and every way a body can fail to be read or parsed is a
 * 4xx with its own reason. A body refused for being one too many, or for being too slow, is left to
 * {@link UnreadBodyValve}: dropped while it keeps arriving, else its connection closed after the
 * answer, since draining it to its end would hold the thread for as long as the client keeps dripping.
 */
@Component
public class RequestBodies {

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(32)
            .maxNumberLength(400)
            .maxNameLength(1_000)
            .maxStringLength(10_000)
            .build();

    /** The parser both endpoints read with; {@code NaN} and {@code Infinity} parse, so they are refused by field. */
    public static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(CONSTRAINTS)
            .build();

    /**
     * The request attribute that hands a refused or abandoned body to {@link UnreadBodyValve}: its
     * value is the most bytes of it to drop before the connection is closed instead.
     */
    static final String UNREAD_BODY = RequestBodies.class.getName() + ".unread";
    private final Semaphore permits;
    private final int perClient;
    private final ConcurrentHashMap<String, Integer> byClient = new ConcurrentHashMap<>();
    private final Duration readTimeout;

    /**
     * @param maxConcurrentBodies          bodies read at the same time, across endpoints
     * @param maxConcurrentBodiesPerClient of those, from one client address (behind a proxy that
     *                                     does not keep the client's address, the proxy is one client)
     * @param bodyReadTimeout              the longest one body may take to arrive
     */
    @ConfigurationProperties("inference.request.bodies")
    public record Limits(@DefaultValue("32") int maxConcurrentBodies,
                         @DefaultValue("16") int maxConcurrentBodiesPerClient,
                         @DefaultValue("10s") Duration bodyReadTimeout) {
    }

    RequestBodies(Limits limits) {
        this.permits = new Semaphore(limits.maxConcurrentBodies());
        this.perClient = limits.maxConcurrentBodiesPerClient();
        this.readTimeout = limits.bodyReadTimeout();
    }

    /** How a body is read into a result, with the parser. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * Parses the request's body with {@code reader}, within {@code maxBytes}.
     *
     * @throws ApiException for every body that is too large, too slow, cut off, not UTF-8 or not JSON
     */
    public <T> T read(HttpServletRequest request, DataSize maxBytes, BodyReader<T> reader) throws IOException {
        if (request.getContentLengthLong() > maxBytes.toBytes()) {
            throw tooLarge(maxBytes);
        }
        String client = request.getRemoteAddr();
        if (!takePermit(client)) {
            request.setAttribute(UNREAD_BODY, maxBytes.toBytes());
            throw new ApiException(Rejection.SERVER_BUSY,
                    "too many requests are sending bodies at once; retry shortly");
        }
        try (JsonParser parser = JSON.createParser(new GuardedInputStream(request.getInputStream(), maxBytes.toBytes(),
                System.nanoTime() + readTimeout.toNanos()))) {
            return reader.read(parser);
        } catch (BodyTooLarge e) {
            throw tooLarge(maxBytes);
        } catch (BodyTooSlow e) {
            request.setAttribute(UNREAD_BODY, maxBytes.toBytes());
            throw new ApiException(Rejection.BODY_TIMEOUT, "the body did not arrive within "
                    + readTimeout.toSeconds() + " s");
        } catch (BodyUnreadable e) {
            throw new ApiException(Rejection.BODY_UNREADABLE, "the body could not be read to its end (the connection "
                    + "was closed or its chunked encoding is broken)");
        } catch (CharConversionException e) {
            throw new ApiException(Rejection.MALFORMED_JSON, "the body is not UTF-8 JSON");
        } catch (StreamConstraintsException e) {
            throw new ApiException(Rejection.MALFORMED_JSON,
                    "the body exceeds a JSON limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } finally {
            returnPermit(client);
        }
    }

    /** One of the service's permits and one of the client's share, or neither. */
    private boolean takePermit(String client) {
        if (!permits.tryAcquire()) {
            return false;
        }
        boolean[] taken = new boolean[1];
        byClient.compute(client, (address, held) -> {
            int count = held == null ? 0 : held;
            taken[0] = count < perClient;
            return taken[0] ? count + 1 : held;
        });
        if (!taken[0]) {
            permits.release();
        }
        return taken[0];
    }

    private void returnPermit(String client) {
        byClient.computeIfPresent(client, (address, held) -> held == 1 ? null : held - 1);
        permits.release();
    }

    private static ApiException malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new ApiException(Rejection.MALFORMED_JSON, "malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    private static ApiException tooLarge(DataSize maxBytes) {
        return new ApiException(Rejection.BODY_TOO_LARGE, "the body is larger than " + maxBytes.toBytes() + " bytes");
    }

    /** The body was over its size limit. An IOException so that Jackson passes it through. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("body too large", null);
        }
    }

    /** The body did not arrive within the read timeout. */
    private static final class BodyTooSlow extends IOException {
        BodyTooSlow() {
            super("body too slow", null);
        }
    }

    /** The connection failed while the body was read. */
    private static final class BodyUnreadable extends IOException {
        BodyUnreadable(IOException cause) {
            super("body unreadable", cause);
        }
    }

    /** Fails once more than {@code limit} bytes have been read, past a deadline, or when the connection does. */
    private static final class GuardedInputStream extends FilterInputStream {

        private long remaining;
        private final long deadlineNanos;

        GuardedInputStream(InputStream in, long limit, long deadlineNanos) {
            super(in);
            this.remaining = limit;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (System.nanoTime() > deadlineNanos) {
                throw new BodyTooSlow();
            }
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw new BodyUnreadable(e);
            }
            if (n > 0 && (remaining -= n) < 0) {
                throw new BodyTooLarge();
            }
            return n;
        }
    }
}
