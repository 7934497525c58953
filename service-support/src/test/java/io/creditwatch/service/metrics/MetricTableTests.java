package io.creditwatch.service.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MetricTableTests {

    private static final String DOC = """
            # Service

            ## Metrics

            Some text naming `not_a_row`.

            | series | labels | meaning |
            |---|---|---|
            | `a_total`, `b_seconds` | `endpoint`, `status` | two series sharing labels |
            | `c` | | no labels, and `d_in_meaning` named in the meaning |

            ### Next

            | `e` | `x` | under another heading |
            """;

    @Test
    void readsTheSeriesOfEachRowWithTheRowsLabels() {
        assertThat(MetricTable.read(DOC, "## Metrics")).isEqualTo(Map.of(
                "a_total", Set.of("endpoint", "status"),
                "b_seconds", Set.of("endpoint", "status"),
                "c", Set.of()));
    }

    @Test
    void aSeriesInTwoRowsOrAMissingHeadingIsAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> MetricTable.read(DOC, "## Logs"));
        assertThatIllegalArgumentException().isThrownBy(() -> MetricTable.read(
                "## Metrics\n| `a` | | one |\n| `a` | `x` | again |\n", "## Metrics"));
    }

    @Test
    void theKindSetsTheScrapedNames() {
        assertThat(MeterKind.COUNTER.prometheusName("ml.requests")).isEqualTo("ml_requests_total");
        assertThat(MeterKind.TIMER.prometheusName("ml.request.duration")).isEqualTo("ml_request_duration_seconds");
        assertThat(MeterKind.GAUGE.prometheusName("ml.capture.journal.bytes")).isEqualTo("ml_capture_journal_bytes");
        assertThat(MeterKind.PROMETHEUS_HISTOGRAM.seriesNames("p")).containsExactly("p_bucket", "p_count", "p_sum");
        assertThat(MeterKind.DISTRIBUTION_SUMMARY.seriesNames("s")).containsExactly("s_bucket", "s_count", "s_sum",
                "s_max");
    }
}
