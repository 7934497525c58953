package io.creditwatch.inference.capture;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The capture of predictions into the store: a bounded queue (when it is full, predictions are
 * served but not captured, and counted as dropped), written in batches by one thread, with
 * growing pauses between retries while the store is down, and flushed for up to
 * {@code shutdownTimeout} on a clean shutdown.
 */
@ConfigurationProperties("inference.capture")
record CaptureProperties(@DefaultValue("100000") int queueCapacity, @DefaultValue("1000") int batchSize,
                         @DefaultValue("200ms") Duration flushInterval, @DefaultValue("1s") Duration minRetryDelay,
                         @DefaultValue("30s") Duration maxRetryDelay, @DefaultValue("10s") Duration shutdownTimeout) {
}
