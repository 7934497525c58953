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
