"""Cross-validated comparisons of other ways to rank candidates, on the committed labels.

    pip install scikit-learn
    python benchmarks/ranking_experiments.py

Each variant is scored by 5-fold cross-validation grouped by note (the folds of
``deckgen.training``), as ROC AUC of GOOD against the rest, and precision and recall of GOOD at
three thresholds. The baseline is the shipped model's features with an L2-penalised logistic
regression (``C=0.1``, close to the shipped ``L2 = 10``). scikit-learn is needed here only: a
build never imports it.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from deckgen import training
from deckgen.candidates import Candidate, zipf
from deckgen.ranking import features, sentence_view

ROOT = Path(__file__).resolve().parents[1]
SENTENCE_PROBLEMS = {
    "opinion", "leans-on-context", "unattributed-claim", "unsupported-claim", "non-fact-number",
    "garbled-rewrite", "meaningless", "prediction", "vague", "too-long", "leftover-markup",
    "hard-to-understand",
}  # fmt: skip
"""Categories that fault the sentence rather than the span hidden (for the two-stage variant)."""


def matrix(rows: list[dict[str, float]]) -> Any:
    """A sparse matrix of feature dicts, keeping features seen in at least 3 rows."""
    x = DictVectorizer().fit_transform(rows)
    seen = np.asarray((x != 0).sum(0)).ravel()
    return x[:, seen >= 3].tocsr()


def word_class(word: str) -> str:
    """A word as itself when common, else <num> or <rare>: n-grams over what the model can share."""
    low = word.lower()
    if low.isalpha() and zipf(low) >= 4.0:
        return low
    return "<num>" if any(map(str.isdigit, low)) else "<rare>"


def window(c: Candidate) -> str:
    """Four words each side of the span, the span as ANS."""
    token = re.compile(r"[\w'%$.-]+")
    before = [word_class(w) for w in token.findall(c.text[: c.start])][-4:]
    after = [word_class(w) for w in token.findall(c.text[c.end :])][:4]
    return " ".join([*before, "ANS", *after])


def evaluate(name: str, scores: np.ndarray, y: np.ndarray) -> None:
    parts = []
    for t in (0.4, 0.5, 0.6):
        kept = scores >= t
        precision = y[kept].mean() if kept.any() else 0.0
        parts.append(f"t={t}: P {precision:.3f} R {y[kept].sum() / y.sum():.2f}")
    print(f"{name:32} AUC {roc_auc_score(y, scores):.4f}  " + "  ".join(parts))


def cross_validated(
    fit_predict: Callable[[np.ndarray, np.ndarray], np.ndarray], folds: np.ndarray
) -> np.ndarray:
    scores = np.zeros(len(folds))
    for k in range(5):
        train, test = folds != k, folds == k
        scores[test] = fit_predict(train, test)
    return scores


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n")[0]).parse_args()
    folders = [ROOT / "labels"]
    records = training.usable(training.read_labels(folders))
    cands = [Candidate.from_json(r["candidate"]) for r in records]
    y = np.array([str(r["verdict"]).upper() == "GOOD" for r in records], dtype=int)
    verdict = np.array([str(r["verdict"]).upper() for r in records])
    sentence_bad = np.array([r.get("category") in SENTENCE_PROBLEMS for r in records], dtype=int)
    folds = np.array([training._fold_of(r, 5) for r in records])
    x = matrix([features(c) for c in cands])
    xs = matrix([dict(sentence_view(c).features) for c in cands])
    print(f"{len(records)} labels, {x.shape[1]} features, {y.mean():.1%} GOOD")

    def logistic(m: Any, target: np.ndarray = y) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            model = LogisticRegression(C=0.1, max_iter=4000).fit(m[train], target[train])
            return model.predict_proba(m[test])[:, 1]

        return run

    evaluate("logistic (as shipped)", cross_validated(logistic(x), folds), y)

    def trees(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        model = HistGradientBoostingClassifier(
            max_iter=300, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0
        )
        dense = x.toarray()
        return model.fit(dense[train], y[train]).predict_proba(dense[test])[:, 1]

    evaluate("gradient-boosted trees", cross_validated(trees, folds), y)

    def weak_as_partial(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        share = np.where(verdict == "GOOD", 1.0, np.where(verdict == "WEAK", 0.3, 0.0))[train]
        doubled = sp.vstack([x[train], x[train]])
        target = np.concatenate([np.ones(train.sum()), np.zeros(train.sum())])
        model = LogisticRegression(C=0.1, max_iter=4000)
        model.fit(doubled, target, sample_weight=np.concatenate([share, 1 - share]))
        return model.predict_proba(x[test])[:, 1]

    evaluate("WEAK counted as 0.3 GOOD", cross_validated(weak_as_partial, folds), y)

    def two_stage(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        sentence_ok = LogisticRegression(C=0.1, max_iter=4000)
        sentence_ok.fit(xs[train], 1 - sentence_bad[train])
        fine = train & (sentence_bad == 0)
        span_good = LogisticRegression(C=0.1, max_iter=4000).fit(x[fine], y[fine])
        return sentence_ok.predict_proba(xs[test])[:, 1] * span_good.predict_proba(x[test])[:, 1]

    evaluate("sentence model x span model", cross_validated(two_stage, folds), y)
    grams = CountVectorizer(ngram_range=(2, 3), min_df=5, binary=True, token_pattern=r"[^ ]+")
    xw = sp.hstack([x, grams.fit_transform([window(c) for c in cands])]).tocsr()
    evaluate("+ n-grams around the span", cross_validated(logistic(xw), folds), y)


if __name__ == "__main__":
    main()
