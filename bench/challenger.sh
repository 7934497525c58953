#!/usr/bin/env bash
# What a shadow challenger costs: inference-service without one, then with INFERENCE_CHALLENGER_PATH
# (a copy of the bundled model under another version: the same size of model, so the same scoring
# cost as a real challenger of its kind), each measured with wrk on 127.0.0.1 after a warm-up, as
# bench/reasons.sh measures: single predictions cycling through 1,000 generated applications, and
# 1000-application batches; metrics, JSON logs, durable capture into SQLite and reasons for declines
# all on. Usage: bench/challenger.sh [seconds per measurement, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=5058
. bench/http.sh
java -jar credit-model-cli/target/credit-model.jar generate --rows 1100 --seed 7 --out "$work/apps.csv" >/dev/null
python3 bench/csv-to-json.py "$work/apps.csv" "$work/single.json" "$work/batch.json" 1000 "$work/singles.jsonl"
mkdir "$work/challenger"
cp models/default/* "$work/challenger/"
sed -i 's/"model_version" : "1.0.0"/"model_version" : "1.1.0-challenger"/' "$work/challenger/model-card.json"

echo "inference-service, 2 wrk threads, 16 connections, $seconds s per measurement after a warm-up of as long"
printf '%-12s %14s %12s %20s\n' challenger "single req/s" "single p99" "batch-1000 rows/s"
measure_variant none INFERENCE_CHALLENGER_PATH=
measure_variant shadow INFERENCE_CHALLENGER_PATH="$work/challenger"
awk -v none="$(cat "$work/none.rate")" -v shadow="$(cat "$work/shadow.rate")" \
    -v noneBatch="$(cat "$work/none.batch-rate")" -v shadowBatch="$(cat "$work/shadow.batch-rate")" \
    'BEGIN {printf "with a challenger / without: single %.2f, batch-1000 %.2f\n", shadow / none, shadowBatch / noneBatch}'
