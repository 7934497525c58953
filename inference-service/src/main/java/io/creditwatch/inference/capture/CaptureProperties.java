package io.creditwatch.inference.capture;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The capture of predictions into the store (see {@link PredictionCapture}).
 *
 * @param policy             {@code durable}: an answer leaves only once its record is on disk, and a
 *                           record that cannot be made durable in time turns the request into a 503;
 *                           {@code best-effort}: answers never wait, what the journal cannot take is
 *                           counted as dropped
 * @param queueCapacity      predictions waiting in memory for the journal's next flush
 * @param commitTimeout      the longest a request waits for the flush that makes its record durable
 * @param retryAfter         the {@code Retry-After} of a 503 {@code capture_unavailable}
 * @param batchSize          most predictions in one store write
 * @param flushInterval      how long the writers wait for work before they look again (work that
 *                           arrives wakes them at once)
 * @param minRetryDelay      first pause before retrying a failed store write; it doubles per failure
 * @param maxRetryDelay      longest pause between retries
 * @param shutdownTimeout    how long a clean shutdown waits for the store to take the journal's backlog
 * @param journalDirectory   the journal's directory, on local disk (one per service instance)
 * @param journalMaxSize     the most the journal holds on disk: a store outage that lasts long enough
 *                           ends in 503s (durable) or drops (best-effort), not in a full disk
 * @param journalSegmentSize the size of one journal file; a file is deleted once all of it is stored
 * @param journalPath        the SQLite journal of earlier versions (INFERENCE_CAPTURE_JOURNAL_PATH): what it
 *                           holds is imported into the journal once, at start, and the file renamed
 */
@ConfigurationProperties("inference.capture")
record CaptureProperties(@DefaultValue("durable") CapturePolicy policy, @DefaultValue("100000") int queueCapacity,
                         @DefaultValue("2s") Duration commitTimeout, @DefaultValue("1s") Duration retryAfter,
                         @DefaultValue("1000") int batchSize, @DefaultValue("20ms") Duration flushInterval,
                         @DefaultValue("1s") Duration minRetryDelay, @DefaultValue("30s") Duration maxRetryDelay,
                         @DefaultValue("10s") Duration shutdownTimeout,
                         @DefaultValue("data/capture-journal") Path journalDirectory,
                         @DefaultValue("1GB") DataSize journalMaxSize,
                         @DefaultValue("32MB") DataSize journalSegmentSize,
                         @DefaultValue("data/capture-journal.db") Path journalPath) {
}
