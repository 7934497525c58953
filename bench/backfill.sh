#!/usr/bin/env bash
# Backfill benchmark: generates ROWS dated rows (36 monthly cohorts ending today, seed 42), times
# `credit-model backfill` with the bundled model into a fresh SQLite store (or a fresh PostgreSQL
# schema), then times the same file again: the re-run stores nothing and shows what idempotence costs.
# Usage: bench/backfill.sh [sqlite|postgres] [ROWS, default 1000000]
# postgres uses the server at 127.0.0.1:5432 (database test, user postgres) in a fresh schema.
set -euo pipefail
cd "$(dirname "$0")/.."
dialect=${1:-sqlite}
rows=${2:-1000000}
work=$(mktemp -d)
schema=""
cleanup() {
    if [ -n "$schema" ]; then psql -q -h 127.0.0.1 -U postgres test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

[ -f credit-model-cli/target/credit-model.jar ] || ./mvnw -B -ntp -q -pl credit-model-cli -am package -DskipTests
cli=(java -jar credit-model-cli/target/credit-model.jar)

case "$dialect" in
    sqlite) url="jdbc:sqlite:$work/predictions.db"; user="" ;;
    postgres)
        schema="creditwatch_backfill_$$"
        psql -q -h 127.0.0.1 -U postgres test -c "CREATE SCHEMA $schema"
        url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema"; user=postgres ;;
    *) echo "usage: bench/backfill.sh [sqlite|postgres] [rows]" >&2; exit 2 ;;
esac

echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"${cli[@]}" generate --rows "$rows" --seed 42 --months 36 --today "$(date -u +%F)" --out "$work/history.csv"
echo "file: $(du -h "$work/history.csv" | cut -f1)"
for run in first re-run; do
    echo "== $run"
    started=$(date +%s.%N)
    SPRING_DATASOURCE_USERNAME="$user" "${cli[@]}" backfill --model models/default --data "$work/history.csv" \
        --store "$url" --progress-every 250000 2>"$work/$run.err"
    ended=$(date +%s.%N)
    echo "bad rows reported: $(grep -c '^skipped line' "$work/$run.err" || true)"
    awk -v s="$started" -v e="$ended" -v n="$rows" 'BEGIN {printf "wall time with JVM start: %.1f s (%.0f rows/s)\n", e - s, n / (e - s)}'
done
[ "$dialect" = sqlite ] && echo "store file: $(du -h "$work/predictions.db" | cut -f1)"
