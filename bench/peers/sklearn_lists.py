#!/usr/bin/python3
"""The scikit-learn peer (sklearn_peer.py's model) trained once, then the share of each URL list it
flags at 0.5: the peers' column of issue 17's blind checks (models/MODEL.md).
Usage: sklearn_lists.py TRAIN LIST... (one URL per line, '#' comments)"""
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from peer_metrics import read


def main():
    tr_u, tr_y = read(sys.argv[1])
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 5), sublinear_tf=True, min_df=2,
                          max_features=2_000_000, lowercase=True)
    clf = LogisticRegression(C=10.0, max_iter=2000, solver="liblinear")
    clf.fit(vec.fit_transform(tr_u), tr_y)
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            urls = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        s = clf.predict_proba(vec.transform(urls))[:, 1]
        flagged = int((s >= 0.5).sum())
        print(f"{path}: flagged {flagged} of {len(urls)} ({flagged / len(urls):.4f})")


if __name__ == "__main__":
    main()
