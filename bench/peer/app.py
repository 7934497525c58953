"""The peer the inference benchmark compares against: the specification's own stack done well.

Flask under gunicorn (2 sync workers, one per core), Python's XGBoost predicting with the very
booster our bundle holds (model.json), prometheus_client metrics (requests, latency, predictions
per class) and one JSON log line per request, as the specification's service has. Predictions use
inplace_predict on a numpy array (no DMatrix), the fastest path XGBoost offers.

    MODEL_JSON=models/default/model.json gunicorn -w 2 -b 127.0.0.1:5056 --chdir bench/peer app:app
"""
import json
import logging
import math
import os
import sys
import time
import uuid

import numpy as np
import xgboost as xgb
from flask import Flask, Response, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

FEATURES = ["RevolvingUtilizationOfUnsecuredLines", "age", "NumberOfTime30-59DaysPastDueNotWorse", "DebtRatio",
            "MonthlyIncome", "NumberOfOpenCreditLinesAndLoans", "NumberOfTimes90DaysLate",
            "NumberRealEstateLoansOrLines", "NumberOfTime60-89DaysPastDueNotWorse", "NumberOfDependents"]

MODEL_JSON = os.environ.get("MODEL_JSON", "models/default/model.json")
booster = xgb.Booster()
booster.load_model(MODEL_JSON)
with open(os.path.join(os.path.dirname(MODEL_JSON), "model-card.json")) as card:
    MODEL_VERSION = json.load(card)["model_version"]
booster.set_param({"nthread": 1})  # one worker per core already

REQUESTS = Counter("ml_requests_total", "Requests", ["endpoint", "status"])
LATENCY = Histogram("ml_request_duration_seconds", "Latency", ["endpoint"])
PREDICTIONS = Counter("ml_predictions_total", "Predictions per class", ["prediction"])

handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(logging.Formatter("%(message)s"))
log = logging.getLogger("ml-inference")
log.addHandler(handler)
log.setLevel(logging.INFO)

app = Flask(__name__)


# the service's standard scorecard: 600 points at 50:1 good-to-bad odds, 20 points to double them
FACTOR = 20 / math.log(2)
OFFSET = 600 - FACTOR * math.log(50)


@app.post("/predict")
def predict():
    started = time.perf_counter()
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        REQUESTS.labels("/predict", "400").inc()
        return jsonify({"error": "invalid_json"}), 400
    instances = body["instances"] if "instances" in body else [body]
    try:
        rows = np.array([[np.nan if a.get(name) is None else float(a[name]) for name in FEATURES] for a in instances],
                        dtype=np.float32)
    except (TypeError, ValueError, AttributeError):
        REQUESTS.labels("/predict", "400").inc()
        return jsonify({"error": "invalid_input"}), 400
    probabilities = booster.inplace_predict(rows)
    # vectorised: decisions, scores and bands for the whole batch at once, one counter update per class
    predictions = (probabilities >= 0.5).astype(np.int64)
    clipped = np.clip(probabilities.astype(np.float64), 1e-6, 1 - 1e-6)
    scores = np.rint(OFFSET + FACTOR * np.log((1 - clipped) / clipped)).astype(np.int64)
    bands = np.where(probabilities < 0.05, "low", np.where(probabilities < 0.2, "medium", "high"))
    defaults = int(predictions.sum())
    PREDICTIONS.labels("1").inc(defaults)
    PREDICTIONS.labels("0").inc(len(predictions) - defaults)
    answers = [{"prediction_id": str(uuid.uuid4()), "prediction": d, "probability": p, "credit_score": c,
                "risk_band": b}
               for d, p, c, b in zip(predictions.tolist(), probabilities.tolist(), scores.tolist(), bands.tolist())]
    request_id = str(uuid.uuid4())
    answer = {"request_id": request_id, "model_version": MODEL_VERSION}
    if "instances" in body:
        answer["predictions"] = answers
    else:
        answer.update(answers[0])
    elapsed = time.perf_counter() - started
    LATENCY.labels("/predict").observe(elapsed)
    REQUESTS.labels("/predict", "200").inc()
    log.info(json.dumps({"timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "level": "INFO",
                         "service": "ml-inference", "message": "Prediction completed", "request_id": request_id,
                         "latency_ms": round(elapsed * 1000, 3), "predictions": len(answers)}))
    return jsonify(answer)


@app.get("/health")
def health():
    return jsonify({"status": "UP"})


@app.get("/metrics")
def metrics():
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)
