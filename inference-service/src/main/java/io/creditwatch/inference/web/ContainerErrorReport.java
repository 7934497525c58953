package io.creditwatch.inference.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's error report for what it refuses before any servlet runs (a request line or header
 * that is not HTTP, an invalid URI): the API's JSON body with its status and reason, instead of
 * Tomcat's HTML page or its report of the exception. Installed on the host by {@link ErrorEndpoint}.
 */
public class ContainerErrorReport extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        Rejection rejection = Rejection.forStatus(status);
        String body = "{\"status\":" + status + ",\"error\":\"" + rejection.status().getReasonPhrase()
                + "\",\"reason\":\""
                + rejection.code() + "\",\"message\":\"the request is not valid HTTP (refused by the web server)\"}";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response committed: nothing more can be said
        }
    }
}
