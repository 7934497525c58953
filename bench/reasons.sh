#!/usr/bin/env bash
# The cost of adverse-action reasons over HTTP: inference-service with INFERENCE_REASONS=none,
# declined (the default) and all, each measured with wrk on 127.0.0.1 after a warm-up: single
# predictions cycling through 1,000 generated applications (so the decline rate is the data's own),
# and 1000-application batches. Everything else as bench/inference.sh runs it (metrics, JSON logs,
# capture into SQLite). Usage: bench/reasons.sh [seconds per measurement, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=5057
. bench/http.sh
java -jar credit-model-cli/target/credit-model.jar generate --rows 1100 --seed 7 --out "$work/apps.csv" >/dev/null
python3 bench/csv-to-json.py "$work/apps.csv" "$work/single.json" "$work/batch.json" 1000 "$work/singles.jsonl"

run() {  # name, wrk script, environment assignment, url
    local name=$1 script=$2 env=$3 url=$4
    env "$env" wrk -t2 -c16 -d"${seconds}s" --latency -s "$script" "$url" > "$work/$name.txt"
    grep -q "Non-2xx" "$work/$name.txt" && { echo "$name: non-2xx responses"; cat "$work/$name.txt"; exit 1; }
    awk '/Requests\/sec/ {print $2}' "$work/$name.txt"
}

echo "inference-service, 2 wrk threads, 16 connections, $seconds s per measurement after a warm-up of as long"
printf '%-9s %14s %12s %20s\n' reasons "single req/s" "single p99" "batch-1000 rows/s"
for mode in none declined all; do
    SERVICE_PORT=$port INFERENCE_REASONS=$mode \
        SPRING_DATASOURCE_URL="jdbc:sqlite:$work/$mode.db?journal_mode=WAL&busy_timeout=10000" \
        INFERENCE_CAPTURE_JOURNAL_DIRECTORY="$work/$mode-journal" \
        java -jar inference-service/target/inference-service.jar >"$work/$mode.log" 2>&1 &
    pid=$!
    await "http://127.0.0.1:$port/health"
    url="http://127.0.0.1:$port/predict"
    run "$mode-warmup-single" bench/post-json-rotating.lua "BODIES=$work/singles.jsonl" "$url" >/dev/null
    run "$mode-warmup-batch" bench/post-json.lua "BODY=$work/batch.json" "$url" >/dev/null
    single=$(run "$mode-single" bench/post-json-rotating.lua "BODIES=$work/singles.jsonl" "$url")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$mode-single.txt")
    batch=$(run "$mode-batch" bench/post-json.lua "BODY=$work/batch.json" "$url")
    printf '%-9s %14s %12s %20.0f\n' "$mode" "$single" "$p99" "$(awk -v r="$batch" 'BEGIN {print r * 1000}')"
    echo "$single" > "$work/$mode.rate"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
awk -v none="$(cat "$work/none.rate")" -v declined="$(cat "$work/declined.rate")" -v all="$(cat "$work/all.rate")" \
    'BEGIN {printf "single, declined/none = %.2f, all/none = %.2f\n", declined / none, all / none}'
