package io.creditwatch.inference.feedback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * /feedback: who may send labels, and limits.
 *
 * @param apiKeys          the API keys that may send labels (see {@link FeedbackKeys})
 * @param apiKeysFile      a file of more keys, one per line; none when null
 * @param maxLabels        labels per request (413 above)
 * @param maxBodySize      body size (413 above)
 * @param storeRetryAfter  after the store failed, how long /feedback answers 503 at once instead of
 *                         waiting for it again
 * @param maxFailedAuthentications   failed authentications one client may make per window before its
 *                                   requests are refused with 429 (see {@link AuthenticationThrottle})
 * @param failedAuthenticationWindow the window those failures are counted in
 */
@ConfigurationProperties("inference.feedback")
record FeedbackProperties(@DefaultValue List<String> apiKeys, Path apiKeysFile, @DefaultValue("10000") int maxLabels,
                          @DefaultValue("2MB") DataSize maxBodySize, @DefaultValue("5s") Duration storeRetryAfter,
                          @DefaultValue("10") int maxFailedAuthentications,
                          @DefaultValue("1m") Duration failedAuthenticationWindow) {
}
