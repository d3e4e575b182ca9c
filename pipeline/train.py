"""Annotations to a trained span classifier and fact scorer, cross-validated by document.

1. The rule pipeline runs once over the training documents; its spans and the suggested
   spans are the candidates, labelled by the gold span with the same boundaries (a rule
   span that overlaps a gold span of its own label keeps that label: its boundary is a
   partial match worth keeping), else ``NONE``.
2. k-fold cross-validation by document gives out-of-fold span decisions; the linker runs on
   them, and its facts, labelled by whether they match a gold fact, train the fact scorer
   (cross-validated the same way), so the fact scorer learns on the spans it will see.
3. The final models are fitted on every training document; the fact threshold is the one
   that maximises out-of-fold fact F1, if it beats keeping every fact in 95% of bootstrap
   resamples of the documents, else 0 (every fact kept).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from pipeline.classify import NONE, Candidate, LinearModel, SpanClassifier, decode, write_decisions
from pipeline.evaluate import evaluate_documents, match_facts
from pipeline.extract import Article, doc_to_document
from pipeline.fact_features import fact_features
from pipeline.link import link
from pipeline.schema import Document, Span

# 0.0 keeps every fact: chosen unless dropping the facts the scorer doubts raises out-of-fold
# fact F1 in nearly every bootstrap resample of the documents (a gain of a fact or two is noise)
FACT_THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
RESAMPLES = 1000
REQUIRED_WIN_SHARE = 0.95


@dataclass
class Prepared:
    """A training document after the rule pipeline: its candidates, features and targets."""

    gold: Document
    doc: Doc
    rule_ents: list[tuple[int, int, str]]
    candidates: list[Candidate]
    features: list[dict[str, float]]
    targets: list[str]


def char_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def candidate_target(doc: Doc, candidate: Candidate, gold: dict[tuple[int, int], str], gold_spans: list[Span]) -> str:
    bounds = char_bounds(doc, candidate.start, candidate.end)
    if bounds in gold:
        return gold[bounds]
    if candidate.rule_label is not None:
        for span in gold_spans:
            if span.label == candidate.rule_label and span.start < bounds[1] and bounds[0] < span.end:
                return span.label
    return NONE


def prepare(nlp_rules: Language, documents: Sequence[Document], classifier: SpanClassifier) -> list[Prepared]:
    prepared = []
    for gold, doc in zip(documents, nlp_rules.pipe(d.text for d in documents)):
        candidates = classifier.candidates(doc)
        by_bounds = {(s.start, s.end): s.label for s in gold.spans}
        targets = [candidate_target(doc, c, by_bounds, list(gold.spans)) for c in candidates]
        rule_ents = [(e.start, e.end, e.label_) for e in doc.ents]
        prepared.append(Prepared(gold, doc, rule_ents, candidates, classifier.featurize(doc, candidates), targets))
    return prepared


def folds(count: int, k: int) -> list[list[int]]:
    """Document indices split into ``k`` interleaved folds (deterministic)."""
    return [list(range(i, count, k)) for i in range(min(k, count))]


def without_rule(features: dict[str, float]) -> dict[str, float]:
    """The features as if no rule had fired on the span."""
    length = next(k for k in features if k.startswith("length=")).split("=")[1]
    kept = {k: v for k, v in features.items() if not k.startswith(("rule=", "rule_length="))}
    return {**kept, "rule=none": 1.0, f"rule_length=none|{length}": 1.0}


def fit_spans(items: Sequence[Prepared], c: float, rule_dropout: bool = False) -> LinearModel:
    """The span model; with ``rule_dropout`` every rule candidate is also seen as if no rule
    had fired, so the model learns what each label looks like on its own words and context.
    Off by default: on train (cross-validated), dev and the seeds together it scored lower."""
    rows, targets = [], []
    for item in items:
        for candidate, features, target in zip(item.candidates, item.features, item.targets):
            rows.append(features)
            targets.append(target)
            if rule_dropout and candidate.rule_label is not None:
                rows.append(without_rule(features))
                targets.append(target)
    return LinearModel.fit(rows, targets, c)


def restore_rules(item: Prepared) -> None:
    item.doc.ents = [SpacySpan(item.doc, s, e, label=label) for s, e, label in item.rule_ents]
    item.doc._.span_confidence = None


def predicted_document(item: Prepared, facts: list[dict[str, Any]]) -> Document:
    return doc_to_document(Article(item.gold.id, item.gold.text, item.gold.meta), item.doc, facts)


def labelled_facts(item: Prepared) -> tuple[list[dict[str, Any]], list[dict[str, float]], list[str]]:
    """The linker's facts on the doc's current spans, their features and whether each matches gold."""
    facts = link(item.doc, item.gold.meta)
    matched = {p for _, p in match_facts(list(item.gold.facts), facts)}
    targets = ["true" if i in matched else "false" for i in range(len(facts))]
    return facts, [fact_features(item.doc, f) for f in facts], targets


def scores(gold: list[Document], predicted: list[Document]) -> dict[str, Any]:
    summary = evaluate_documents(gold, predicted).summary()
    partial = next(r for r in summary["spans"]["partial"] if r["label"] == "micro")
    strict = next(r for r in summary["spans"]["strict"] if r["label"] == "micro")
    facts = next(r for r in summary["facts"] if r["type"] == "micro")
    return {
        "span_partial_f1": round(partial["f1"], 4),
        "span_strict_f1": round(strict["f1"], 4),
        "fact_precision": round(facts["precision"], 4),
        "fact_recall": round(facts["recall"], 4),
        "fact_f1": round(facts["f1"], 4),
    }


def filtered(facts: list[dict[str, Any]], probabilities: np.ndarray, threshold: float) -> list[dict[str, Any]]:
    return [{**f, "confidence": round(float(p), 4)} for f, p in zip(facts, probabilities) if p >= threshold]


def cross_validate(
    items: list[Prepared], classifier: SpanClassifier, k: int, c: float, rule_dropout: bool = False
) -> dict[str, Any]:
    """Out-of-fold span decisions and fact scores; leaves every doc with its out-of-fold spans
    and returns the figures plus the out-of-fold fact data for the fact scorer."""
    gold = [item.gold for item in items]
    rules_only = []
    for item in items:
        restore_rules(item)
        rules_only.append(predicted_document(item, link(item.doc, item.gold.meta)))
    fact_data: list[tuple[list[dict], list[dict[str, float]], list[str]]] = [([], [], [])] * len(items)
    for fold in folds(len(items), k):
        model = fit_spans([items[i] for i in range(len(items)) if i not in fold], c, rule_dropout)
        for i in fold:
            item = items[i]
            probabilities = model.probabilities(item.features)
            decisions = decode(
                item.candidates,
                probabilities,
                model.classes,
                classifier.threshold,
                classifier.drop_threshold,
                classifier.label_drop_thresholds,
            )
            write_decisions(item.doc, decisions)
            fact_data[i] = labelled_facts(item)
    classified = [predicted_document(item, fact_data[i][0]) for i, item in enumerate(items)]
    fact_probabilities = out_of_fold_fact_probabilities(fact_data, k, c)
    by_threshold = {}
    for threshold in FACT_THRESHOLDS:
        kept = [
            predicted_document(item, filtered(fact_data[i][0], fact_probabilities[i], threshold))
            for i, item in enumerate(items)
        ]
        by_threshold[threshold] = scores(gold, kept)
    best = max(FACT_THRESHOLDS, key=lambda t: (by_threshold[t]["fact_f1"], -t))
    wins = bootstrap_win_shares(fact_data, fact_probabilities, [len(g.facts) for g in gold])
    chosen = best if wins[best] >= REQUIRED_WIN_SHARE else 0.0
    return {
        "rules": scores(gold, rules_only),
        "rules+classifier": scores(gold, classified),
        "rules+classifier+fact_scorer": by_threshold[chosen],
        "fact_threshold": chosen,
        "fact_f1_by_threshold": {str(t): s["fact_f1"] for t, s in by_threshold.items()},
        "fact_threshold_win_share": {str(t): round(w, 3) for t, w in wins.items()},
        "fact_data": fact_data,
    }


def kept_counts(fact_data, probabilities: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per document and threshold: the out-of-fold facts kept that match gold, and the others."""
    true = np.zeros((len(fact_data), len(FACT_THRESHOLDS)), dtype=int)
    false = np.zeros_like(true)
    for i, ((_, _, labels), probs) in enumerate(zip(fact_data, probabilities)):
        matched = np.array([label == "true" for label in labels], dtype=bool)
        for j, threshold in enumerate(FACT_THRESHOLDS):
            kept = np.asarray(probs) >= threshold
            true[i, j], false[i, j] = np.sum(kept & matched), np.sum(kept & ~matched)
    return true, false


