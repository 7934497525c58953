#!/usr/bin/env bash
# Cost of the monitoring cycle with a large labelled window: fills a SQLite store with LABELS
# generated predictions and their outcomes, starts metrics-exporter with quality and drift windows
# of that size and a 512 MB heap, and reports its first cycle (reading the store) and the longest
# of the next cycles (every cycle recomputes quality, the validation tests, drift and data quality
# over both whole windows), then the heap after a full GC.
# Usage: bench/validation-cycle.sh [LABELS, default 50000] [CYCLES, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
labels=${1:-50000}
cycles=${2:-10}
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

[ -f metrics-exporter/target/metrics-exporter.jar ] || ./mvnw -B -ntp -q package -DskipTests
classpath="prediction-store/target/classes:credit-model/target/classes:$(./mvnw -B -ntp -q -pl prediction-store dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
url="jdbc:sqlite:$work/predictions.db?journal_mode=WAL&busy_timeout=10000"
java -cp "$classpath" bench/StoreFill.java "$url" "" "$labels" labelled

EXPORTER_BENCH_PORT=8057
source bench/exporter-cycles.sh
SPRING_DATASOURCE_URL="$url" EXPORTER_PORT=8057 MODEL_PATH=models/default EXPORTER_CYCLE_INTERVAL=1s \
    EXPORTER_QUALITY_WINDOW="$labels" EXPORTER_DRIFT_WINDOW="$labels" \
    java -Xmx512m -jar metrics-exporter/target/metrics-exporter.jar >"$work/exporter.log" 2>&1 &
pid=$!
for _ in $(seq 1 90); do [ -n "$(metric 'ml_validation_auc_test_p_value{service="metrics-exporter"}' 2>/dev/null)" ] && break; sleep 1; done
echo "labelled predictions in the window: $(metric 'ml_validation_labelled_predictions{grade="portfolio",service="metrics-exporter"}')"
echo "first cycle (reads $labels predictions and $labels labels): $(metric 'ml_exporter_cycle_duration_seconds{service="metrics-exporter"}') s"
echo "longest of $cycles further cycles over the full windows: $(longest_of_next_cycles "$cycles") s"
echo "exporter heap used after a full GC: $(heap_after_full_gc "$pid") (limit -Xmx512m)"
