#!/usr/bin/env bash
# Installs the benchmark's peer from Debian's packages: Flask, gunicorn, Python's XGBoost and
# prometheus_client (see bench/peer/app.py). Run as root; bench/inference.sh uses it when present.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3-flask gunicorn python3-xgboost python3-prometheus-client
