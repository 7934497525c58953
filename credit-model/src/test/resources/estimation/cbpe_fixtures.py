"""Independent values for CbpeFixtureTests: NannyML's CBPE formulas written with numpy and scipy.

Source: NannyML (github.com/NannyML/nannyml, Apache-2.0), read, not copied:
  nannyml/calibration.py                                  ECE over equal-count bins (_get_bin_index_edges,
                                                          _calculate_expected_calibration_error)
  nannyml/performance_estimation/confidence_based/metrics.py
                                                          estimate_roc_auc, estimate_accuracy, estimate_precision,
                                                          estimate_recall, estimate_f1
  nannyml/sampling_error/binary_classification.py        *_sampling_error_components, _universal_sampling_error
Isotonic regression: scipy.optimize.isotonic_regression (pool-adjacent-violators) on the
tie-pooled means, weighted by their counts, with scikit-learn's knots (first and last score of
each block) and np.interp between them, as sklearn.isotonic.IsotonicRegression(out_of_bounds="clip").

NannyML is not installable here (no PyPI); numpy and scipy are. Run from this directory:
    python3 cbpe_fixtures.py   # writes cbpe-fixtures.json
"""
import json

import numpy as np
from scipy.optimize import isotonic_regression

rng = np.random.default_rng(2025)
THRESHOLD = 0.3


def isotonic_map(scores, labels):
    values, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    means = np.bincount(inverse, weights=labels) / counts
    fitted = isotonic_regression(means, weights=counts.astype(float), increasing=True).x
    knots_x, knots_y = [], []
    start = 0
    for end in range(1, len(values) + 1):
        if end == len(values) or fitted[end] != fitted[start]:
            knots_x.append(values[start])
            knots_y.append(fitted[start])
            if end - 1 > start:
                knots_x.append(values[end - 1])
                knots_y.append(fitted[start])
            start = end
    return np.array(knots_x), np.array(knots_y)


def ece(probabilities, labels, bins=10):
    n = len(probabilities)
    if n <= 2 * bins:
        bins = n // 2
    width = n // bins
    edges = list(range(0, n + 1, width))[: bins + 1]
    edges[-1] = n
    order = np.argsort(probabilities, kind="stable")
    p, y = probabilities[order], labels[order]
    return float(sum((r - l) / n * abs(p[l:r].mean() - y[l:r].mean()) for l, r in zip(edges[:-1], edges[1:])))


def expected_auc(served, pd):
    """NannyML's estimate_roc_auc, its cumulative sums taken at distinct served values (ties one step)."""
    order = np.argsort(served, kind="stable")[::-1]
    s, c = served[order], pd[order]
    last_of_value = np.r_[np.diff(s) != 0, True]
    tps = np.r_[0, np.cumsum(c)[last_of_value]]
    fps = np.r_[0, np.cumsum(1 - c)[last_of_value]]
    return float(np.trapezoid(tps / tps[-1], fps / fps[-1]))


def expected_metrics(served, pd, threshold):
    predicted = served >= threshold
    tp, fp = pd[predicted].sum(), (1 - pd[predicted]).sum()
    fn, tn = pd[~predicted].sum(), (1 - pd[~predicted]).sum()
    return {
        "auc_roc": expected_auc(served, pd),
        "accuracy": float((tp + tn) / len(served)),
        "precision": float(tp / (tp + fp)),
        "recall": float(tp / (tp + fn)),
        "f1": float(tp / (tp + 0.5 * (fp + fn))),
        "default_rate": float(pd.mean()),
    }


def sampling_components(scores, labels, threshold):
    predicted = (scores >= threshold).astype(int)
    order = np.argsort(scores, kind="stable")
    y = labels[order]
    negatives_below = np.cumsum(1 - y)[y == 1]  # no ties in these scores: rank order is exact
    auc_std = np.std(negatives_below / (len(y) - y.sum()))
    tp = (predicted == 1) & (labels == 1)
    fp = (predicted == 1) & (labels == 0)
    fn = (predicted == 0) & (labels == 1)
    relevant = tp.sum() + fp.sum() + fn.sum()
    factor = relevant / (0.5 * (fn.sum() + fp.sum()) + tp.sum())
    f1_rows = np.r_[np.ones(tp.sum()), np.zeros(fp.sum() + fn.sum())] * factor
    n = len(labels)
    return {
        "auc_roc": [float(auc_std), float(labels.mean())],
        "accuracy": [float(np.std(predicted == labels)), 1.0],
        "precision": [float(np.std(labels[predicted == 1])), float(predicted.mean())],
        "recall": [float(np.std(predicted[labels == 1])), float(labels.mean())],
        "f1": [float(np.std(f1_rows)), float(relevant / n)],
        "default_rate": [float(np.std(labels)), 1.0],
    }


# hold-out: continuous served scores (no ties), outcomes drawn from a miscalibrated truth
holdout_scores = rng.beta(1.2, 6.0, 3000)
holdout_labels = (rng.random(3000) < np.clip(1.6 * holdout_scores ** 1.2, 0, 1)).astype(int)
knots_x, knots_y = isotonic_map(holdout_scores, holdout_labels)

# windows: served scores rounded to 0.01 (many ties), under another score distribution
window = np.round(rng.beta(1.5, 5.0, 2000), 2)
window_pd = np.interp(window, knots_x, knots_y)

fixtures = {
    "threshold": THRESHOLD,
    "holdout_scores": holdout_scores.tolist(),
    "holdout_labels": holdout_labels.tolist(),
    "isotonic_thresholds": knots_x.tolist(),
    "isotonic_values": knots_y.tolist(),
    "holdout_ece": ece(holdout_scores, holdout_labels),
    "sampling_components": sampling_components(holdout_scores, holdout_labels, THRESHOLD),
    "window_scores": window.tolist(),
    "window_expected": expected_metrics(window, window_pd, THRESHOLD),
}
with open("cbpe-fixtures.json", "w") as out:
    json.dump(fixtures, out, indent=1)
print({k: v for k, v in fixtures.items() if k in ("holdout_ece", "sampling_components", "window_expected")},
      len(knots_x), "knots")
