"""Shared by the peer scripts: read label<TAB>url files, print one JSON row of metrics."""
import json

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score, roc_curve


def read(path):
    labels, urls = [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f):
            line = line.rstrip("\n")
            if i == 0 and line.startswith("label"):
                continue
            lab, _, url = line.partition("\t")
            if lab in ("0", "1"):
                labels.append(int(lab))
                urls.append(url)
    return urls, np.array(labels)


def tpr_at(y, s, fpr_max):
    fpr, tpr, _ = roc_curve(y, s)
    return float(tpr[fpr <= fpr_max].max())


def report(model, y, scores, threshold=0.5, **extra):
    s = np.asarray(scores, dtype=float)
    row = {"model": model, "n": int(len(y)), "auc": round(roc_auc_score(y, s), 5),
           "f1": round(f1_score(y, s >= threshold), 5),
           "tpr_at_fpr_1pct": round(tpr_at(y, s, 0.01), 5)}
    row.update(extra)
    print(json.dumps(row), flush=True)
