package io.creditwatch.inference.capture;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The capture of predictions into the store (see {@link PredictionCapture}).
 *
 * @param queueCapacity   predictions waiting in memory for the journal; when full, predictions are
 *                        served but not captured, and counted as dropped
 * @param batchSize       most predictions in one journal group and one store write
 * @param flushInterval   how long the journal and store writers wait for work before they look
 *                        again (work that arrives wakes them at once)
 * @param minRetryDelay   first pause before retrying a failed store write; it doubles per failure
 * @param maxRetryDelay   longest pause between retries
 * @param shutdownTimeout how long a clean shutdown waits for the store to take the journal's backlog
 * @param journalPath     the journal's SQLite file, on local disk (one per service instance)
 */
@ConfigurationProperties("inference.capture")
record CaptureProperties(@DefaultValue("100000") int queueCapacity, @DefaultValue("1000") int batchSize,
                         @DefaultValue("20ms") Duration flushInterval, @DefaultValue("1s") Duration minRetryDelay,
                         @DefaultValue("30s") Duration maxRetryDelay, @DefaultValue("10s") Duration shutdownTimeout,
                         @DefaultValue("data/capture-journal.db") Path journalPath) {
}
