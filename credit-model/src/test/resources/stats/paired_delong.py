"""Reference values for PairedDeLongTests: DeLong, DeLong & Clarke-Pearson (1988), two correlated
AUCs, computed pair by pair (psi(x, y) = 1, 1/2 or 0 over every defaulter-payer pair) with numpy,
and the normal tail with scipy.stats.norm. Independent of the Java code's sorted searches.
Run: python3 paired_delong.py"""
import numpy as np
from scipy.stats import norm


def components(scores, labels):
    pos = scores[labels == 1]
    neg = scores[labels == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    return psi.mean(axis=1), psi.mean(axis=0), psi.mean()


def paired(a, b, labels):
    v10a, v01a, auc_a = components(a, labels)
    v10b, v01b, auc_b = components(b, labels)
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    m, n = len(v10a), len(v01a)
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n
    se = np.sqrt(var)
    z = (auc_b - auc_a) / se
    return auc_a, auc_b, se, z, 2 * norm.sf(abs(z)), norm.sf(z)


# the deterministic 80 rows of PairedDeLongTests.agreesWithCountingEveryPair (many ties)
rows = 80
i = np.arange(rows)
labels = np.where((i * i * 31 + (i * 37) % 23 * 3) % 10 < 3, 1, 0)
a = ((i * 37) % 23) / 23.0
b = np.where(labels == 1, np.minimum((i * 37) % 23 + 4, 22), (i * 37) % 23) / 23.0
print("rows", rows, "positives", labels.sum())
print("aucA %.17g aucB %.17g se %.17g z %.17g p %.17g pBetter %.17g" % paired(a, b, labels))
