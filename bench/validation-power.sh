#!/usr/bin/env bash
# Power and false-alarm rate of the credit-risk validation alerts on generated data, by window size.
# Usage: bench/validation-power.sh [SEEDS, default 200] [SIZES, default 500,1000,2000,5000,10000]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f credit-model-cli/target/credit-model.jar ] || ./mvnw -B -ntp -q -pl credit-model-cli -am package -DskipTests
java -cp "credit-model-cli/target/credit-model.jar:credit-model-cli/target/lib/*" bench/ValidationPower.java models/default \
    "${1:-200}" "${2:-500,1000,2000,5000,10000}"
