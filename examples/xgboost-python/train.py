#!/usr/bin/env python3
"""Trains a credit model with Python's XGBoost, as a data scientist would, and saves it in every form
`credit-model import` reads: model.json and model.ubj (Booster.save_model) and mlflow-model/ (an
MLflow model directory of the xgboost flavour, see mlflow_layout.py).

    python3 train.py --train train.csv --out DIR [--rounds 100] [--seed 7]
                     [--predict applications.csv --predictions probabilities.csv]

The CSVs are in the Kaggle "Give Me Some Credit" layout (what `credit-model generate` writes).
With --predict, the model's probability of default for every row of that file is written, one per
line with Python's full precision: what the service must answer for the same application.
Needs only numpy and xgboost (Debian: python3-xgboost).
"""
import argparse
import csv
import os

import numpy as np
import xgboost as xgb

from mlflow_layout import write_mlflow_model

FEATURES = ["RevolvingUtilizationOfUnsecuredLines", "age", "NumberOfTime30-59DaysPastDueNotWorse", "DebtRatio",
            "MonthlyIncome", "NumberOfOpenCreditLinesAndLoans", "NumberOfTimes90DaysLate",
            "NumberRealEstateLoansOrLines", "NumberOfTime60-89DaysPastDueNotWorse", "NumberOfDependents"]
LABEL = "SeriousDlqin2yrs"


def read(path):
    """The feature matrix (NaN for NA or empty) and the labels (NaN where absent) of a CSV."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    columns = [header.index(name) for name in FEATURES]
    label = header.index(LABEL) if LABEL in header else None

    def number(cell):
        return np.nan if cell in ("", "NA") else float(cell)

    x = np.array([[number(row[c]) for c in columns] for row in rows[1:]], dtype=np.float64)
    y = np.array([number(row[label]) if label is not None else np.nan for row in rows[1:]])
    return x, y


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--predict")
    parser.add_argument("--predictions")
    args = parser.parse_args()

    x, y = read(args.train)
    train = xgb.DMatrix(x, label=y, feature_names=FEATURES, missing=np.nan)
    parameters = {"objective": "binary:logistic", "tree_method": "hist", "eta": 0.1, "max_depth": 5,
                  "min_child_weight": 10, "subsample": 0.8, "colsample_bytree": 0.8, "eval_metric": "auc",
                  "seed": args.seed, "nthread": 2}
    booster = xgb.train(parameters, train, num_boost_round=args.rounds)

    os.makedirs(args.out, exist_ok=True)
    booster.save_model(os.path.join(args.out, "model.json"))
    booster.save_model(os.path.join(args.out, "model.ubj"))
    write_mlflow_model(booster, os.path.join(args.out, "mlflow-model"), FEATURES, model_format="json",
                       run_id="8d2f61c04b9e4a7fa3c5e19b0d7f2a64", model_uuid="c41e7a92d5b84f06b1e3a8d7c2f95e10",
                       created="2026-11-25 12:00:00.000000")
    print("trained %d rounds on %d rows, saved to %s" % (args.rounds, len(y), args.out))

    if args.predict:
        applications, _ = read(args.predict)
        probabilities = booster.predict(xgb.DMatrix(applications, feature_names=FEATURES, missing=np.nan))
        with open(args.predictions, "w") as out:
            for p in probabilities:
                out.write(repr(float(p)) + "\n")
        print("wrote %d probabilities to %s" % (len(probabilities), args.predictions))


if __name__ == "__main__":
    main()