def bootstrap_win_shares(
    fact_data, probabilities: list[np.ndarray], gold_counts: list[int], seed: int = 0
) -> dict[float, float]:
    """Per threshold: the share of bootstrap resamples of the documents in which it gives a
    higher fact F1 than keeping every fact."""
    true, false = kept_counts(fact_data, probabilities)
    missed = np.array(gold_counts)[:, None] - true
    samples = np.random.default_rng(seed).integers(0, len(fact_data), (RESAMPLES, len(fact_data)))
    tp, fp, fn = (true[samples].sum(axis=1), false[samples].sum(axis=1), missed[samples].sum(axis=1))
    f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    return {t: float(np.mean(f1[:, j] > f1[:, 0])) for j, t in enumerate(FACT_THRESHOLDS)}


def out_of_fold_fact_probabilities(fact_data, k: int, c: float) -> list[np.ndarray]:
    probabilities: list[np.ndarray] = [np.ones(len(facts)) for facts, _, _ in fact_data]
    for fold in folds(len(fact_data), k):
        rows = [r for i, (_, rs, _) in enumerate(fact_data) if i not in fold for r in rs]
        targets = [t for i, (_, _, ts) in enumerate(fact_data) if i not in fold for t in ts]
        if len(set(targets)) < 2:
            continue
        model = LinearModel.fit(rows, targets, c)
        positive = model.classes.index("true")
        for i in fold:
            if fact_data[i][1]:
                probabilities[i] = model.probabilities(fact_data[i][1])[:, positive]
    return probabilities


