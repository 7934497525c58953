package io.creditwatch.inference.prediction;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Limits on /predict bodies: applications per batch (413 above) and body size (413 above). */
@ConfigurationProperties("inference.request")
record RequestProperties(@DefaultValue("10000") int maxBatchSize, @DefaultValue("16MB") DataSize maxBodySize) {
}
