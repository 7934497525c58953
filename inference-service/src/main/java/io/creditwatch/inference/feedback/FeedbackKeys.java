package io.creditwatch.inference.feedback;

import io.creditwatch.inference.web.ApiException;
import io.creditwatch.inference.web.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may send labels: the API keys of {@code inference.feedback.api-keys} (comma-separated) and
 * of the file {@code inference.feedback.api-keys-file} (one per line, {@code #} comments), so that
 * a key can be rotated by adding the new one before removing the old. A request shows its key as
 * {@code Authorization: Bearer KEY}. Keys are compared by their SHA-256 digests in constant time,
 * and every configured key is compared, so the answer's timing tells nothing about the keys.
 * With no key configured, /feedback refuses every request.
 */
@Component
class FeedbackKeys {

    private static final Logger log = LoggerFactory.getLogger(FeedbackKeys.class);
    private static final String BEARER = "Bearer ";

    private final List<byte[]> digests = new ArrayList<>();

    FeedbackKeys(FeedbackProperties properties) {
        List<String> keys = new ArrayList<>(properties.apiKeys());
        if (properties.apiKeysFile() != null) {
            keys.addAll(readKeyFile(properties.apiKeysFile()));
        }
        keys.stream().map(String::trim).filter(key -> !key.isEmpty()).forEach(key -> digests.add(sha256(key)));
        if (digests.isEmpty()) {
            log.warn("no feedback API key is configured: POST /feedback refuses every label until "
                    + "INFERENCE_FEEDBACK_API_KEYS or INFERENCE_FEEDBACK_API_KEYS_FILE is set");
        }
    }

    /** @throws ApiException 401 without a bearer key, 403 with a key that is not configured */
    void authenticate(String authorization) {
        if (digests.isEmpty()) {
            throw new ApiException(Rejection.FORBIDDEN, "labels are not accepted: no API key is configured on the "
                    + "service (INFERENCE_FEEDBACK_API_KEYS)");
        }
        if (authorization == null || !authorization.startsWith(BEARER) || authorization.length() == BEARER.length()) {
            throw new ApiException(Rejection.UNAUTHENTICATED, "send the feedback API key as Authorization: Bearer KEY");
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()));
        boolean known = false;
        for (byte[] digest : digests) {
            known |= MessageDigest.isEqual(digest, presented);
        }
        if (!known) {
            throw new ApiException(Rejection.FORBIDDEN, "this API key may not send labels");
        }
    }

    private static List<String> readKeyFile(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.trim().startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the feedback API key file " + file.toAbsolutePath(), e);
        }
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