def train_classifier(
    nlp_rules: Language,
    train: list[Document],
    k: int = 5,
    c: float = 1.0,
    threshold: float = 0.5,
    drop_threshold: float = 0.5,
    rule_dropout: bool = False,
) -> tuple[SpanClassifier, dict[str, Any]]:
    """A fitted classifier (span model and fact scorer) and its cross-validated figures."""
    classifier = SpanClassifier(threshold=threshold, drop_threshold=drop_threshold)
    items = prepare(nlp_rules, train, classifier)
    cv = cross_validate(items, classifier, k, c, rule_dropout)
    fact_data = cv.pop("fact_data")
    classifier.span_model = fit_spans(items, c, rule_dropout)
    fact_rows = [r for _, rs, _ in fact_data for r in rs]
    fact_targets = [t for _, _, ts in fact_data for t in ts]
    if len(set(fact_targets)) == 2:
        fact_model = LinearModel.fit(fact_rows, fact_targets, c)
        if fact_model.classes != ["false", "true"]:
            raise ValueError(f"unexpected fact classes {fact_model.classes}")
        classifier.fact_model = fact_model
        classifier.fact_threshold = cv["fact_threshold"]
    metrics = {
        "documents": len(train),
        "settings": {"c": c, "folds": k, "rule_dropout": rule_dropout, **classifier.settings()},
        "candidates": sum(len(item.candidates) for item in items),
        "candidate_labels": dict(sorted(count_labels(items).items())),
        "cross_validation": {"folds": k, **cv},
    }
    return classifier, metrics


def count_labels(items: list[Prepared]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        for target in item.targets:
            counts[target] = counts.get(target, 0) + 1
    return counts


def save_model(classifier: SpanClassifier, metrics: dict[str, Any], out: Path) -> None:
    classifier.to_disk(out)
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False), encoding="utf-8")
