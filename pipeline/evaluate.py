"""Scoring predictions against hand annotations, as the contract's scoring section defines.

Spans (nervaluate's MUC categories): every predicted span is *correct* (same label and
boundaries), *partial* (same label, overlapping; ``partial`` scheme only), *incorrect*
(overlapping a gold span it does not match) or *spurious* (no overlap); every gold span
no prediction overlaps is *missed*. Schemes: ``strict`` (label and boundaries),
``exact`` (boundaries only), ``partial`` (same label and overlap, half credit unless the
boundaries are exact), ``type`` (same label and overlap, full credit).
precision = (correct + 0.5 partial) / (correct + incorrect + partial + spurious),
recall = (correct + 0.5 partial) / (correct + incorrect + partial + missed).

Facts: a prediction matches a gold fact of the same document with the same type, the
same region (code, or canonical name where either code is null) and the same value
(relative difference < 0.5 %, or < 0.01 absolute for percentages); one-to-one. On
matched facts: accuracy of segment / program, date (year-month agreement; a year-only
date agrees with any date of that year) and official name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.dates import month_key
from pipeline.regions import key, resolve_region
from pipeline.schema import LABELS, Document, Span

SCHEMES = ("strict", "exact", "partial", "type")
CATEGORIES = ("correct", "incorrect", "partial", "missed", "spurious")


@dataclass
class Counts:
    """MUC category counts for one scheme and label."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(getattr(self, c) + getattr(other, c) for c in CATEGORIES))

    def scores(self) -> dict[str, float]:
        actual = self.correct + self.incorrect + self.partial + self.spurious
        possible = self.correct + self.incorrect + self.partial + self.missed
        hits = self.correct + 0.5 * self.partial
        p = hits / actual if actual else 0.0
        r = hits / possible if possible else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f}


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def score_spans_document(gold: Iterable[Span], predicted: Iterable[Span]) -> dict[str, dict[str, Counts]]:
    """Counts per scheme and label for one document."""
    counts: dict[str, dict[str, Counts]] = {s: defaultdict(Counts) for s in SCHEMES}
    gold, predicted = list(gold), list(predicted)
    matched_gold: set[int] = set()
    for pred in predicted:
        same = next((i for i, g in enumerate(gold) if (g.start, g.end) == (pred.start, pred.end)), None)
        touching = [i for i, g in enumerate(gold) if overlaps(g, pred)]
        if not touching:
            for scheme in SCHEMES:
                counts[scheme][pred.label].spurious += 1
            continue
        index = same if same is not None else next((i for i in touching if gold[i].label == pred.label), touching[0])
        matched_gold.add(index)
        target = gold[index]
        exact, same_label = (target.start, target.end) == (pred.start, pred.end), target.label == pred.label
        outcome = {
            "strict": "correct" if exact and same_label else "incorrect",
            "exact": "correct" if exact else "incorrect",
            "partial": ("correct" if exact else "partial") if same_label else "incorrect",
            "type": "correct" if same_label else "incorrect",
        }
        for scheme, category in outcome.items():
            setattr(counts[scheme][target.label], category, getattr(counts[scheme][target.label], category) + 1)
    for index, span in enumerate(gold):
        if index not in matched_gold:
            for scheme in SCHEMES:
                counts[scheme][span.label].missed += 1
    return counts


