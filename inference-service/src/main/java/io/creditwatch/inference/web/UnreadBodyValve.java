package io.creditwatch.inference.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * What becomes of a body that {@link RequestBodies} refused unread (one too many at once) or gave
 * up on (too slow): after the answer, it is read and dropped while it keeps arriving, without ever
 * waiting on the client, so that a client sending at its own pace keeps its connection and reads
 * the answer in full; a body that pauses for {@link #IDLE}, is still arriving after {@link #WAIT},
 * or exceeds its endpoint's size, has its connection closed instead. Tomcat would otherwise read
 * what is left on the request's thread, up to {@code server.tomcat.max-swallow-size}, for as long
 * as the client keeps sending: a thousand slow clients would then hold every thread. A client whose
 * body is closed mid-upload may see the connection reset instead of the answer.
 *
 * <p>Only what has reached the socket is read: Tomcat's "available" action, asked to read, fills its
 * buffer from the socket without blocking. The servlet stream's own {@code available()} counts only
 * what Tomcat has buffered already, so a body that arrived after its headers would look idle.
 */
@Component
class UnreadBodyValve extends ValveBase implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** A refused body that sends nothing for this long has its connection closed instead of drained. */
    private static final Duration IDLE = Duration.ofMillis(50);
    /** And one still arriving after this long, however it trickles. */
    private static final Duration WAIT = Duration.ofSeconds(2);

    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextValves(this);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(RequestBodies.UNREAD_BODY) instanceof Long maxBytes && !drained(request, maxBytes)) {
            response.getCoyoteResponse().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    /** Reads and drops the body while it keeps arriving; whether it ended. */
    private static boolean drained(Request request, long maxBytes) throws IOException {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        ServletInputStream in = request.getInputStream();
        long now = System.nanoTime();
        long deadline = now + WAIT.toNanos();
        long idleSince = now;
        byte[] buffer = new byte[8192];
        long dropped = 0;
        while (!in.isFinished()) {
            coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
            int available = coyote.getAvailable();
            now = System.nanoTime();
            if (available > 0) {
                int read = in.read(buffer, 0, Math.min(buffer.length, available));
                if (read < 0) {
                    return true;
                }
                dropped += read;
                idleSince = now;
                if (dropped > maxBytes) {
                    return false;
                }
            } else if (now - idleSince > IDLE.toNanos()) {
                return false;
            } else {
                LockSupport.parkNanos(1_000_000);
            }
            if (now > deadline) {
                return false;
            }
        }
        return true;
    }
}
