# Sourced by the HTTP benchmarks (inference.sh, reasons.sh): the built jars, a scratch folder that
# goes away with the script, and waiting for a service to answer.
[ -f inference-service/target/inference-service.jar ] && [ -f credit-model-cli/target/credit-model.jar ] || ./mvnw -B -ntp -q package -DskipTests
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

await() {  # url
    for _ in $(seq 1 60); do
        curl -sf "$1" >/dev/null && return 0
        sleep 1
    done
    echo "not ready: $1"; exit 1
}

measure_run() {  # name, wrk script, environment assignment, url: requests/s of one wrk run (non-2xx fails)
    local name=$1 script=$2 env=$3 url=$4
    env "$env" wrk -t2 -c16 -d"${seconds}s" --latency -s "$script" "$url" > "$work/$name.txt"
    grep -q "Non-2xx" "$work/$name.txt" && { echo "$name: non-2xx responses"; cat "$work/$name.txt"; exit 1; }
    awk '/Requests\/sec/ {print $2}' "$work/$name.txt"
}

measure_variant() {  # name, then VAR=value settings of the service: one row of single req/s, p99 and batch rows/s
    local name=$1
    shift
    env "$@" SERVICE_PORT=$port SPRING_DATASOURCE_URL="jdbc:sqlite:$work/$name.db?journal_mode=WAL&busy_timeout=10000" \
        INFERENCE_CAPTURE_JOURNAL_DIRECTORY="$work/$name-journal" \
        java -jar inference-service/target/inference-service.jar >"$work/$name.log" 2>&1 &
    pid=$!
    await "http://127.0.0.1:$port/health"
    local url="http://127.0.0.1:$port/predict" single p99 batch
    measure_run "$name-warmup-single" bench/post-json-rotating.lua "BODIES=$work/singles.jsonl" "$url" >/dev/null
    measure_run "$name-warmup-batch" bench/post-json.lua "BODY=$work/batch.json" "$url" >/dev/null
    single=$(measure_run "$name-single" bench/post-json-rotating.lua "BODIES=$work/singles.jsonl" "$url")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$name-single.txt")
    batch=$(measure_run "$name-batch" bench/post-json.lua "BODY=$work/batch.json" "$url")
    printf '%-12s %14s %12s %20.0f\n' "$name" "$single" "$p99" "$(awk -v r="$batch" 'BEGIN {print r * 1000}')"
    echo "$single" > "$work/$name.rate"
    echo "$batch" > "$work/$name.batch-rate"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}
