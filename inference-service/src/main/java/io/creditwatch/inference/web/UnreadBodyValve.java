package io.creditwatch.inference.web;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Closes the connection after the answer, instead of draining the rest of its body, when
 * {@link RequestBodies} refused the body unread (one too many at once) or gave up on it (too
 * slow). Tomcat otherwise reads what is left of such a body on the request's thread before the
 * connection can take its next request, up to {@code server.tomcat.max-swallow-size}, for as long
 * as the client keeps sending: a thousand slow clients then hold every thread. Closing keeps the
 * answer (it is written first); a client still sending may see the connection reset instead.
 */
@Component
class UnreadBodyValve extends ValveBase implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

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
        if (Boolean.TRUE.equals(request.getAttribute(RequestBodies.UNREAD_BODY))) {
            response.getCoyoteResponse().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }
}
