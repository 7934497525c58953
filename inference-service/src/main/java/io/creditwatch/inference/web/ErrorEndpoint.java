package io.creditwatch.inference.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The error page of the servlet container, in the API's own JSON: an error Tomcat or a filter
 * raised (a broken request, an oversized upload) is forwarded here and answered as an
 * {@link ApiError} with its status. Asked for directly, {@code /error} is not an endpoint (404).
 * Errors Tomcat answers before any servlet runs are written by {@link ContainerErrorReport}.
 */
@RestController
class ErrorEndpoint implements ErrorController {

    @RequestMapping("/error")
    void error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(status instanceof Integer code)) {
            throw new ApiException(Rejection.NOT_FOUND, "no endpoint /error; the API is POST /predict, POST /feedback, "
                    + "GET /health and GET /metrics");
        }
        if (code == 400 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof IOException) {
            throw new ApiException(Rejection.BODY_UNREADABLE,
                    "the body could not be read (its chunked encoding is broken, "
                            + "or the connection failed)");
        }
        throw new ApiException(Rejection.forStatus(code), "the request could not be served (HTTP " + code + ")");
    }

    @Bean
    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ContainerErrorReport.class.getName());
            }
        });
    }
}
