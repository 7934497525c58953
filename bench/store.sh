#!/usr/bin/env bash
# Scale benchmark of capture and monitoring on one store (sqlite or postgres):
#  1. fill the store with ROWS generated predictions;
#  2. start metrics-exporter with a 512 MB heap and time its first cycle on the full store;
#  3. start inference-service on the same store and send RATE predictions/s (batches of 100,
#     paced over 8 connections) for SECONDS; check that every prediction was captured, none dropped;
#  4. report the longest exporter cycle meanwhile (cycles every 10 s), and the exporter's heap.
# Usage: bench/store.sh [sqlite|postgres] [ROWS, default 1000000] [SECONDS, default 20] [RATE, default 6000]
# postgres uses the server at 127.0.0.1:5432 (database test, user postgres) in a fresh schema.
set -euo pipefail
cd "$(dirname "$0")/.."
dialect=${1:-sqlite}
rows=${2:-1000000}
seconds=${3:-20}
rate=${4:-6000}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ "$dialect" = postgres ]; then psql -q -h 127.0.0.1 -U postgres test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

[ -f metrics-exporter/target/metrics-exporter.jar ] && [ -f credit-model-cli/target/credit-model.jar ] || ./mvnw -B -ntp -q package -DskipTests
classpath="prediction-store/target/classes:credit-model/target/classes:$(./mvnw -B -ntp -q -pl prediction-store dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"

case "$dialect" in
    sqlite) url="jdbc:sqlite:$work/predictions.db?journal_mode=WAL&busy_timeout=10000"; user="" ;;
    postgres)
        schema="creditwatch_bench_$$"
        psql -q -h 127.0.0.1 -U postgres test -c "CREATE SCHEMA $schema"
        url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema&reWriteBatchedInserts=true"; user=postgres ;;
    *) echo "usage: bench/store.sh [sqlite|postgres] [rows] [seconds]" >&2; exit 2 ;;
esac

metric() {  # port, series (with labels): prints the value
    curl -sf "http://127.0.0.1:$1/metrics" | awk -v s="$2" 'index($0, s" ") == 1 {print $2}'
}
wait_for() {  # port
    for _ in $(seq 1 90); do curl -sf "http://127.0.0.1:$1/health/liveness" >/dev/null && return; sleep 1; done
    echo "service on port $1 did not start" >&2; exit 1
}

java -cp "$classpath" bench/StoreFill.java "$url" "$user" "$rows"

SPRING_DATASOURCE_URL="$url" SPRING_DATASOURCE_USERNAME="$user" EXPORTER_PORT=8056 MODEL_PATH=models/default \
    EXPORTER_CYCLE_INTERVAL=10s java -Xmx512m -jar metrics-exporter/target/metrics-exporter.jar >"$work/exporter.log" 2>&1 &
pids+=($!)
wait_for 8056
sleep 3
echo "exporter first cycle on a store of $rows predictions: $(metric 8056 'ml_exporter_cycle_duration_seconds{service="metrics-exporter"}') s"

SPRING_DATASOURCE_URL="$url" SPRING_DATASOURCE_USERNAME="$user" SERVICE_PORT=5056 MODEL_PATH=models/default \
    INFERENCE_CAPTURE_JOURNAL_DIRECTORY="$work/capture-journal" \
    java -jar inference-service/target/inference-service.jar >"$work/inference.log" 2>&1 &
pids+=($!)
wait_for 5056
java -jar credit-model-cli/target/credit-model.jar generate --rows 100 --seed 7 --out "$work/apps.csv" >/dev/null
python3 bench/csv-to-json.py "$work/apps.csv" "$work/single.json" "$work/batch.json" 100
longest=0
watch_cycles() {
    while sleep 1; do
        current=$(metric 8056 'ml_exporter_cycle_duration_seconds{service="metrics-exporter"}')
        longest=$(awk -v a="$longest" -v b="$current" 'BEGIN {print (b > a) ? b : a}')
        echo "$longest" >"$work/longest"
    done
}
watch_cycles &
pids+=($!)
BODY="$work/batch.json" DELAY_MS=$((8 * 100 * 1000 / rate)) \
    wrk -t2 -c8 -d"${seconds}s" -s bench/post-json-paced.lua http://127.0.0.1:5056/predict >"$work/wrk.txt"
grep -q "Non-2xx" "$work/wrk.txt" && { echo "non-2xx responses"; cat "$work/wrk.txt"; exit 1; }
echo "predictions: $(awk '/Requests\/sec/ {printf "%.0f", $2 * 100}' "$work/wrk.txt")/s for $seconds s (batches of 100)"
sleep 12
queued=$(metric 5056 'ml_capture_queued_total{service="ml-inference"}')
written=$(metric 5056 'ml_capture_written_total{service="ml-inference"}')
dropped=$(metric 5056 'ml_capture_dropped_total{service="ml-inference"}')
echo "capture: queued=$queued written=$written dropped=$dropped"
echo "longest exporter cycle during the run: $(cat "$work/longest") s (read $(metric 8056 'ml_exporter_rows_processed_total{kind="predictions",service="metrics-exporter"}') rows in all)"
pid=${pids[0]}
jcmd "$pid" GC.run >/dev/null
echo "exporter heap used after a full GC: $(jcmd "$pid" GC.heap_info | awk '/garbage-first heap/ {print $6}') (limit -Xmx512m, never exceeded: no OutOfMemoryError in $(grep -c OutOfMemoryError "$work/exporter.log" || true) log lines)"
