#!/usr/bin/env bash
# Load test of inference-service with wrk on 127.0.0.1, against its peer in the same run: a no-work
# endpoint (/health/liveness), single predictions, and 1000-application batches, each after a
# warm-up. Ours runs with metrics, JSON logs (to a file) and the capture into a SQLite store all
# on; then the peer (bench/peer/app.py: Flask + gunicorn, 2 workers, Python's XGBoost on the same
# model.json, prometheus_client metrics, a JSON log line per request) takes the same load. Only
# one of the two runs at a time, so each has both cores (shared with wrk). Each of our measurements
# starts once the capture has forwarded the warm-up's predictions to the store, so that draining one
# load's backlog into SQLite does not share the machine with the next measurement.
# Usage: bench/inference.sh [seconds per measurement, default 20]   (the peer: bench/peer/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=5055
peer_port=5056
. bench/http.sh
java -jar credit-model-cli/target/credit-model.jar generate --rows 1100 --seed 7 --out "$work/apps.csv" >/dev/null
python3 bench/csv-to-json.py "$work/apps.csv" "$work/single.json" "$work/batch.json" 1000

run() {  # name, body file or "", url
    local name=$1 body=$2 url=$3
    if [ -n "$body" ]; then
        BODY=$body wrk -t2 -c16 -d"${seconds}s" --latency -s bench/post-json.lua "$url"
    else
        wrk -t2 -c16 -d"${seconds}s" --latency "$url"
    fi > "$work/$name.txt"
    grep -q "Non-2xx" "$work/$name.txt" && { echo "$name: non-2xx responses"; cat "$work/$name.txt"; exit 1; }
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$name.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
    echo "$name requests/s=$rps p50=$p50 p99=$p99"
}

rate() {  # name: requests per second of a finished measurement
    awk '/Requests\/sec/ {print $2}' "$work/$1.txt"
}

settle() {  # base url: for ours, wait until the capture has forwarded its journal to the store
    local url=$1 waited=0 backlog
    backlog() { curl -sf "$url/metrics" | awk '/^ml_capture_journal_backlog/ {print $2 + 0}'; }
    [ -n "$(backlog)" ] || return 0
    while [ "$(backlog)" != 0 ]; do
        sleep 1
        waited=$((waited + 1))
        [ "$waited" -lt 600 ] || { echo "capture backlog not drained in 600 s"; exit 1; }
    done
    echo "capture drained to the store ${waited} s before the measurement"
}

measure() {  # prefix, base url; warm-ups, then the measurements, each once the capture has drained
    local prefix=$1 url=$2
    run "$prefix-warmup-single" "$work/single.json" "$url/predict" >/dev/null
    run "$prefix-warmup-batch" "$work/batch.json" "$url/predict" >/dev/null
    settle "$url"
    run "$prefix-single" "$work/single.json" "$url/predict"
    settle "$url"
    run "$prefix-batch-1000" "$work/batch.json" "$url/predict"
    awk -v name="$prefix-batch-1000" '/Requests\/sec/ {printf "%s rows/s=%.0f\n", name, $2 * 1000}' "$work/$prefix-batch-1000.txt"
}

echo "inference-service: 2 wrk threads, 16 connections, $seconds s per measurement after a warm-up of as long"
SERVICE_PORT=$port SPRING_DATASOURCE_URL="jdbc:sqlite:$work/predictions.db?journal_mode=WAL&busy_timeout=10000" \
    INFERENCE_CAPTURE_JOURNAL_DIRECTORY="$work/capture-journal" \
    java -jar inference-service/target/inference-service.jar >"$work/service.log" 2>&1 &
pid=$!
await "http://127.0.0.1:$port/health"
run ours-warmup-liveness "" "http://127.0.0.1:$port/health/liveness" >/dev/null
run ours-liveness "" "http://127.0.0.1:$port/health/liveness"
measure ours "http://127.0.0.1:$port"
echo "log lines written: $(wc -l <"$work/service.log")"
sleep 5
curl -sf "http://127.0.0.1:$port/metrics" | awk '/^ml_capture_(queued|written|dropped)_total/ {printf "%s=%.0f ", $1, $2} END {print ""}'
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

if ! /usr/bin/python3 -c "import flask, xgboost, prometheus_client" 2>/dev/null || ! command -v gunicorn >/dev/null; then
    echo "peer not installed (bench/peer/setup.sh): no comparison"
    exit 0
fi
echo "peer (Flask + gunicorn, 2 workers, Python XGBoost $(/usr/bin/python3 -c 'import xgboost; print(xgboost.__version__)')): same load"
MODEL_JSON="$PWD/models/default/model.json" gunicorn -w 2 -b "127.0.0.1:$peer_port" --chdir bench/peer \
    --log-level warning app:app >"$work/peer.log" 2>&1 &
pid=$!
await "http://127.0.0.1:$peer_port/health"
measure peer "http://127.0.0.1:$peer_port"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
awk -v ours="$(rate ours-single)" -v peer="$(rate peer-single)" 'BEGIN {printf "single: ours/peer = %.2f\n", ours / peer}'
awk -v ours="$(rate ours-batch-1000)" -v peer="$(rate peer-batch-1000)" 'BEGIN {printf "batch-1000: ours/peer = %.2f\n", ours / peer}'
