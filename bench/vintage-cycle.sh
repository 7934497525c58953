#!/usr/bin/env bash
# Cost of the monitoring cycle over a store of ROWS backfilled predictions in 36 monthly cohorts
# with their outcomes as of today (generate --months 36, then backfill): starts metrics-exporter
# with a 512 MB heap and reports the cycles that read the history (by default 200,000 rows of each
# kind a cycle; MAX_ROWS raises it, e.g. to read it all in one), the longest of the next cycles (each
# recomputes the vintages, the early-default tests, realized quality and drift), the vintages
# published, and the heap after a full GC.
# Usage: bench/vintage-cycle.sh [ROWS, default 1000000] [CYCLES, default 10]; MAX_ROWS=N to change the per-cycle read
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
cycles=${2:-10}
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cli=credit-model-cli/target/credit-model.jar
[ -f "$cli" ] && [ -f metrics-exporter/target/metrics-exporter.jar ] || ./mvnw -B -ntp -q package -DskipTests
today=$(date -u +%F)
url="jdbc:sqlite:$work/predictions.db?journal_mode=WAL&busy_timeout=10000"
java -jar "$cli" generate --rows "$rows" --seed 7 --months 36 --today "$today" --out "$work/portfolio.csv" >/dev/null
java -jar "$cli" backfill --model models/default --data "$work/portfolio.csv" --store "$url" | tail -n 3

EXPORTER_BENCH_PORT=8058
source bench/exporter-cycles.sh
started=$(date +%s.%N)
SPRING_DATASOURCE_URL="$url" EXPORTER_PORT=8058 MODEL_PATH=models/default EXPORTER_CYCLE_INTERVAL=1s \
    EXPORTER_MAX_ROWS_PER_CYCLE="${MAX_ROWS:-200000}" \
    java -Xmx512m -jar metrics-exporter/target/metrics-exporter.jar >"$work/exporter.log" 2>&1 &
pid=$!
cohort=$(date -u +%Y-%m)
for _ in $(seq 1 300); do
    [ -n "$(metric "ml_vintage_applications{cohort=\"$cohort\",service=\"metrics-exporter\"}" 2>/dev/null)" ] && break
    sleep 0.5
done
caught_up=$(date +%s.%N)
read_cycles=$(curl -sf "http://127.0.0.1:8058/metrics" | awk '/^ml_exporter_rows_processed_total\{kind="predictions"/ {print $2}')
echo "history read: $read_cycles predictions, vintages published $(awk -v a="$started" -v b="$caught_up" 'BEGIN {printf "%.1f", b - a}') s after the exporter was started (start-up included)"
echo "cycle that published them: $(metric 'ml_exporter_cycle_duration_seconds{service="metrics-exporter"}') s"
echo "cohorts published: $(curl -sf "http://127.0.0.1:8058/metrics" | grep -c '^ml_vintage_applications{')"
echo "longest of $cycles further cycles over the whole store: $(longest_of_next_cycles "$cycles") s"
echo "exporter heap used after a full GC: $(heap_after_full_gc "$pid") (limit -Xmx512m)"
