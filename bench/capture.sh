#!/usr/bin/env bash
# Capture under saturating load (durable policy): 1000-application batches from 8 clients for the
# given seconds against the built inference-service, once on a SQLite store and once on the
# PostgreSQL at $POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/test, user postgres; a
# schema of its own, dropped after); prints what the journal made durable per second, the mean
# wait for its flush, and how fast the store writer drained the backlog (bench/CaptureLoad.java).
# Usage: bench/capture.sh [seconds, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=5057
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
postgres=${POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test}
schema=capture_bench_$$

[ -f inference-service/target/inference-service.jar ] && [ -f credit-model-cli/target/credit-model.jar ] || ./mvnw -B -ntp -q package -DskipTests
java -jar credit-model-cli/target/credit-model.jar generate --rows 1100 --seed 7 --out "$work/apps.csv" >/dev/null
python3 bench/csv-to-json.py "$work/apps.csv" "$work/single.json" "$work/batch.json" 1000

await() {
    for _ in $(seq 1 60); do
        curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0
        sleep 1
    done
    echo "not ready"; exit 1
}

run() {  # name, store url
    echo "== $1"
    SERVICE_PORT=$port SPRING_DATASOURCE_URL="$2" SPRING_DATASOURCE_USERNAME=postgres \
        INFERENCE_CAPTURE_JOURNAL_DIRECTORY="$work/journal-$1" \
        java -jar inference-service/target/inference-service.jar >"$work/service-$1.log" 2>&1 &
    pid=$!
    await
    java bench/CaptureLoad.java "http://127.0.0.1:$port" "$work/batch.json" 8 5 >/dev/null
    java bench/CaptureLoad.java "http://127.0.0.1:$port" "$work/batch.json" 8 "$seconds"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

run sqlite "jdbc:sqlite:$work/predictions.db?journal_mode=WAL&busy_timeout=10000"
if psql -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $schema" >/dev/null 2>&1; then
    run postgresql "$postgres?currentSchema=$schema"
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
else
    echo "no PostgreSQL at $postgres: SQLite only"
fi
