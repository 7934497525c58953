#!/usr/bin/env bash
# Load test of inference-service with wrk on 127.0.0.1: a no-work endpoint (/health/liveness),
# single predictions, and 1000-application batches, each after a warm-up, in one run; metrics,
# JSON logs (to a file) and the capture into a SQLite store are all on.
# Usage: bench/inference.sh [seconds per measurement, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=5055
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

[ -f inference-service/target/inference-service.jar ] || ./mvnw -B -ntp -q package -DskipTests
java -jar credit-model/target/credit-model.jar generate --rows 1000 --seed 7 --out "$work/apps.csv" >/dev/null
python3 bench/csv-to-json.py "$work/apps.csv" "$work/single.json" "$work/batch.json" 1000

SERVICE_PORT=$port SPRING_DATASOURCE_URL="jdbc:sqlite:$work/predictions.db?journal_mode=WAL&busy_timeout=10000" \
    INFERENCE_CAPTURE_JOURNAL_PATH="$work/capture-journal.db" \
    java -jar inference-service/target/inference-service.jar >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    sleep 1
done

run() {  # name, body file or "", url path, duration
    local name=$1 body=$2 path=$3 duration=$4
    if [ -n "$body" ]; then
        BODY=$body wrk -t2 -c16 -d"${duration}s" --latency -s bench/post-json.lua "http://127.0.0.1:$port$path"
    else
        wrk -t2 -c16 -d"${duration}s" --latency "http://127.0.0.1:$port$path"
    fi > "$work/$name.txt"
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$name.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
    grep -q "Non-2xx" "$work/$name.txt" && { echo "$name: non-2xx responses"; cat "$work/$name.txt"; exit 1; }
    echo "$name requests/s=$rps p50=$p50 p99=$p99"
}

echo "warm-up ($seconds s each)"
run warmup-liveness "" /health/liveness "$seconds" >/dev/null
run warmup-single "$work/single.json" /predict "$seconds" >/dev/null
run warmup-batch "$work/batch.json" /predict "$seconds" >/dev/null
echo "measurement: 2 wrk threads, 16 connections, $seconds s each"
run liveness "" /health/liveness "$seconds"
run single "$work/single.json" /predict "$seconds"
run batch-1000 "$work/batch.json" /predict "$seconds"
awk '/Requests\/sec/ {printf "batch-1000 rows/s=%.0f\n", $2 * 1000}' "$work/batch-1000.txt"
echo "log lines written: $(wc -l <"$work/service.log")"
sleep 5
curl -sf "http://127.0.0.1:$port/metrics" | awk '/^ml_capture_(queued|written|dropped)_total/ {printf "%s=%.0f ", $1, $2} END {print ""}'
