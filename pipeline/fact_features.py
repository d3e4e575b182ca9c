"""What the fact scorer sees of a linked fact (pure): its fields, the linker's own evidence
score, the span classifier's confidence in its figure, and the words around the figure."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from pipeline.figures import text_of
from pipeline.tokenize import token_table

Features = dict[str, float]


def region_level(region: dict[str, Any] | None) -> str:
    if not region:
        return "none"
    code = region.get("code")
    if code is None:
        return "group"
    if code == "ID":
        return "national"
    return "province" if "." not in code else "regency"


def value_band(fact: dict[str, Any]) -> str:
    value = float(fact.get("value") or 0)
    for limit, name in ((10, "tiny"), (100, "small"), (10_000, "thousands"), (1_000_000, "large")):
        if value < limit:
            return name
    return "huge"


def evidence_tokens(doc: Doc, fact: dict[str, Any]) -> tuple[int, int] | None:
    span = doc.char_span(fact["evidence"]["start"], fact["evidence"]["end"], alignment_mode="expand")
    return (span.start, span.end) if span is not None else None


def context_features(doc: Doc, start: int, end: int, window: int = 4) -> Features:
    table = token_table(doc)
    features: Features = {}
    for word in table.lowers[max(0, start - window) : start]:
        features[f"before={word}"] = 1.0
    for word in table.lowers[end : min(len(doc), end + window)]:
        features[f"after={word}"] = 1.0
    sentence_start, sentence_end = table.sentence_starts[start], table.sentence_ends[start]
    sentence = text_of(doc, sentence_start, sentence_end)
    features["first_sentence"] = float(sentence_start == 0)
    features["in_quote"] = float('"' in sentence or "“" in sentence)
    return features


def fact_features(doc: Doc, fact: dict[str, Any]) -> Features:
    kind = fact["type"]
    features: Features = {
        "bias": 1.0,
        f"type={kind}": 1.0,
        f"region={region_level(fact.get('region'))}": 1.0,
        f"type_region={kind}|{region_level(fact.get('region'))}": 1.0,
        f"band={kind}|{value_band(fact)}": 1.0,
        f"program={fact.get('program')}": 1.0,
        f"segment={bool(fact.get('segment'))}": 1.0,
        f"qualifier={fact.get('qualifier')}": 1.0,
        "official": float(bool(fact.get("official"))),
        "dated": float(bool(fact.get("date"))),
        "rule_confidence": float(fact.get("confidence") or 0.0),
    }
    evidence = fact["evidence"]
    span_score = (doc._.span_confidence or {}).get((evidence["start"], evidence["end"], "METRIC"))
    features["span_confidence"] = span_score if span_score is not None else 1.0
    tokens = evidence_tokens(doc, fact)
    if tokens is not None:
        features.update(context_features(doc, *tokens))
    return features