@dataclass
class FactCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def same_region(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    a, b = a or {}, b or {}
    if a.get("code") is not None and b.get("code") is not None:
        return a["code"] == b["code"]
    return canonical_name(a.get("name")) == canonical_name(b.get("name"))


def canonical_name(name: Any) -> str:
    """A group's canonical name, so that ``Sumbagsel`` and ``Sumatera Bagian Selatan`` agree."""
    ref = resolve_region(str(name or ""))
    return key(ref.name if ref is not None and ref.code is None else str(name or ""))


def same_value(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    try:
        x, y = float(gold["value"]), float(pred["value"])
    except (TypeError, ValueError, KeyError):
        return False
    if gold.get("unit") == "percent":
        return abs(x - y) < 0.01
    return x == y or abs(x - y) < 0.005 * max(abs(x), abs(y))


def facts_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return (
        gold.get("type") == pred.get("type")
        and same_region(gold.get("region"), pred.get("region"))
        and same_value(gold, pred)
    )


def dates_agree(gold: dict | None, pred: dict | None) -> bool:
    g, p = month_key(gold), month_key(pred)
    if g is None or p is None:
        return g == p
    return g == p if len(g) == 7 and len(p) == 7 else g[:4] == p[:4]


def attribute_agreement(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, bool]:
    agreement = {
        "date": dates_agree(gold.get("date"), pred.get("date")),
        "official": ((gold.get("official") or {}).get("name") or None)
        == ((pred.get("official") or {}).get("name") or None),
    }
    if gold["type"] in ("participants", "coverage_rate"):
        agreement["segment"] = gold.get("segment") == pred.get("segment")
    if gold["type"] in ("claim_cases", "claim_amount"):
        agreement["program"] = gold.get("program") == pred.get("program")
    return agreement


def match_facts(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), preferring pairs whose attributes agree."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if facts_match(g, p):
                candidates.append((-sum(attribute_agreement(g, p).values()), gi, pi))
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_pred.add(pi)
    return pairs


@dataclass
class Evaluation:
    spans: dict[str, dict[str, Counts]] = field(default_factory=lambda: {s: defaultdict(Counts) for s in SCHEMES})
    facts: dict[str, FactCounts] = field(default_factory=lambda: defaultdict(FactCounts))
    attributes: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    documents: list[dict[str, Any]] = field(default_factory=list)
    unmatched_ids: list[str] = field(default_factory=list)

    def add(self, gold: Document, pred: Document) -> None:
        for scheme, by_label in score_spans_document(gold.spans, pred.spans).items():
            for label, counts in by_label.items():
                self.spans[scheme][label] = self.spans[scheme][label] + counts
        gold_facts, pred_facts = list(gold.facts), list(pred.facts)
        pairs = match_facts(gold_facts, pred_facts)
        matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
        for gi, pi in pairs:
            self.facts[gold_facts[gi]["type"]].tp += 1
            for name, ok in attribute_agreement(gold_facts[gi], pred_facts[pi]).items():
                self.attributes[name].append(ok)
        for gi, fact in enumerate(gold_facts):
            if gi not in matched_gold:
                self.facts[fact["type"]].fn += 1
        for pi, fact in enumerate(pred_facts):
            if pi not in matched_pred:
                self.facts[fact["type"]].fp += 1
        self.documents.append(
            {
                "id": gold.id,
                "text": gold.text,
                "gold_spans": [s.to_dict() for s in gold.spans],
                "predicted_spans": [s.to_dict() for s in pred.spans],
                "missed_facts": [gold_facts[i] for i in range(len(gold_facts)) if i not in matched_gold],
                "spurious_facts": [pred_facts[i] for i in range(len(pred_facts)) if i not in matched_pred],
                "matched_facts": [{"gold": gold_facts[g], "predicted": pred_facts[p]} for g, p in pairs],
            }
        )

    def span_table(self, scheme: str) -> list[dict[str, Any]]:
        rows = []
        total = Counts()
        for label in LABELS:
            counts = self.spans[scheme].get(label, Counts())
            total = total + counts
            rows.append({"label": label, **counts.__dict__, **counts.scores()})
        rows.append({"label": "micro", **total.__dict__, **total.scores()})
        return rows

    def fact_table(self) -> list[dict[str, Any]]:
        rows, total = [], FactCounts()
        for kind in sorted(self.facts):
            counts = self.facts[kind]
            total = FactCounts(total.tp + counts.tp, total.fp + counts.fp, total.fn + counts.fn)
            rows.append({"type": kind, **counts.__dict__, **counts.scores()})
        rows.append({"type": "micro", **total.__dict__, **total.scores()})
        return rows

    def attribute_table(self) -> list[dict[str, Any]]:
        return [
            {"attribute": name, "matched": len(v), "accuracy": sum(v) / len(v) if v else 0.0}
            for name, v in sorted(self.attributes.items())
        ]

    def summary(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "spans": {scheme: self.span_table(scheme) for scheme in SCHEMES},
            "facts": self.fact_table(),
            "attributes": self.attribute_table(),
            "unmatched_ids": self.unmatched_ids,
        }


def evaluate_documents(gold: Iterable[Document], predicted: Iterable[Document]) -> Evaluation:
    """Score predictions against gold, pairing documents by id (a missing prediction is empty)."""
    by_id = {doc.id: doc for doc in predicted}
    evaluation = Evaluation()
    for document in gold:
        pred = by_id.get(document.id)
        if pred is None:
            evaluation.unmatched_ids.append(document.id)
            pred = Document(document.id, document.text)
        evaluation.add(document, pred)
    return evaluation


MISSED, SPURIOUS = "missed", "spurious"


def label_confusion(gold: Iterable[Span], predicted: Iterable[Span]) -> dict[str, dict[str, int]]:
    """Gold label × predicted label over overlapping spans of one document.

    Every overlapping (gold, predicted) pair counts once; a gold span that no prediction
    overlaps counts in column ``missed``, a prediction that overlaps no gold span in row
    ``spurious``.
    """
    gold, predicted = list(gold), list(predicted)
    matrix: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in gold:
        touching = [p for p in predicted if overlaps(g, p)]
        for p in touching:
            matrix[g.label][p.label] += 1
        if not touching:
            matrix[g.label][MISSED] += 1
    for p in predicted:
        if not any(overlaps(g, p) for g in gold):
            matrix[SPURIOUS][p.label] += 1
    return {row: dict(columns) for row, columns in matrix.items()}


def confusion_matrix(documents: Iterable[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """``label_confusion`` summed over ``Evaluation.documents``."""
    total: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for document in documents:
        gold = [Span(s["start"], s["end"], s["label"]) for s in document["gold_spans"]]
        predicted = [Span(s["start"], s["end"], s["label"]) for s in document["predicted_spans"]]
        for row, columns in label_confusion(gold, predicted).items():
            for column, count in columns.items():
                total[row][column] += count
    return {row: dict(columns) for row, columns in total.items()}


def partial_facts(matched: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Matched fact pairs (``{"gold", "predicted"}``) whose attributes disagree, naming those attributes."""
    partial = []
    for pair in matched:
        wrong = [name for name, ok in attribute_agreement(pair["gold"], pair["predicted"]).items() if not ok]
        if wrong:
            partial.append({**pair, "attributes": sorted(wrong)})
    return partial


def attribute_accuracy_by_type(documents: Iterable[dict[str, Any]]) -> dict[str, dict[str, tuple[int, int]]]:
    """Per fact type and attribute: (agreeing, matched) over the matched facts of ``Evaluation.documents``."""
    tallies: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for document in documents:
        for pair in document["matched_facts"]:
            for name, ok in attribute_agreement(pair["gold"], pair["predicted"]).items():
                tally = tallies[pair["gold"]["type"]][name]
                tally[0] += int(ok)
                tally[1] += 1
    return {kind: {name: (t[0], t[1]) for name, t in by_name.items()} for kind, by_name in tallies.items()}
