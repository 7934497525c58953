#!/usr/bin/env python3
"""Trains the small XGBoost models the Java evaluator is held to, with Python's own XGBoost.

Run with Debian's python3-xgboost (1.7), from this folder:  python3 make-fixtures.py
Writes binary-logistic.json and softprob-2.json (Booster.save_model), binary-logistic.ubj (the
same booster in XGBoost's UBJSON form), mlflow-model/ (the same booster as an MLflow model
directory, see ../../../../../examples/xgboost-python/mlflow_layout.py), and predictions.csv: the
evaluation rows (empty = missing, as NaN in XGBoost) with each model's probability of class 1.
The data is a seeded stand-in with the ten features in the service's order; only the models'
arithmetic matters here, not their quality.
"""
import os
import sys

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../../examples/xgboost-python"))
from mlflow_layout import write_mlflow_model  # noqa: E402

FEATURES = ["RevolvingUtilizationOfUnsecuredLines", "age", "NumberOfTime30-59DaysPastDueNotWorse", "DebtRatio",
            "MonthlyIncome", "NumberOfOpenCreditLinesAndLoans", "NumberOfTimes90DaysLate",
            "NumberRealEstateLoansOrLines", "NumberOfTime60-89DaysPastDueNotWorse", "NumberOfDependents"]


def rows(random, n):
    x = np.column_stack([
        random.beta(0.6, 1.5, n) * 1.2,
        random.integers(21, 90, n).astype(float),
        random.poisson(0.3, n).astype(float),
        random.lognormal(-1.0, 1.0, n),
        random.lognormal(8.5, 0.6, n),
        random.poisson(8, n).astype(float),
        random.poisson(0.2, n).astype(float),
        random.poisson(1, n).astype(float),
        random.poisson(0.15, n).astype(float),
        random.poisson(0.8, n).astype(float),
    ])
    x[random.random(n) < 0.2, 4] = np.nan     # income missing for a fifth, as in the real data
    x[random.random(n) < 0.03, 9] = np.nan    # dependents missing sometimes
    x[random.random(n) < 0.02, 3] = np.nan    # and a column that is never missing in training below
    return x


def main():
    random = np.random.default_rng(20261125)
    train = rows(random, 4000)
    train[:, 3] = np.nan_to_num(train[:, 3], nan=0.3)
    logit = -3 + 2.5 * train[:, 0] + 0.8 * train[:, 2] + 1.2 * train[:, 6] - 0.02 * (train[:, 1] - 50)
    label = (random.random(len(train)) < 1 / (1 + np.exp(-logit))).astype(int)
    data = xgb.DMatrix(train, label=label, feature_names=FEATURES, missing=np.nan)
    common = {"tree_method": "hist", "max_depth": 4, "eta": 0.3, "seed": 7, "min_child_weight": 5}

    binary = xgb.train({**common, "objective": "binary:logistic", "base_score": 0.3}, data, num_boost_round=25)
    binary.save_model("binary-logistic.json")
    binary.save_model("binary-logistic.ubj")
    write_mlflow_model(binary, "mlflow-model", FEATURES, run_id="0f3c2a9be6d04c1f9a7e5b21c8d4e6f0",
                       model_uuid="5b1e9c7d2f8a4e3b9c6d1a0f7e2b4c8d", created="2026-11-25 12:00:00.000000")
    softprob = xgb.train({**common, "objective": "multi:softprob", "num_class": 2}, data, num_boost_round=25)
    softprob.save_model("softprob-2.json")

    evaluation = rows(random, 300)
    matrix = xgb.DMatrix(evaluation, feature_names=FEATURES, missing=np.nan)
    p_binary = binary.predict(matrix)
    p_softprob = softprob.predict(matrix)[:, 1]
    with open("predictions.csv", "w") as out:
        out.write(",".join(FEATURES + ["binary_logistic", "softprob_2"]) + "\n")
        for row, a, b in zip(evaluation, p_binary, p_softprob):
            cells = ["" if np.isnan(v) else repr(float(v)) for v in row]
            out.write(",".join(cells + [repr(float(a)), repr(float(b))]) + "\n")


if __name__ == "__main__":
    main()
