"""Records shared by every stage, their JSON Lines form and their validation.

Character offsets everywhere in warta are ``start`` inclusive, ``end`` exclusive, indexing
the document text exactly as read (Python string indices, i.e. code points).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

LABELS = ("ORG", "REGION", "OFFICIAL", "METRIC", "DATE")
FACT_UNITS = {
    "participants": "persons",
    "workforce": "persons",
    "coverage_rate": "percent",
    "coverage_target": "percent",
    "rank": "rank",
    "claim_cases": "cases",
    "claim_amount": "IDR",
    "employers": "employers",
}
FACT_TYPES = tuple(FACT_UNITS)
PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP", "BEASISWA", "TOTAL")
QUALIFIERS = ("about", "over", "under")
FACT_FIELDS = (
    "type",
    "region",
    "value",
    "unit",
    "qualifier",
    "segment",
    "program",
    "out_of",
    "scope",
    "date",
    "official",
    "evidence",
    "confidence",
)


class RecordError(ValueError):
    """A record that breaks the contract; the message names the file and line."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"start": self.start, "end": self.end, "label": self.label}
        if self.confidence is not None:
            data["confidence"] = round(self.confidence, 4)
        return data


@dataclass(frozen=True)
class Document:
    """An article with its spans and facts; facts are contract-shaped dicts."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    spans: tuple[Span, ...] = ()
    facts: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "meta": self.meta,
            "spans": [s.to_dict() for s in self.spans],
            "facts": [dict(f) for f in self.facts],
        }


def full_fact(fact: dict[str, Any]) -> dict[str, Any]:
    """A fact with every contract field present (missing ones null), in contract order."""
    return {name: fact.get(name) for name in FACT_FIELDS}


def span_problems(text: str, spans: Iterable[Span]) -> list[str]:
    """Offsets outside the text, unknown labels, overlaps, spans with edge whitespace."""
    problems = []
    previous: Span | None = None
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        where = f"span {span.start}-{span.end} {span.label}"
        if span.label not in LABELS:
            problems.append(f"{where}: unknown label (labels: {', '.join(LABELS)})")
        if not 0 <= span.start < span.end <= len(text):
            problems.append(f"{where}: offsets outside the text (length {len(text)})")
            continue
        surface = text[span.start : span.end]
        if surface != surface.strip():
            problems.append(f"{where}: {surface!r} starts or ends with whitespace")
        if previous is not None and span.start < previous.end:
            problems.append(f"{where}: overlaps span {previous.start}-{previous.end}")
        previous = span
    return problems


def fact_problems(
    fact: dict[str, Any], text: str, metric_spans: set[tuple[int, int]], region_codes: set[str] | None
) -> list[str]:
    """Contract violations of one fact."""
    problems = []
    kind = fact.get("type")
    if kind not in FACT_UNITS:
        return [f"fact type {kind!r} unknown (types: {', '.join(FACT_TYPES)})"]
    if fact.get("unit") != FACT_UNITS[kind]:
        problems.append(f"{kind}: unit must be {FACT_UNITS[kind]!r}, got {fact.get('unit')!r}")
    value = fact.get("value")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        problems.append(f"{kind}: value must be a number, got {value!r}")
    region = fact.get("region")
    if not isinstance(region, dict) or not region.get("name"):
        problems.append(f"{kind}: region needs a name")
    elif region_codes is not None and region.get("code") not in (None, "ID") and region["code"] not in region_codes:
        problems.append(f"{kind}: region code {region['code']!r} is not in the gazetteer")
    if kind in ("claim_cases", "claim_amount") and fact.get("program") not in PROGRAMS:
        problems.append(f"{kind}: program must be one of {', '.join(PROGRAMS)}, got {fact.get('program')!r}")
    if fact.get("qualifier") not in (None, *QUALIFIERS):
        problems.append(f"{kind}: qualifier {fact.get('qualifier')!r} unknown")
    evidence = fact.get("evidence") or {}
    bounds = (evidence.get("start"), evidence.get("end"))
    if not all(isinstance(b, int) for b in bounds) or not 0 <= bounds[0] < bounds[1] <= len(text):
        problems.append(f"{kind}: evidence offsets {bounds} are not inside the text")
    elif metric_spans and bounds not in metric_spans:
        problems.append(f"{kind}: evidence {text[bounds[0] : bounds[1]]!r} is not a METRIC span")
    date = fact.get("date")
    if date is not None and not (isinstance(date, dict) and set(date) <= {"as_of", "start", "end"}):
        problems.append(f"{kind}: date must be null or have as_of / start / end")
    return problems


def parse_document(data: Any, region_codes: set[str] | None = None) -> Document:
    """Build a Document from a decoded JSON record, raising RecordError on any problem."""
    if not isinstance(data, dict):
        raise RecordError("record is not a JSON object")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise RecordError("record has no string 'id'")
    text = data.get("text")
    if not isinstance(text, str):
        raise RecordError(f"record {data['id']!r} has no string 'text'")
    try:
        spans = tuple(
            Span(int(s["start"]), int(s["end"]), str(s["label"]), s.get("confidence")) for s in data.get("spans") or []
        )
    except (KeyError, TypeError, ValueError) as error:
        raise RecordError(f"record {data['id']!r}: malformed span ({error})") from None
    facts = tuple(full_fact(f) if isinstance(f, dict) else f for f in data.get("facts") or [])
    problems = span_problems(text, spans)
    metric = {(s.start, s.end) for s in spans if s.label == "METRIC"}
    for index, fact in enumerate(facts):
        if not isinstance(fact, dict):
            problems.append(f"fact {index}: not an object")
            continue
        problems.extend(f"fact {index}: {p}" for p in fact_problems(fact, text, metric, region_codes))
    if problems:
        raise RecordError(f"record {data['id']!r}: " + "; ".join(problems))
    return Document(data["id"], text, dict(data.get("meta") or {}), spans, facts)


def read_jsonl(
    path: Path | str, region_codes: set[str] | None = None, errors: list[str] | None = None
) -> Iterator[Document]:
    """Yield the documents of a JSONL file.

    A bad line raises RecordError naming ``path:line``, unless ``errors`` is given: then the
    message is appended there and reading goes on with the next line.
    """
    path = Path(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield parse_document(json.loads(raw.decode("utf-8")), region_codes)
            except (UnicodeDecodeError, json.JSONDecodeError, RecordError) as error:
                message = f"{path}:{number}: {error}"
                if errors is None:
                    raise RecordError(message) from None
                errors.append(message)


def write_jsonl(path: Path | str, documents: Iterable[Document | dict[str, Any]]) -> int:
    """Write documents one per line (UTF-8, no ASCII escaping); return how many."""
    count = 0
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with Path(path).open("w", encoding="utf-8") as handle:
        for document in documents:
            record = document.to_dict() if isinstance(document, Document) else document
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def as_plain(value: Any) -> Any:
    """Dataclasses to dicts, for JSON output."""
    return asdict(value) if hasattr(value, "__dataclass_fields__") else value
