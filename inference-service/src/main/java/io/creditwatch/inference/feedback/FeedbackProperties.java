package io.creditwatch.inference.feedback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Limits on /feedback: labels per request (413 above). */
@ConfigurationProperties("inference.feedback")
record FeedbackProperties(@DefaultValue("10000") int maxLabels) {
}
