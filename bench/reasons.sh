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

echo "inference-service, 2 wrk threads, 16 connections, $seconds s per measurement after a warm-up of as long"
printf '%-12s %14s %12s %20s\n' reasons "single req/s" "single p99" "batch-1000 rows/s"
for mode in none declined all; do
    measure_variant "$mode" INFERENCE_REASONS=$mode
done
awk -v none="$(cat "$work/none.rate")" -v declined="$(cat "$work/declined.rate")" -v all="$(cat "$work/all.rate")" \
    'BEGIN {printf "single, declined/none = %.2f, all/none = %.2f\n", declined / none, all / none}'
