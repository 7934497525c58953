package io.creditwatch.inference.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-request facts shared by the filter, the controllers and the error handler: the request id
 * and the fields of the request's log line.
 */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = "X-Request-ID";
    private static final String REQUEST_ID = RequestContext.class.getName() + ".requestId";
    private static final String LOG_FIELDS = RequestContext.class.getName() + ".logFields";
    private static final Pattern ACCEPTABLE_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestContext() {
    }

    /** The client's {@code X-Request-ID} when it is a sane token, otherwise a new time-ordered UUID. */
    static String acceptOrGenerate(String offered) {
        return offered != null && ACCEPTABLE_ID.matcher(offered).matches() ? offered : TimeOrderedIds.next();
    }

    static void start(HttpServletRequest request, String requestId) {
        request.setAttribute(REQUEST_ID, requestId);
        request.setAttribute(LOG_FIELDS, new LinkedHashMap<String, Object>());
    }

    public static String requestId(HttpServletRequest request) {
        return (String) request.getAttribute(REQUEST_ID);
    }

    /** Adds a field to this request's log line. */
    public static void log(HttpServletRequest request, String key, Object value) {
        logFields(request).put(key, value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> logFields(HttpServletRequest request) {
        Object fields = request.getAttribute(LOG_FIELDS);
        return fields == null ? new LinkedHashMap<>() : (Map<String, Object>) fields;
    }
}
