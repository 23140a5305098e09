#!/usr/bin/python3
"""Peer: scikit-learn char 1-5 TF-IDF + logistic regression, trained on the train split.

Usage: sklearn_peer.py TRAIN.tsv EVAL.tsv [OUT_SCORES]
Prints one JSON line with auc, f1 (threshold 0.5), tpr@fpr1% and timings.
"""
import json
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
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


def main():
    tr_u, tr_y = read(sys.argv[1])
    ev_u, ev_y = read(sys.argv[2])
    t0 = time.time()
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 5), sublinear_tf=True,
                          min_df=2, max_features=2_000_000, lowercase=True)
    x = vec.fit_transform(tr_u)
    clf = LogisticRegression(C=10.0, max_iter=2000, solver="liblinear")
    clf.fit(x, tr_y)
    t1 = time.time()
    s = clf.predict_proba(vec.transform(ev_u))[:, 1]
    t2 = time.time()
    if len(sys.argv) > 3:
        np.savetxt(sys.argv[3], s, fmt="%.6f")
    print(json.dumps({"model": "sklearn tfidf char1-5 + LR", "n": len(ev_y),
                      "auc": round(roc_auc_score(ev_y, s), 5),
                      "f1": round(f1_score(ev_y, s >= 0.5), 4),
                      "tpr_at_fpr_1pct": round(tpr_at(ev_y, s, 0.01), 4),
                      "train_s": round(t1 - t0, 1), "predict_urls_per_s": round(len(ev_u) / (t2 - t1))}))


if __name__ == "__main__":
    main()
