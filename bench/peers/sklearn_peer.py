#!/usr/bin/python3
"""Peer: scikit-learn char 1-5 TF-IDF + logistic regression. Usage: sklearn_peer.py TRAIN EVAL"""
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from peer_metrics import read, report


def main():
    tr_u, tr_y = read(sys.argv[1])
    ev_u, ev_y = read(sys.argv[2])
    t0 = time.time()
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 5), sublinear_tf=True, min_df=2,
                          max_features=2_000_000, lowercase=True)
    clf = LogisticRegression(C=10.0, max_iter=2000, solver="liblinear")
    clf.fit(vec.fit_transform(tr_u), tr_y)
    t1 = time.time()
    s = clf.predict_proba(vec.transform(ev_u))[:, 1]
    t2 = time.time()
    report("sklearn tfidf char1-5 + LR", ev_y, s, train_s=round(t1 - t0, 1),
           predict_urls_per_s=round(len(ev_u) / (t2 - t1)))


if __name__ == "__main__":
    main()
